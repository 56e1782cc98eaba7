/**
 * Models in use (issue 15): what the prediction log, feedback, drift checks, alerts and champion-vs-challenger
 * comparisons of a registered model look like to the screens and the command line. Plain data only.
 */
import type { MetricName, Task } from './tasks';

/** What is kept of each scored batch: everything, the row keys with predictions, or summary statistics only. */
export type LogRows = 'all' | 'predictions' | 'none';

/** Thresholds for drift and metric alerts (the person may change every one). */
export interface MonitorThresholds {
  /** Population stability index at which a feature is worth watching / raises an alert. */
  psiWatch: number;
  psiAlert: number;
  /** Change of a feature's share of missing values (absolute, 0..1) that raises an alert. */
  missingAlert: number;
  /** Share of rows (0..1) holding a category the model never saw that raises an alert. */
  unseenAlert: number;
  /** Worsening of the live metric against the training level, in percent, that raises an alert. */
  metricDropPct: number;
  /** Batches smaller than this are summarised but raise no drift alert (too few rows to tell). */
  minRows: number;
}

export const DEFAULT_THRESHOLDS: MonitorThresholds = {
  psiWatch: 0.1,
  psiAlert: 0.25,
  missingAlert: 0.1,
  unseenAlert: 0.05,
  metricDropPct: 10,
  minRows: 200,
};

/** Per-model monitoring settings (data folder `monitor/<model-id>/settings.json`). */
export interface MonitorSettings {
  logRows: LogRows;
  /** The column naming each row (customer id, order number); null: a hash of the row's model inputs. */
  keyColumn: string | null;
  /** Logged rows older than this many days are removed (batch summaries stay). */
  retentionDays: number;
  /** At most this many logged rows are kept; the oldest batches' rows go first (batch summaries stay). */
  maxRows: number;
  thresholds: MonitorThresholds;
  /** A challenger replaces the champion only when better by at least this much, in percent of the champion's score. */
  promoteMarginPct: number;
  /** Share (0..1) of the newest labelled rows held back from a retrain to compare champion and challenger. */
  windowFraction: number;
  /**
   * Shadow mode: a version (not the active one) that scores every logged batch beside the active version. Its
   * predictions are logged with role 'shadow' and never returned; null: off.
   */
  shadowVersion: number | null;
}

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
  logRows: 'all',
  keyColumn: null,
  retentionDays: 365,
  maxRows: 2_000_000,
  thresholds: DEFAULT_THRESHOLDS,
  promoteMarginPct: 1,
  windowFraction: 0.2,
  shadowVersion: null,
};

export type DriftLevel = 'ok' | 'watch' | 'alert';

/** Summary statistics of one input column over one batch. Numbers over the cells that parse as numbers. */
export interface FeatureStats {
  feature: string;
  count: number;
  missing: number;
  mean?: number;
  std?: number;
  min?: number;
  max?: number;
  /** Distinct values (approximate above a few thousand). */
  distinct?: number;
  /** Most frequent values, most frequent first (categorical columns, at most 5). */
  top?: Array<{ value: string; count: number }>;
}

/** How one input column of a batch compares with the training data. */
export interface FeatureDrift {
  feature: string;
  kind: 'numeric' | 'categorical' | 'other';
  /** Population stability index over the training bins (null: no training distribution for this column). */
  psi: number | null;
  /** Two-sample Kolmogorov–Smirnov statistic and p-value (numeric columns). */
  ks?: { d: number; p: number };
  /** Chi-square test of the batch's categories against the training shares (categorical columns). */
  chi2?: { stat: number; df: number; p: number };
  missingRate: number;
  trainingMissingRate: number;
  /** Share of rows whose category the model never saw, with a few of those values. */
  unseenShare?: number;
  unseenExamples?: string[];
  level: DriftLevel;
  /** Why the level is what it is, in plain words (empty when ok). */
  reasons: string[];
}

/** How the predictions of a batch compare with the predictions on the training holdout. */
export interface PredictionDrift {
  psi: number | null;
  /** Classification: each class's share in the batch and on the holdout. */
  classShares?: Array<{ label: string; batch: number; training: number }>;
  /** Regression: mean prediction in the batch and on the holdout. */
  mean?: { batch: number; training: number };
  level: DriftLevel;
}

/** One logged batch of predictions. */
export interface BatchSummary {
  batchId: string;
  version: number;
  /** `shadow`: a candidate's predictions on the same rows, logged beside the active version's. */
  role: 'champion' | 'shadow';
  /** For a shadow batch: the champion batch it shadows. */
  shadowOf?: string;
  /** Epoch ms. */
  at: number;
  source: 'app' | 'cli' | 'bundle';
  fileName: string;
  rows: number;
  /** What of the rows is still in the log (retention and the size cap remove rows, never summaries). */
  logged: LogRows;
  stats: FeatureStats[];
  drift: FeatureDrift[];
  prediction: PredictionDrift;
  /** The worst drift level of the batch (features and predictions). */
  level: DriftLevel;
  /** True when the batch has too few rows for drift alerts. */
  small: boolean;
}

/** The monitoring outcome of one predict call, returned with its predictions. */
export interface BatchLogged {
  modelId: string;
  version: number;
  batchId: string;
  level: DriftLevel;
  /** Alerts this batch opened. */
  opened: MonitorAlert[];
  /** Set when the predictions were made but could not be logged (they are still written). */
  note?: string;
}

/** A column of a drift alert: the measure that crossed its line, and why, in words. */
export interface DriftedColumn {
  name: string;
  /** Which measure crossed its line: the PSI, the share of unseen categories, or the change of the missing share. */
  measure: 'psi' | 'unseen' | 'missing';
  value: number;
  threshold: number;
  /** "distribution moved (PSI 0.52, KS 0.31)"… */
  reasons: string[];
}

