import type { MetricName } from '@shared/tasks';
import { computeMetrics, oriented } from '../metrics';
import { solveRidge } from '../models/linear';
import { fitLogisticCore } from '../models/logistic';
import { applyCombiner, stackFeatures } from '../pipeline/stack-combine';
import type { StackPipeline } from '../pipeline/types';
import { NESTED_FOLDS, nestedBlend, nestedRows, takeRows } from './nested';
import { budgetNow } from '../util/budget-clock';

/** Level-2 penalties tried: C for logistic, alpha for ridge (on probabilities / values, so modest ranges). */
const LOGISTIC_C = [0.1, 1, 10];
const RIDGE_ALPHA = [0.01, 0.3, 10];

/**
 * Fewest out-of-fold rows a stack is fitted and judged on. The nested 5-fold judges it on folds of n/5 rows; under
 * 100 rows that is under 20 rows a fold, and a level-2 model over several members wins there by chance: sklearn's
 * linnerud (20 rows, 16 for training) chose a stack of 7 at validation rmse 6.5 against 11.3 for the rest, and
 * scored 29.5 on the 4 test rows where ridge scored 17.7.
 */
export const MIN_STACK_ROWS = 100;

export interface StackChoice {
  combiner: StackPipeline['combiner'];
  /** The task metric of the level-2 model on held-out out-of-fold rows (nested 5-fold), oriented (higher = better). */
  stackScore: number;
  /** The same nested estimate for Caruana's greedy blend of the same pool. */
  blendScore: number;
  /** The stack's held-out predictions on the out-of-fold rows (n×k), for the leaderboard. */
  heldOut: Float64Array;
}

function fitCombiner(
  Z: Float64Array,
  n: number,
  q: number,
  y: Float64Array,
  task: StackPipeline['task'],
  nClasses: number,
  penalty: number,
  deadline?: number,
): StackPipeline['combiner'] {
  if (task === 'regression') {
    const { coef, intercept } = solveRidge(Z, n, q, y, penalty);
    return { coef: [Array.from(coef)], intercept: [intercept], link: 'identity', penalty };
  }
  const { coef, intercept } = fitLogisticCore(Z, n, q, y, nClasses, penalty, undefined, undefined, 100, deadline);
  return { coef, intercept, link: task === 'binary' ? 'logistic' : 'softmax', penalty };
}

/**
 * Up to this many out-of-fold rows the level-2 penalty is chosen again inside each nested fold (by an inner 5-fold on
 * that fold's fit rows), so the held-out rows judge the whole procedure, penalty choice included. Choosing the
 * penalty on the same held-out rows that then score the stack favoured it on few rows (rpart's cu.summary, 68 rows,
 * 5 classes: a stack won by 0.04 log loss over the blend); above this the optimism of a choice among three penalties
 * is small against the noise rule in stack-step.ts, and the inner folds would cost five times the fits.
 */
const INNER_MAX_ROWS = 2_000;

/**
 * Nested 5-fold predictions of a combiner fitted on `rows` of Z, one prediction matrix per penalty (aligned with
 * `rows`): each fold's combiner is fitted on the other folds only.
 */
function heldOutByPenalty(
  Z: Float64Array,
  q: number,
  y: Float64Array,
  rows: number[],
  task: StackPipeline['task'],
  nClasses: number,
  penalties: number[],
  deadline: number,
): Float64Array[] {
  const m = rows.length;
  const k = task === 'regression' ? 1 : nClasses;
  const C = task === 'regression' ? 0 : nClasses;
  const held = penalties.map(() => new Float64Array(m * k));
  for (let f = 0; f < NESTED_FOLDS; f++) {
    const [fit, val] = nestedRows(m, f);
    if (!fit.length || !val.length) continue;
    const Zf = takeRows(
      Z,
      fit.map((j) => rows[j]),
      q,
    );
    const yf = Float64Array.from(fit, (j) => y[rows[j]]);
    const Zv = takeRows(
      Z,
      val.map((j) => rows[j]),
      q,
    );
    penalties.forEach((pen, p) => {
      const comb = fitCombiner(Zf, fit.length, q, yf, task, nClasses, pen, deadline);
      const out = applyCombiner(comb, Zv, val.length, q, C);
      val.forEach((j, t) => held[p].set(out.subarray(t * k, t * k + k), j * k));
    });
  }
  return held;
}

