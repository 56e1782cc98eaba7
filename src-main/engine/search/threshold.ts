import type { MetricName } from '@shared/tasks';
import { classificationMetrics, predictedClasses } from '../metrics/classification';
import { NESTED_FOLDS, nestedRows } from './nested';

/**
 * Metrics a binary decision threshold is tuned for. They weigh the two classes' errors alike however rare one
 * class is, so the 0.5 cut, which serves accuracy, is the wrong one on imbalanced classes: rpart's kyphosis (81 rows,
 * 3.8:1) was exported predicting "absent" for all 16 test rows (F1 macro 0.448 where logistic regression reached
 * 0.644) at ROC AUC 0.92. Accuracy and log loss keep the argmax; plain F1 here is support-weighted (near accuracy).
 */
export const TUNED_THRESHOLD_METRICS = new Set<MetricName>(['f1_macro', 'recall_macro']);

/** F1 (macro) or recall (macro) of binary labels from the confusion counts (scikit-learn's zero_division = 0). */
function countsMetric(metric: MetricName, tp: number, fp: number, pos: number, neg: number): number {
  const fn = pos - tp;
  const tn = neg - fp;
  if (metric === 'recall_macro') return ((pos ? tp / pos : 0) + (neg ? tn / neg : 0)) / 2;
  const f1 = (a: number, b: number): number => (2 * a + b ? (2 * a) / (2 * a + b) : 0);
  return (f1(tp, fp + fn) + f1(tn, fn + fp)) / 2;
}

/** The metric of hard labels (0/1) against y. */
function labelsMetric(metric: MetricName, y: ArrayLike<number>, labels: ArrayLike<number>): number {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) pos++;
    if (labels[i] === 1 && y[i] === 1) tp++;
    else if (labels[i] === 1) fp++;
  }
  return countsMetric(metric, tp, fp, pos, y.length - pos);
}

/**
 * The cut of p(class 1) that maximises the metric on these rows: every cut midway between two consecutive distinct
 * probabilities (rows above it are predicted class 1) is scored by one sweep down the sorted rows; ties go to the
 * cut nearest 0.5.
 */
export function bestCut(p1: ArrayLike<number>, y: ArrayLike<number>, metric: MetricName): number {
  const n = p1.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p1[b] - p1[a]);
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) pos++;
  const neg = n - pos;
  let best = countsMetric(metric, 0, 0, pos, neg);
  let bestT = order.length ? Math.min(1 - 1e-9, p1[order[0]] + 1e-9) : 0.5;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    if (y[order[k]] === 1) tp++;
    else fp++;
    // A cut only between distinct values: every row at one probability gets the same label.
    if (k + 1 < n && p1[order[k + 1]] === p1[order[k]]) continue;
    const t = k + 1 < n ? (p1[order[k]] + p1[order[k + 1]]) / 2 : Math.max(1e-9, p1[order[k]] - 1e-9);
    const s = countsMetric(metric, tp, fp, pos, neg);
    if (s > best + 1e-12 || (s > best - 1e-12 && Math.abs(t - 0.5) < Math.abs(bestT - 0.5))) {
      best = Math.max(best, s);
      bestT = t;
    }
  }
  return Math.min(Math.max(bestT, 1e-9), 1 - 1e-9);
}

export interface ThresholdChoice {
  /** Class 1 is predicted when p(class 1) > threshold (metrics/classification.ts predictedClasses). */
  threshold: number;
  /** The metric of the nested labels (each fifth's threshold chosen on the other four fifths). */
  nestedScore: number;
  /** The metric of the argmax (0.5) labels on the same rows. */
  plainScore: number;
  /** The nested labels (0/1 per row): honest validation labels of "tune the threshold, then predict". */
  nestedLabels: Int32Array;
}

/**
 * A decision threshold for a binary classifier judged on `metric`, from its out-of-fold probabilities `P` (n×2,
 * aligned with y): the best cut on all rows, kept only when the procedure wins out of sample, i.e. when a cut chosen
 * on 4/5 of the rows and applied to the other fifth (for each fifth; search/nested.ts folds) scores better than the
 * argmax on the same rows. Null when the metric is not one a threshold is tuned for, or when tuning does not win.
 */
export function chooseThreshold(P: Float64Array, y: Float64Array, metric: MetricName): ThresholdChoice | null {
  const n = y.length;
  if (!TUNED_THRESHOLD_METRICS.has(metric) || P.length !== n * 2 || n < NESTED_FOLDS * 2) return null;
  const p1 = Float64Array.from({ length: n }, (_, i) => P[i * 2 + 1]);
  const nestedLabels = new Int32Array(n);
  for (let f = 0; f < NESTED_FOLDS; f++) {
    const [fit, val] = nestedRows(n, f);
    if (!fit.length || !val.length) continue;
    const t = bestCut(
      Float64Array.from(fit, (i) => p1[i]),
      Float64Array.from(fit, (i) => y[i]),
      metric,
    );
    const rows = Float64Array.from(val.flatMap((i) => [P[i * 2], P[i * 2 + 1]]));
    predictedClasses(rows, val.length, 2, t).forEach((c, j) => (nestedLabels[val[j]] = c));
  }
  const nestedScore = labelsMetric(metric, y, nestedLabels);
  const plainScore = labelsMetric(metric, y, predictedClasses(P, n, 2));
  if (!(nestedScore > plainScore)) return null;
  return { threshold: bestCut(p1, y, metric), nestedScore, plainScore, nestedLabels };
}

/**
 * The scores of hard binary labels that depend only on the labels (accuracy, precision, recall, F1 and their macro
 * forms), as computeMetrics reports them; ROC AUC and log loss read probabilities and are left out.
 */
export function labelMetrics(y: Float64Array, labels: Int32Array): Partial<Record<MetricName, number>> {
  const oneHot = new Float64Array(labels.length * 2);
  labels.forEach((c, i) => (oneHot[i * 2 + c] = 1));
  const { roc_auc: _auc, log_loss: _loss, ...rest } = classificationMetrics(y, oneHot, 2);
  return rest;
}
