/**
 * One dataset of the accuracy benchmark with the app's whole leaderboard: every configuration's family, parameters,
 * seconds on the budget clock, repeats, validation (out-of-fold) and test score. For finding where a run's time and
 * accuracy go. Same data and split as index.ts (run index.ts once first to prepare the data).
 *   AUTOML_BUDGET_CLOCK=cpu npx tsx --tsconfig tsconfig.node.json bench/accuracy/one.ts soybean [--budget 60]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFamily } from '@shared/tasks';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import { candidateModels, defaultPlan } from '../../src-main/engine/tabular/plan';
import { quickProfile } from '../../src-main/engine/tabular/quick-profile';
import { trainTabular } from '../../src-main/engine/tabular/train';

const DATA = join(__dirname, '..', '.data', 'accuracy');

async function main(): Promise<void> {
  const name = process.argv[2];
  const i = process.argv.indexOf('--budget');
  const budget = i >= 0 ? Number(process.argv[i + 1]) : 60;
  const spec = JSON.parse(readFileSync(join(DATA, `${name}.json`), 'utf8')) as {
    target: string;
    task: 'regression' | 'classification';
    text: string[];
    test: number[];
  };
  const path = join(DATA, `${name}.csv`);
  const frame = await loadFrame(path, { kinds: Object.fromEntries(spec.text.map((t) => [t, 'text' as const])) });
  const profile = quickProfile(frame, spec.target);
  const plan = defaultPlan(profile, { task: spec.task, target: spec.target });
  const models = candidateModels(spec.task, profile)
    .candidates.filter((c) => c.selected)
    .map((c) => c.family) as ModelFamily[];
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
      artifactDir: join(DATA, 'runs', name),
      testIndices: spec.test,
      seed: 0,
    },
    { signal: new AbortController().signal, emit: () => {} },
  );
  const cpu = process.cpuUsage(cpu0);
  const m = spec.task === 'classification' ? 'accuracy' : 'r2';
  for (const r of res.summary.leaderboard)
    console.log(
      [
        r.modelId.padEnd(22),
        r.fitSeconds.toFixed(2).padStart(7),
        (r.metrics[m] ?? NaN).toFixed(4),
        (r.testMetrics?.[m] ?? NaN).toFixed(4),
        JSON.stringify(r.params),
      ].join('  '),
    );
  console.log(
    `${name}: best ${res.summary.bestModelId}, ${((Date.now() - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, models in: ${models.join(',')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