export interface MonitorAlert {
  alertId: string;
  modelId: string;
  version: number;
  kind: 'drift' | 'prediction-drift' | 'metric';
  /** The feature, or the metric, the alert is about; for input drift the drifted columns, comma-separated. */
  subject: string;
  /**
   * Input drift: every column past its line in the newest batch that raised or refreshed the alert, strongest first.
   * Columns that move together (one change upstream) make one alert, not one each. Absent on other kinds, and on
   * drift alerts logged before 7 Dec 2026 (one column each, named by `subject`).
   */
  columns?: DriftedColumn[];
  value: number;
  threshold: number;
  /** One sentence: what crossed which line, and what to do. */
  message: string;
  batchId: string | null;
  openedAt: number;
  closedAt?: number;
  closedReason?: string;
}

/** A metric computed on rows whose true outcome came back. */
export interface MetricPoint {
  /** The batch, or the week (ISO date of its Monday, UTC). */
  key: string;
  /** Epoch ms: the batch time, or the week's start. */
  at: number;
  version: number;
  n: number;
  metrics: Partial<Record<MetricName, number>>;
}

/** Where the model errs most: a range of a numeric input or a category, with its error against the overall. */
export interface ErrorSegment {
  feature: string;
  segment: string;
  n: number;
  /** Error rate (classification) or RMSE (regression) in the segment, and over all matched rows. */
  error: number;
  overall: number;
}

/** Calibration of the probabilities: predicted probability against how often it came true, in bins. */
export interface Calibration {
  /** What is calibrated: the positive class (binary), else the confidence of the predicted class. */
  of: string;
  bins: Array<{ from: number; to: number; n: number; predicted: number; observed: number }>;
  /** Expected calibration error and Brier score over the matched rows. */
  ece: number;
  brier: number;
}

/** What an outcomes upload did. */
export interface FeedbackReport {
  received: number;
  matched: number;
  /** Outcomes whose key matched no logged prediction (with a few of the keys). */
  unmatched: number;
  unmatchedKeys: string[];
  /** Why rows did not match, in plain words, when it can be told. */
  unmatchedHint?: string;
  /** Rows without an outcome value, skipped. */
  empty: number;
  keyBy: string;
  outcomeColumn: string;
}

/** The live quality of a model version from the outcomes that came back. */
export interface Evaluation {
  version: number;
  matched: number;
  perBatch: MetricPoint[];
  perWeek: MetricPoint[];
  errors: ErrorSegment[];
  calibration: Calibration | null;
  /** Set when error segments cannot be computed (the input rows are not logged). */
  errorsNote?: string;
}

/** A registry version change, with who made it and why. */
export interface VersionChange {
  at: number;
  version: number;
  from: number | null;
  kind: 'promote' | 'rollback' | 'activate' | 'candidate';
  reason: string;
}

/** One model's score in a champion-vs-challenger comparison. */
export interface ChallengeScore {
  version: number;
  window: number | null;
  holdout: number | null;
}

/** A retrain: the challenger, how both scored on the same rows, and what was decided. */
export interface ChallengeResult {
  challengeId: string;
  at: number;
  metric: MetricName;
  champion: ChallengeScore;
  challenger: ChallengeScore;
  windowRows: number;
  holdoutRows: number;
  mode: 'append' | 'replace';
  dataFile: string;
  marginPct: number;
  promoted: boolean;
  reason: string;
}

/** One shadow batch beside the champion batch it shadows. */
export interface ShadowPoint {
  batchId: string;
  at: number;
  championVersion: number;
  rows: number;
  /** Classification: share of rows both versions gave the same label; regression: mean absolute difference. */
  agreement: number;
  /** Rows whose outcome came back, and each version's metric on exactly those rows (null: none yet). */
  matched: number;
  champion: number | null;
  shadow: number | null;
}

/** A shadow version's predictions side by side with the active versions' on the same rows. */
export interface ShadowComparison {
  version: number;
  metric: MetricName;
  /** What `agreement` measures: 'same label' (share) or 'mean absolute difference'. */
  agreementKind: 'same-label' | 'mean-abs-diff';
  batches: number;
  rows: number;
  agreement: number;
  matched: number;
  champion: number | null;
  shadow: number | null;
  /** Oldest first, at most 200. */
  perBatch: ShadowPoint[];
}

/** Everything the Monitor screen and `automl monitor` show of one model. */
export interface MonitorState {
  modelId: string;
  activeVersion: number;
  /** Every version the registry holds of this model, oldest first. */
  versions: number[];
  task: Task;
  target: string | null;
  /** Monitoring covers table models (classification and regression); otherwise why not. */
  monitored: boolean;
  reason?: string;
  metric: MetricName;
  /** The active version's score on its training holdout (the line on the metric chart). */
  trainingLevel: number | null;
  classes?: string[];
  features: string[];
  settings: MonitorSettings;
  /** Newest last, at most 200. */
  batches: BatchSummary[];
  evaluations: Evaluation[];
  alerts: MonitorAlert[];
  /** Closed alerts, newest first (at most 20). */
  closedAlerts: MonitorAlert[];
  history: VersionChange[];
  challenges: ChallengeResult[];
  /** Shadow versions that scored batches beside the active one, newest version first. */
  shadows: ShadowComparison[];
  log: { rows: number; bytes: number; batches: number };
}

export type MonitorUpdate = Partial<Omit<MonitorSettings, 'thresholds'> & { thresholds: Partial<MonitorThresholds> }>;

/** How a retrain uses the data the model was trained on. */
export type RetrainMode = 'append' | 'replace';
