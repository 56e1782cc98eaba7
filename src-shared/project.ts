import type { TrainingDiagnostics } from './diagnostics';
import type { ModelExplanations } from './explain';
import type { AppError } from './errors';
import type { StageId, StageState } from './stages';
import type { MetricName, ModelFamily, Task } from './tasks';

/** What a goal sentence was read as. Filled by PARSE_INTENT, resolved against columns after DATA_SOURCE. */
export interface Intent {
  task: Task;
  /** Target column, exactly as it appears in the data; null when the task has none or none was found. */
  target: string | null;
  /** Forecast horizon in the data's own periods. */
  horizon: number | null;
  /** Number of groups for segmentation. */
  k: number | null;
  /** Date column for forecasting. */
  date: string | null;
  /**
   * Forecasts of a table holding several series side by side (a row per date for each city): the one series read,
   * or all of them combined per date. Absent when the table holds one series.
   */
  series?: SeriesChoice;
  /** Text column for sentiment. */
  textColumn?: string | null;
  /** 0..1: how sure the parser is. Below ~0.6 the UI asks the person to choose. */
  confidence: number;
  /** Other readings, best first. */
  alternatives: IntentReading[];
  /** One sentence a person can read: "Predict price (regression) from the other columns". */
  explanation: string;
  /** Words from the sentence that name the target, before they were matched to a column. */
  targetWords?: string[];
  /** Why this target was proposed, in a short clause: "'approved' matches `approval`". */
  why?: string;
  /** The sentence names something no column is called: the words, and the closest columns (best first). */
  missingColumn?: { named: string; suggestions: string[] };
  /** Inputs the sentence names beside the target ("from carat and clarity", "without using x"); columns as in the data. */
  inputs?: NamedInputs;
  /** Who read the sentence: the rules, or the local language model set in Settings (checked against the data). */
  readBy?: 'rules' | 'llm';
  /** Why the local language model's reading was not used ("timed out", "named a column that does not exist"). */
  llmNote?: string;
}

/** Which series of a table holding several side by side (long format: date, city, temperature) a forecast reads. */
export interface SeriesChoice {
  /** The column whose values tell the series apart ('city'), by the app's name. */
  column: string;
  /** The series read ('Seattle', exactly as written in the data), or null for every series combined per date. */
  value: string | null;
  /** How rows sharing a date are combined: added up (sales, counts) or averaged (temperatures, prices, rates). */
  combine: 'sum' | 'mean';
  /** Every series the column holds (at most 50), most rows first: the choices. */
  values: string[];
  /** Why this one: the goal named it, the goal asked for the total, or none was named (the one with most rows). */
  by: 'goal' | 'choice' | 'total' | 'first';
}

/** The inputs a goal names: `only` these columns feed the model, or all but `without` (the plan drops the rest). */
export interface NamedInputs {
  only?: string[];
  without?: string[];
}

/** Another way to read the goal, offered as a choice when the parser is unsure. */
export interface IntentReading {
  task: Task;
  target: string | null;
  confidence: number;
  /** Why it was proposed: "`approval` holds yes/no values; 'approved' matches it". */
  why?: string;
}

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text' | 'id' | 'constant';

export interface ColumnProfile {
  /** The app's name (DuckDB's: names that differ only by case are told apart, 'price_1'). */
  name: string;
  /**
   * The name as written in the person's file, when the app's differs ('price' beside 'Price'). Every output the
   * person reads shows this one (`shownName`).
   */
  written?: string;
  kind: ColumnKind;
  /** DuckDB's physical type, e.g. DOUBLE, VARCHAR, TIMESTAMP. */
  dbType: string;
  missing: number;
  /** Fraction 0..1. */
  missingPct: number;
  distinct: number;
  /** For numeric columns. */
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  median?: number;
  q1?: number;
  q3?: number;
  outliers?: number;
  /** Numeric columns: how many values are infinite or NaN. They are left out of min/max/mean/std/histogram. */
  nonFinite?: number;
  /** For datetime columns: the format that parsed, e.g. %Y-%m-%d. */
  dateFormat?: string;
  /** For datetime columns: the spacing of the dates, and their range (ISO strings). */
  period?: 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | null;
  dateMin?: string;
  dateMax?: string;
  /** Up to 20 bins for numeric columns: bin edges has length bins+1. */
  histogram?: { edges: number[]; counts: number[] };
  /** Top values for categorical columns, most frequent first (at most 20). */
  topValues?: Array<{ value: string; count: number }>;
}

export interface TargetDistribution {
  column: string;
  kind: 'classes' | 'histogram';
  classes?: Array<{ value: string; count: number }>;
  /** Largest class count over smallest. */
  imbalanceRatio?: number;
  histogram?: { edges: number[]; counts: number[] };
}

