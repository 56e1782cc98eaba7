import type { MetricName } from '@shared/tasks';

/**
 * The metric models are chosen by (search, blend, stack, final choice) for a run judged on `metric`. Accuracy is a
 * step function of the probabilities: among dozens of close candidates on a small table its out-of-fold value mostly
 * ranks noise, so classifiers judged on accuracy are chosen by out-of-fold log loss, a smooth proper score of the same
 * predictions (prefer-simple.test.ts measures the difference). Other metrics choose by themselves.
 */
export function selectionMetric(task: 'regression' | 'classification', metric: MetricName): MetricName {
  return task === 'classification' && metric === 'accuracy' ? 'log_loss' : metric;
}

/**
 * The one-standard-error rule (Breiman et al.; Hastie, Tibshirani & Friedman, ESL 7.10) between the winner of the
 * search and the best regularised linear model: keep the winner only when its out-of-fold loss is lower than the
 * linear model's by more than one standard error of the paired per-row difference; otherwise the simpler model.
 *
 * Why: the winner is the maximum of dozens of noisy cross-validated scores (most of them boosted-tree draws of the
 * random search), so its score is biased upwards by the choice itself, most on small tables. A linear model that is
 * within noise of it generalises at least as well there, and on large tables the standard error is small, so a real
 * gain of the complex model is kept.
 *
 * Per-row loss: log loss of the true class for classifiers (probability rows, as computeMetrics reads them), squared
 * error for regression.
 */
export function rowLosses(
  task: 'regression' | 'classification',
  y: Float64Array,
  pred: Float64Array,
  nClasses: number,
): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  if (task === 'regression') {
    for (let i = 0; i < n; i++) out[i] = (pred[i] - y[i]) ** 2;
    return out;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < nClasses; c++) s += pred[i * nClasses + c];
    const p = pred[i * nClasses + y[i]] / (s || 1);
    out[i] = -Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
  }
  return out;
}

/** Mean and standard error of the paired per-row difference a - b. */
export function pairedDifference(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  const n = a.length;
  if (n < 2) return { mean: 0, se: Infinity };
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] - b[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a[i] - b[i] - mean) ** 2;
  return { mean, se: Math.sqrt(v / (n - 1) / n) };
}

/**
 * True when the winner's out-of-fold predictions are better than the simple model's by more than one standard error
 * of the paired per-row loss difference (so the winner is kept); false when the simple model should be chosen.
 */
export function winsBeyondNoise(
  task: 'regression' | 'classification',
  y: Float64Array,
  winner: Float64Array,
  simple: Float64Array,
  nClasses: number,
): boolean {
  const { mean, se } = pairedDifference(rowLosses(task, y, simple, nClasses), rowLosses(task, y, winner, nClasses));
  return mean > se;
}
