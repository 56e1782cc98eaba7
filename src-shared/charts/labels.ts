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
};

/** A metric's display name ("rmse" → "RMSE"); unknown names are returned as given. */
export function metricLabel(name: string): string {
  return METRIC_LABELS[name] ?? name;
}

/** True when a smaller value of the metric is better (errors, losses). */
export function lowerIsBetter(name: string): boolean {
  return LOWER_IS_BETTER.has(name) || name === 'loss';
}

/** Metrics that are fractions 0..1 and read best as percentages. */
export function isRateMetric(name: string): boolean {
  return ['accuracy', 'precision', 'recall', 'f1', 'precision_macro', 'recall_macro', 'f1_macro', 'roc_auc', 'mape', 'smape'].includes(name);
}