export interface DataProfile {
  rows: number;
  columns: ColumnProfile[];
  /** Rows that repeat an earlier row exactly (counted by a 64-bit hash of the whole row: exact up to hash collisions). */
  duplicateRows: number;
  /** Pairwise associations, strongest first (at most 50). */
  correlations: Array<{ a: string; b: string; method: 'pearson' | 'spearman' | 'cramers_v'; value: number }>;
  target?: TargetDistribution;
  /** Human-readable warnings: leakage suspects, tiny data, heavy imbalance. */
  warnings: string[];
  /** Dates that repeat once per value of a category: the table holds one series per value (profile/parallel-series.ts). */
  seriesKeys?: SeriesKey[];
  elapsedMs: number;
}

/** A category column splitting a repeated date column into series side by side. */
export interface SeriesKey {
  /** The date column and the key column (app names). */
  date: string;
  key: string;
  /** The key's values, most rows first (at most 50), exactly as written. */
  values: string[];
}

export interface DatasetInfo {
  /** Absolute path of the copy inside the project folder. */
  path: string;
  originalName: string;
  format: 'csv' | 'tsv' | 'parquet' | 'jsonl' | 'json' | 'images';
  rows: number;
  /** `written`: the name as the file writes it, where the app's differs (as ColumnProfile.written). */
  columns: Array<{ name: string; dbType: string; written?: string }>;
  /** First rows for the preview grid, as strings (null = missing). */
  sample: Array<Array<string | null>>;
  bytes: number;
  /** Rows that could not be read, with 1-based line numbers (at most 50 listed). */
  rejectedRows?: Array<{ line: number; reason: string }>;
  /** What the import changed or assumed, one sentence each (a shortened column name, numbers read with decimal commas). */
  notes?: string[];
  /** For image folders: class name to file count. */
  imageClasses?: Array<{ name: string; count: number }>;
  /** For CSV/TSV files: how the app read the text, so the exported notebook reads the person's file the same way. */
  textFormat?: TextFormat;
}

/** Text encodings the app reads. `windows-1252` covers Latin-1 (it is Latin-1 plus printable 0x80–0x9F). */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'windows-1252';

/** How a delimited text file was read (its columns are DatasetInfo.columns, in file order). */
export interface TextFormat {
  delimiter: string;
  quote: string;
  /** The encoding the whole file was read with (Windows-1252 when bytes past the first megabyte were not UTF-8). */
  encoding: TextEncoding;
  gzip: boolean;
  /** Lines before the header (Excel's `sep=;` line). */
  skipLines: number;
  header: boolean;
  /** Columns whose numbers are written with a decimal comma ("1.234,56" read as 1234.56). */
  decimalCommas: string[];
  /** strptime format that parsed each date column. */
  dateFormats: Record<string, string>;
  /** Columns read from formatted numbers ("$220,000", "1,120", "22%"), and how each writes them. Absent before 7 Dec 2026. */
  numberFormats?: Record<string, NumberFormat>;
}

/** How a column of formatted numbers is written ("$220,000", "1,120", "22%", "€1.234,50"). */
export interface NumberFormat {
  /**
   * The currency sign, ISO currency code ('USD') or '%' every value carries; '' when only thousands separators (or
   * negatives in parentheses, or the minus sign U+2212) show the format.
   */
  unit: string;
  /** A decimal comma with dots or spaces grouping thousands ("€1.234,50"); else a decimal point with commas. */
  decimalComma: boolean;
  /**
   * Some value in the file's head is a negative in parentheses ("(1,234)", as accounting writes it), said in the data
   * note. A value in parentheses reads as negative in every formatted column either way.
   */
  negativeParentheses?: boolean;
  /** Some value in the file's head has the minus sign U+2212 ("−5"), said in the data note; it reads as "-" either way. */
  minusSign?: boolean;
}

export const COLUMN_ROLES = ['feature', 'target', 'drop', 'date', 'text', 'id'] as const;
export const IMPUTE_STRATEGIES = ['none', 'mean', 'median', 'most_frequent', 'constant'] as const;
export const ENCODE_STRATEGIES = ['none', 'onehot', 'ordinal', 'target', 'tfidf', 'datetime_parts'] as const;
export const SCALE_STRATEGIES = ['none', 'standard', 'minmax', 'robust'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];
export type ImputeStrategy = (typeof IMPUTE_STRATEGIES)[number];
export type EncodeStrategy = (typeof ENCODE_STRATEGIES)[number];
export type ScaleStrategy = (typeof SCALE_STRATEGIES)[number];

