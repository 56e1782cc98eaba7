import type { Params } from '../models/fit-types';
import { budgetNow } from '../util/budget-clock';
import { fitOn, pipelineOf, predictTest, type TrainData, type Trial } from './evaluate';

/** Families refitted on all training rows in holdout mode (the MLP keeps its early-stopped holdout fit). */
const REFIT = new Set<string>([
  'gradient_boosting',
  'random_forest',
  'extra_trees',
  'logistic',
  'ridge',
  'linear',
  'lasso',
  'elasticnet',
  'svm',
  'naive_bayes',
]);

/**
 * Holdout mode (and time split): a configuration's model was fitted on the training rows minus the validation
 * rows. This refits it on all training rows, boosting with the number of rounds the validation rows chose, so the
 * final model sees 25% more data (k-fold configurations are bags of fold models already and are left alone).
 * Returns the trial with the new pipeline and test predictions (its validation predictions stay the holdout ones),
 * or null when the refit does not apply or could not finish its rounds before the deadline.
 */
export async function refitOnAllRows(
  data: TrainData,
  trial: Trial,
  ctx: { signal: AbortSignal; deadline: number },
): Promise<Trial | null> {
  if (data.split.mode === 'kfold' || trial.pipeline.kind !== 'single' || !REFIT.has(trial.family)) return null;
  const boosted = trial.family === 'gradient_boosting';
  const rounds = trial.bestIteration ?? 0;
  if (boosted && rounds < 10) return null;
  const params: Params = boosted ? { ...trial.params, n_estimators: rounds, early_stopping: false } : trial.params;
  const fr = await fitOn(data, trial.family, params, data.split.train, null, {
    signal: ctx.signal,
    deadline: ctx.deadline,
  });
  // Cut short by the deadline (fewer rounds, or an iterate short of convergence): keep the holdout model.
  if (budgetNow() > ctx.deadline) return null;
  const m = fr.model;
  const perRound = m.family === 'gradient_boosting' ? m.baseScore.length : 1;
  const wanted = boosted ? rounds : typeof params.n_estimators === 'number' ? params.n_estimators : 0;
  if ((m.family === 'gradient_boosting' || m.family === 'random_forest' || m.family === 'extra_trees') && wanted) {
    if (m.trees.length < wanted * perRound) return null;
  }
  return { ...trial, pipeline: pipelineOf(data, fr), testPred: predictTest(data, fr) };
}
