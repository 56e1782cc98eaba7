import { localize } from '../locale';
import { LOWER_IS_BETTER } from '../tasks';

const METRIC_LABELS: Record<string, string> = {
  mse: 'MSE',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  explained_variance: 'Explained variance',
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  precision_macro: 'Precision (macro)',
  recall_macro: 'Recall (macro)',
  f1_macro: 'F1 (macro)',
  roc_auc: 'ROC AUC',
  log_loss: 'Log loss',
  mape: 'MAPE',
  smape: 'sMAPE',
  mase: 'MASE',
  silhouette: 'Silhouette',
  loss: 'Loss',
  anomaly_rate: 'Anomaly rate',
  agreement: 'Agreement',
  mean_compound: 'Mean compound score',
  association: 'Association',
  missing_rate: 'Missing cells',
  coverage_80: '80% interval coverage',
  coverage_95: '95% interval coverage',
};

/**
 * Metrics that describe a run rather than grade it (how many rows were flagged, the average sentiment):
 * leaderboards keep the engine's order for them and claim no "better" direction.
 */
export function isDescriptiveMetric(name: string): boolean {
  return [
    'anomaly_rate',
    'agreement',
    'mean_compound',
    'association',
    'missing_rate',
    'coverage_80',
    'coverage_95',
  ].includes(name);
}

/** A metric's display name ("rmse" → "RMSE"); unknown names are returned as given. */
export function metricLabel(name: string): string {
  return METRIC_LABELS[name] ?? name;
}

/**
 * Why the exported model is not the top of the ranking the person reads, in one sentence ('' when it is the top).
 * Classifiers are chosen by log loss, and a simpler or steadier model is kept when the gap is within noise: Chile's
 * vote exported an ensemble at 64.5% accuracy below a random forest at 64.9%, with no word of why.
 */
export function chosenBySentence(t: {
  metric: string;
  selectedBy?: string;
  bestModelId: string | null;
  leaderboard: ReadonlyArray<{ modelId: string; status: string; metrics: Partial<Record<string, number>> }>;
}): string {
  const value = (r: (typeof t.leaderboard)[number]) => r.metrics[t.metric];
  const scored = t.leaderboard.filter((r) => r.status === 'done' && typeof value(r) === 'number');
  const best = scored.find((r) => r.modelId === t.bestModelId);
  if (!best || isDescriptiveMetric(t.metric)) return '';
  const sign = lowerIsBetter(t.metric) ? -1 : 1;
  if (!scored.some((r) => sign * ((value(r) as number) - (value(best) as number)) > 0)) return '';
  const name = metricLabel(t.metric);
  if (t.selectedBy && t.selectedBy !== t.metric) {
    const by = t.selectedBy === 'log_loss' ? 'log loss (how well its probabilities fit)' : metricLabel(t.selectedBy);
    return `The model to export is chosen by validation ${by} rather than ${name}, and a simpler model is kept when the gap is within noise, so it need not top the ${name} ranking.`;
  }
  return `The model to export need not top the ${name} ranking: a simpler or steadier model is kept when the gap is within noise.`;
}

/** True when a smaller value of the metric is better (errors, losses). */
export function lowerIsBetter(name: string): boolean {
  return LOWER_IS_BETTER.has(name) || name === 'loss';
}

/** Metrics that are fractions 0..1 and read best as percentages. */
export function isRateMetric(name: string): boolean {
  return [
    'accuracy',
    'precision',
    'recall',
    'f1',
    'precision_macro',
    'recall_macro',
    'f1_macro',
    'roc_auc',
    'anomaly_rate',
    'missing_rate',
    'coverage_80',
    'coverage_95',
  ].includes(name);
}

/** Metrics the engine already reports in percent (0..100+), e.g. MAPE 4.2 means 4.2 %. */
export function isPercentMetric(name: string): boolean {
  return name === 'mape' || name === 'smape';
}

/**
 * A metric value for a table or a card: rates as percentages (91.2%), percent metrics with their
 * sign (4.03%), others with four significant digits (3.200, 12.35), large values as integers (12,346).
 */
export function formatMetric(name: string, v: number | undefined | null): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '–';
  return localize(metricEnglish(name, v));
}

function metricEnglish(name: string, v: number): string {
  if (isRateMetric(name)) return `${(v * 100).toFixed(1)}%`;
  if (isPercentMetric(name)) return `${v.toFixed(2)}%`;
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(2);
  return v.toPrecision(4);
}
