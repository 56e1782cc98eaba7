/**
 * What a retrain needs to train a challenger the way the champion was trained: the preprocessing plan, the model
 * families and budget, the metric, and where the training data and its held-out rows are. Written beside the
 * registry version at export (`training-plan.json`), read by retrain.
 */
import type { PreprocessPlan } from '@shared/project';
import type { MetricName, ModelFamily } from '@shared/tasks';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TRAINING_PLAN_FILE = 'training-plan.json';

export interface TrainingPlan {
  plan: PreprocessPlan;
  families: ModelFamily[];
  budgetSeconds: number;
  metric: MetricName;
  /** The project's copy of the training data (Parquet), when the project still has it. */
  dataPath: string | null;
  /** Rows of that data held out for testing (the champion's holdout). */
  testIndices: number[] | null;
}

export async function readTrainingPlan(versionDir: string): Promise<TrainingPlan | null> {
  try {
    return JSON.parse(await readFile(join(versionDir, TRAINING_PLAN_FILE), 'utf8')) as TrainingPlan;
  } catch {
    return null;
  }
}
