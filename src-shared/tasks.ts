/** Tasks the app can run, as named on the CLI (`--task`). */
export const TASKS = [
  'classification',
  'regression',
  'forecast',
  'segment',
  'anomaly',
  'correlation',
  'summary',
  'sentiment',
  'image',
] as const;
export type Task = (typeof TASKS)[number];

/** Tasks that fit a tabular pipeline (model.onnx from preprocessing + model). */
export type TabularTask = 'classification' | 'regression';
/** Tasks whose run leaves details and charts in task-result.json rather than a pipeline. */
export type AnalyticsTask = Exclude<Task, TabularTask | 'image'>;

/** Periods a forecast looks ahead when the goal names none. */
export const DEFAULT_HORIZON = 14;
/** Seconds a training run may take when the person sets no budget. */
export const DEFAULT_BUDGET_SECONDS = 60;

export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && (TASKS as readonly string[]).includes(value);
}

/** Model family names (issue 3). `svm` is a linear SVM; `kernel` an RBF kernel model (issue 13). */
export const MODEL_FAMILIES = [
  'linear',
  'ridge',
  'lasso',
  'elasticnet',
  'polynomial',
  'logistic',
  'svm',
  'random_forest',
  'extra_trees',
  'gradient_boosting',
  'mlp',
  'naive_bayes',
  'kernel',
  'ensemble',
  // Forecasting, segmentation, anomaly, correlation/summary and sentiment methods (issue 7).
  'seasonal_naive',
  'ets',
  'arima',
  'gbm_lags',
  'theta',
  'dhr',
  'stlf',
  'combination',
  'kmeans',
  'rfm_kmeans',
  'isolation_forest',
  'zscore',
  'iqr',
  'pearson',
  'spearman',
  'cramers_v',
  'mutual_info',
  'describe',
  'lexicon',
] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export const REGRESSION_METRICS = ['mse', 'rmse', 'mae', 'r2', 'explained_variance'] as const;
export const CLASSIFICATION_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'roc_auc',
  'log_loss',
] as const;
export type MetricName =
  | (typeof REGRESSION_METRICS)[number]
  | (typeof CLASSIFICATION_METRICS)[number]
  | 'mape'
  | 'smape'
  | 'mase'
  | 'silhouette'
  /** Fraction 0..1 of rows flagged as anomalies. */
  | 'anomaly_rate'
  /** 0..1 Jaccard overlap of an anomaly method's flags with the rows at least two methods flag. */
  | 'agreement'
  /** Strength 0..1 of the strongest factor found (|r|, Cramér's V or the MI-based coefficient). */
  | 'association'
  /** Mean VADER compound score -1..1. */
  | 'mean_compound'
  /** Fraction 0..1 of missing cells. */
  | 'missing_rate'
  /** Share 0..1 of backtest actuals inside the forecast's 80% / 95% prediction interval. */
  | 'coverage_80'
  | 'coverage_95';

/** Metrics where smaller is better. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set([
  'mse',
  'rmse',
  'mae',
  'log_loss',
  'mape',
  'smape',
  'mase',
]);
