/**
 * Test support: runs the real engine (ingest, profile, plan, train with a small budget) on a data file and returns
 * everything the report, notebook and bundle need, as the conductor would hand it over. Not used by the app.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Emit } from '@shared/events';
import type { DataProfile, DatasetInfo, Intent, PreprocessPlan, TrainingSummary } from '@shared/project';
import type { ModelFamily } from '@shared/tasks';
import { ingestFile } from '../../engine/ingest/ingest-file';
import type { FittedPipeline } from '../../engine/pipeline/types';
import { profileDataset } from '../../engine/profile/profile-dataset';
import { defaultPlan } from '../../engine/tabular/plan';
import { trainTabular } from '../../engine/tabular/train';

export interface RealRun {
  dir: string;
  dataset: DatasetInfo;
  intent: Intent;
  profile: DataProfile;
  plan: PreprocessPlan;
  training: TrainingSummary;
  pipeline: FittedPipeline;
  split: { testIndices: number[]; seed: number; testFraction: number };
  holdoutPath: string;
}

export async function realRun(opts: {
  file: string;
  task: 'regression' | 'classification';
  target: string;
  models: ModelFamily[];
  budgetSeconds: number;
  goal?: string;
}): Promise<RealRun> {
  const dir = await mkdtemp(join(tmpdir(), 'export-real-run-'));
  const ctx = { signal: new AbortController().signal, emit: (() => undefined) as Emit };
  const dataset = await ingestFile(opts.file, join(dir, 'data'), { originalName: basename(opts.file) });
  const profile = await profileDataset(dataset.path, { target: opts.target }, ctx);
  const intent: Intent = {
    task: opts.task,
    target: opts.target,
    horizon: null,
    k: null,
    date: null,
    confidence: 0.9,
    alternatives: [],
    explanation: `Predict ${opts.target} (${opts.task}) from the other columns.`,
  };
  const plan = defaultPlan(profile, intent);
  const result = await trainTabular(
    {
      dataPath: dataset.path,
      task: opts.task,
      target: opts.target,
      plan,
      models: opts.models,
      budgetSeconds: opts.budgetSeconds,
      artifactDir: join(dir, 'artifacts'),
      seed: 7,
    },
    ctx,
  );
  const pipeline = JSON.parse(await readFile(result.bestPipelinePath, 'utf8')) as FittedPipeline;
  const split = JSON.parse(await readFile(result.splitPath, 'utf8')) as RealRun['split'];
  return {
    dir,
    dataset,
    intent,
    profile,
    plan,
    training: result.summary,
    pipeline,
    split,
    holdoutPath: result.holdoutPath,
  };
}
