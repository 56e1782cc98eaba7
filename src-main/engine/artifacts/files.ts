/**
 * The artifact vocabulary: every file a training run leaves in a project's `artifacts/` folder, and every file
 * of an exported bundle. Nothing else names these files; JSON artifacts are read and written through
 * `./store.ts`, which types each one (`JsonArtifacts`).
 */
export const ARTIFACT_FILES = {
  /** Tabular: the best fitted pipeline (the model REVIEW_EDIT picks by default). */
  pipeline: 'pipeline.json',
  /** Tabular: the best model's pipeline and the background its predictions are explained against (`ExplainerFile`). */
  explainer: 'explainer.json',
  /** Tabular: the train/validation/test split (row indices into the stored data), for the notebook. */
  split: 'split.json',
  /** Tabular: every trial's row, best first. */
  leaderboard: 'leaderboard.json',
  /** Tabular: the best model's predictions on the held-out rows. */
  holdout: 'holdout.csv',
  /** Image: validation predictions per picture. */
  imageHoldout: 'holdout-predictions.csv',
  /** Image: labels, input contract, backbone and head (`ImageModelJson`). */
  imageModel: 'image-model.json',
  /** Image and segmentation: the model as one ONNX graph. */
  onnx: 'model.onnx',
  /** Analytics tasks: details and charts for the review and the report (`TaskResultFile`). */
  taskResult: 'task-result.json',
  /** Forecast: what is needed to forecast again from new history (`ForecastModelJson`). */
  forecastModel: 'forecast-model.json',
  /** Segmentation: what is needed to assign new rows (`SegmentModelJson`). */
  segmentModel: 'segment-model.json',
  /** Anomalies: the columns, the fitted forest and the flagging rule, to score new rows (`AnomalyModelJson`). */
  anomalyModel: 'anomaly-model.json',
  forecast: 'forecast.csv',
  segments: 'segments.csv',
  anomalyScores: 'scores.csv',
  sentiment: 'sentiment.csv',
  factors: 'factors.csv',
  summary: 'summary.csv',
} as const;

export type ArtifactKey = keyof typeof ARTIFACT_FILES;

/** Tabular: the search's finished trials, one JSON line each after a header (`tabular/trial-log.ts`). */
export const TRIAL_LOG = 'trials.jsonl';
/** Tabular: a finished trial's pipeline as the search fitted it (before any refit), for continuing the search. */
export const trialPipelineFile = (modelId: string): string => `trial-${modelId}.json`;

/** Tabular: one trial's fitted pipeline (`ensemble` for the blend). */
export const pipelineFile = (modelId: string): string => `pipeline-${modelId}.json`;

/** The files of an exported bundle (and of a registry version: model.onnx and model.json). */
export const BUNDLE_FILES = {
  onnx: 'model.onnx',
  modelJson: 'model.json',
  /** Tabular: what explaining predictions needs (`automl predict --explain`, the Predict screen's waterfall). */
  explainer: 'explainer.json',
  report: 'report.html',
  notebook: 'notebook.ipynb',
  /** The training data as CSV (so the notebook runs as is), up to a size limit. */
  data: 'data.csv',
  profile: 'profile.json',
  predictions: 'predictions.csv',
  forecast: 'forecast.csv',
  segments: 'segments.csv',
  anomalyScores: 'anomaly-scores.csv',
  sentiment: 'sentiment.csv',
  factors: 'factors.csv',
  summary: 'summary.csv',
} as const;

export type BundleFileKey = keyof typeof BUNDLE_FILES;

/** Each task's per-row output: the artifact it is copied from and its name in the bundle. */
export const ROW_OUTPUTS: ReadonlyArray<{ artifact: ArtifactKey; bundle: BundleFileKey }> = [
  { artifact: 'holdout', bundle: 'predictions' },
  { artifact: 'imageHoldout', bundle: 'predictions' },
  { artifact: 'forecast', bundle: 'forecast' },
  { artifact: 'segments', bundle: 'segments' },
  { artifact: 'anomalyScores', bundle: 'anomalyScores' },
  { artifact: 'sentiment', bundle: 'sentiment' },
  { artifact: 'factors', bundle: 'factors' },
  { artifact: 'summary', bundle: 'summary' },
];