/**
 * Fits a level-2 linear model (logistic for classifiers, ridge for regression) on the pool's out-of-fold
 * predictions, choosing its penalty by 5-fold cross-validation over those rows, and estimates on nested folds both
 * the stack and Caruana's blend, so the two are compared on rows neither was fitted on. Up to INNER_MAX_ROWS rows the
 * stack's estimate is doubly nested: each held-out fold's combiner had its penalty chosen without that fold.
 * `preds[i]` is model i's out-of-fold rows (n×k, k = 1 or C), aligned with `y`.
 */
export function chooseStack(
  preds: Float64Array[],
  y: Float64Array,
  task: StackPipeline['task'],
  nClasses: number,
  metric: MetricName,
  /** Epoch ms: past it the choice is abandoned (null), the level-2 fits having been cut short. */
  deadline: number,
): StackChoice | null {
  const n = y.length;
  if (n < MIN_STACK_ROWS) return null;
  const k = task === 'regression' ? 1 : nClasses;
  const C = task === 'regression' ? 0 : nClasses;
  const metricTask = task === 'regression' ? 'regression' : 'classification';
  const { Z, q } = stackFeatures(preds, n, task, C);
  const penalties = task === 'regression' ? RIDGE_ALPHA : LOGISTIC_C;
  // The penalty is chosen on log loss (classifiers) or the metric (regression): smooth and proper.
  const chooseBy: MetricName = metricTask === 'classification' ? 'log_loss' : metric;
  const bestPenalty = (held: Float64Array[], yRows: Float64Array): number => {
    const smooth = held.map((h) => oriented(chooseBy, computeMetrics(metricTask, yRows, h, nClasses)[chooseBy] ?? NaN));
    return penalties[Math.max(0, smooth.indexOf(Math.max(...smooth.map((s) => (Number.isFinite(s) ? s : -Infinity)))))];
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const held = heldOutByPenalty(Z, q, y, all, task, nClasses, penalties, deadline);
  const penalty = bestPenalty(held, y);
  let heldOut = held[penalties.indexOf(penalty)];
  if (n <= INNER_MAX_ROWS) {
    heldOut = new Float64Array(n * k);
    for (let f = 0; f < NESTED_FOLDS; f++) {
      const [fit, val] = nestedRows(n, f);
      if (!fit.length || !val.length) continue;
      const yf = Float64Array.from(fit, (i) => y[i]);
      const pen = bestPenalty(heldOutByPenalty(Z, q, y, fit, task, nClasses, penalties, deadline), yf);
      const comb = fitCombiner(takeRows(Z, fit, q), fit.length, q, yf, task, nClasses, pen, deadline);
      const out = applyCombiner(comb, takeRows(Z, val, q), val.length, q, C);
      val.forEach((i, t) => heldOut.set(out.subarray(t * k, t * k + k), i * k));
    }
  }
  const blendMetric: MetricName = metricTask === 'classification' ? 'log_loss' : metric;
  const blended = nestedBlend(preds, y, metricTask, nClasses, blendMetric);
  const score = (p: Float64Array): number =>
    oriented(metric, computeMetrics(metricTask, y, p, nClasses)[metric] ?? NaN) || -Infinity;
  const combiner = fitCombiner(Z, n, q, y, task, nClasses, penalty, deadline);
  if (budgetNow() > deadline) return null;
  return { combiner, stackScore: score(heldOut), blendScore: score(blended), heldOut };
}
