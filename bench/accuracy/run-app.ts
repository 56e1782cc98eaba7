/** Trains the app on one prepared bench dataset (bench/.data/accuracy/<name>.csv + .json) as the wizard would. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emit, TrainingEvent } from '@shared/events';
import type { ModelFamily } from '@shared/tasks';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import { candidateModels, defaultPlan } from '../../src-main/engine/tabular/plan';
import { quickProfile } from '../../src-main/engine/tabular/quick-profile';
import { trainTabular, type TabularTrainResult } from '../../src-main/engine/tabular/train';

export const DATA = join(__dirname, '..', '.data', 'accuracy');

export interface Spec {
  name: string;
  target: string;
  task: 'regression' | 'classification';
  text: string[];
  test: number[];
  /** Rows of the prepared table (target present). */
  rows: number;
}

/** The spec of a prepared set in `dir` (default: bench/accuracy's data; bench/small's sets are in their own). */
export function readSpec(name: string, dir = DATA): Spec {
  return { name, ...(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Omit<Spec, 'name'>) };
}

/**
 * The app's run with the default plan and selected families, seed 0 and the spec's test rows (the fixed split, or a
 * seeded split's rows put in `spec.test`); `runName` names its artifact folder under runs/ (default: the set's name).
 */
export async function trainApp(
  spec: Spec,
  budget: number,
  emit: Emit<TrainingEvent> = () => {},
  runName = spec.name,
): Promise<{ res: TabularTrainResult; models: ModelFamily[]; seconds: number; cpuSeconds: number }> {
  const path = join(DATA, `${spec.name}.csv`);
  const kinds = Object.fromEntries(spec.text.map((t) => [t, 'text' as const]));
  const frame = await loadFrame(path, { kinds });
  const profile = quickProfile(frame, spec.target);
  const plan = defaultPlan(profile, { task: spec.task, target: spec.target });
  const selection = candidateModels(spec.task, profile);
  const models = selection.candidates.filter((c) => c.selected).map((c) => c.family) as ModelFamily[];
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const res = await trainTabular(
    {
      dataPath: path,
      task: spec.task,
      target: spec.target,
      plan,
      models,
      budgetSeconds: budget,
      artifactDir: join(DATA, 'runs', runName),
      testIndices: spec.test,
      seed: 0,
    },
    { signal: new AbortController().signal, emit },
  );
  const used = process.cpuUsage(cpu0);
  return { res, models, seconds: (Date.now() - t0) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}
