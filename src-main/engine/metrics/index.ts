import type { MetricName } from '@shared/tasks';
import { LOWER_IS_BETTER } from '@shared/tasks';
import { classificationMetrics } from './classification';
import { regressionMetrics } from './regression';

export { classificationMetrics, confusionMatrix, argmaxRows, binaryAuc } from './classification';
export { regressionMetrics } from './regression';
export { decimate, rocPr } from './curves';

/**
 * All metrics of a task from predictions: regression takes n values, classification an n×C probability matrix.
 */
export function computeMetrics(
  task: 'regression' | 'classification',
  yTrue: ArrayLike<number>,
  pred: Float64Array,
  nClasses: number,
): Partial<Record<MetricName, number>> {
  if (task === 'regression') return regressionMetrics(yTrue, pred);
  const m: Partial<Record<MetricName, number>> = { ...classificationMetrics(yTrue, pred, nClasses) };
  if (Number.isNaN(m.roc_auc)) delete m.roc_auc;
  return m;
}

/** True when a is a better score than b for this metric. */
export function better(metric: MetricName, a: number, b: number): boolean {
  return LOWER_IS_BETTER.has(metric) ? a < b : a > b;
}

/** Score oriented so that larger is better (for sorting and ensemble selection). */
export function oriented(metric: MetricName, v: number): number {
  return LOWER_IS_BETTER.has(metric) ? -v : v;
}