export interface ColumnPlan {
  name: string;
  kind: ColumnKind;
  role: ColumnRole;
  impute: ImputeStrategy;
  encode: EncodeStrategy;
  scale: ScaleStrategy;
  /** Why this column is treated this way, in one short sentence. */
  reason: string;
}

/** What a person may change in one column's plan (its name and kind are the data's, never edited). */
export type ColumnPlanEdit = Partial<Pick<ColumnPlan, 'role' | 'impute' | 'encode' | 'scale'>>;

export interface PreprocessPlan {
  columns: ColumnPlan[];
  validation: { kind: 'holdout' | 'kfold' | 'time'; folds?: number; testFraction: number; stratified: boolean };
  classWeights: boolean;
  warnings: string[];
}

export interface ModelCandidate {
  family: ModelFamily;
  label: string;
  /** One line: why this model is worth trying here. */
  rationale: string;
  selected: boolean;
}

export interface ModelSelection {
  candidates: ModelCandidate[];
  /** Total training budget in seconds. */
  budgetSeconds: number;
  /** What the leaderboard shows and ranks by (the person's metric). */
  metric: MetricName;
  /**
   * What the model to export is chosen by when that differs from `metric`: tabular classifiers judged on a count of
   * right answers (accuracy, F1, ...) are chosen by validation log loss. Absent: chosen by `metric`.
   */
  selectedBy?: MetricName;
}

export interface LeaderboardRow {
  modelId: string;
  family: ModelFamily;
  label: string;
  params: Record<string, number | string | boolean>;
  /** Validation metrics (cross-validated or holdout). */
  metrics: Partial<Record<MetricName, number>>;
  /** Test metrics on the held-out rows, filled for the finished best models. */
  testMetrics?: Partial<Record<MetricName, number>>;
  fitSeconds: number;
  /** `out_of_time`: the time budget ran out before the model started or finished (not a failure of the model). */
  status: 'running' | 'done' | 'failed' | 'cancelled' | 'out_of_time';
  error?: string;
}

export interface TrainingSummary {
  task: Task;
  metric: MetricName;
  /**
   * The score the exported model was chosen by, when it is not `metric`: classifiers are chosen by log loss (how well
   * their probabilities fit), so the chosen one need not top the `metric` ranking. See `chosenBySentence`.
   */
  selectedBy?: MetricName;
  leaderboard: LeaderboardRow[];
  bestModelId: string | null;
  elapsedSeconds: number;
  cancelled: boolean;
  /** The search continued the previous run's (more budget): this many of its models were carried over. */
  continuedFrom?: number;
  featureImportance?: Array<{ feature: string; importance: number }>;
  confusion?: { labels: string[]; matrix: number[][] };
  /** Curves and task results for the review screen and the report (one shape per kind of run). */
  diagnostics?: TrainingDiagnostics;
  /** Where the worker left its artifacts (pipeline JSON, holdout predictions). */
  artifactDir?: string;
  /** Why the best model predicts what it does (SHAP over held-out rows); absent when it could not be explained. */
  explanations?: ModelExplanations;
}

export interface ExportInfo {
  zipPath: string;
  /** The registry model this export saved, or null when the task's result is an analysis, not a model. */
  modelId: string | null;
  version: number | null;
  /** True when the export created the model (a new id), false when it added a version to an existing one. */
  newModel?: boolean;
  /** The files in the zip, in bundle order (the same list the Export step and the report show). */
  files: string[];
  bytes: number;
}

export interface ProjectState {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  goal: string;
  stages: Record<StageId, StageState>;
  intent?: Intent;
  dataset?: DatasetInfo;
  profile?: DataProfile;
  plan?: PreprocessPlan;
  models?: ModelSelection;
  /** Set by "continue with more budget" until that training run finishes: its budget (the search goes on). */
  trainMore?: { budgetSeconds: number };
  training?: TrainingSummary;
  /** The leaderboard model chosen for export at REVIEW_EDIT. */
  chosenModelId?: string;
  export?: ExportInfo;
  lastError?: AppError;
  /** What the person chose at the gates (or on the command line); re-applied whenever the intent is re-read. */
  choices?: import('./channels').StageEdits;
}

/** A short line for the recent-projects list. */
export interface ProjectSummary {
  id: string;
  name: string;
  goal: string;
  updatedAt: number;
  currentStage: StageId;
  task?: Task;
  /** The data file's original name, once data is attached. */
  dataset?: string;
  /**
   * Where the project got to, in words: "RMSE 3.21 · exported as price-regression v2", "Stopped at Training:
   * cancelled", "Waiting at Profile". `state` says which kind.
   */
  outcome?: { state: 'exported' | 'trained' | 'failed' | 'open'; text: string };
}
