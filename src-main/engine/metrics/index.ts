import type { MetricName } from '@shared/tasks';
import { LOWER_IS_BETTER } from '@shared/tasks';
import { argmaxRows, classificationMetrics, logLoss } from './classification';
import { regressionMetrics } from './regression';

export {
  classificationMetrics,
  confusionMatrix,
  argmaxRows,
  binaryAuc,
  logLoss,
  predictedClasses,
} from './classification';
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
  /** Binary only: labels read at this threshold of p(class 1) (metrics/classification.ts predictedClasses). */
  threshold?: number,
): Partial<Record<MetricName, number>> {
  if (task === 'regression') return regressionMetrics(yTrue, pred);
  const m: Partial<Record<MetricName, number>> = { ...classificationMetrics(yTrue, pred, nClasses, threshold) };
  if (Number.isNaN(m.roc_auc)) delete m.roc_auc;
  return m;
}

/**
 * One metric, the same value computeMetrics reports, without computing the others: model selection scores
 * thousands of candidate predictions (blend rounds, nested folds), and a multiclass ROC-AUC sorts the rows once per
 * class (a 20-model blend of 5,000 rows x 10 classes spent 10 s of CPU on metrics it did not read).
 */
export function metricValue(
  task: 'regression' | 'classification',
  yTrue: ArrayLike<number>,
  pred: Float64Array,
  nClasses: number,
  metric: MetricName,
): number {
  if (task === 'classification' && metric === 'log_loss') return logLoss(yTrue, pred, nClasses);
  if (task === 'classification' && metric === 'accuracy') {
    const hit = argmaxRows(pred, yTrue.length, nClasses);
    let correct = 0;
    for (let i = 0; i < yTrue.length; i++) if (hit[i] === yTrue[i]) correct++;
    return correct / yTrue.length;
  }
  return computeMetrics(task, yTrue, pred, nClasses)[metric] ?? NaN;
}

/** True when a is a better score than b for this metric. */
export function better(metric: MetricName, a: number, b: number): boolean {
  return LOWER_IS_BETTER.has(metric) ? a < b : a > b;
}

/** Score oriented so that larger is better (for sorting and ensemble selection). */
export function oriented(metric: MetricName, v: number): number {
  return LOWER_IS_BETTER.has(metric) ? -v : v;
}
