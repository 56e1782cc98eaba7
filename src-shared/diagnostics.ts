import type { ForecastData } from './charts/diagnostics';
import type { ChartSpec } from './charts/spec';

/**
 * `TrainingSummary.diagnostics`: what a run leaves for the review screen and the report, one shape per kind of
 * run. Curves are already decimated by the trainer (a few hundred points at most). Both readers go through
 * `readDiagnostics` (src-shared/charts), which also accepts what older app versions stored.
 */
export type TrainingDiagnostics =
  BinaryDiagnostics | MulticlassDiagnostics | RegressionDiagnostics | ImageDiagnostics | AnalyticsDiagnostics;

export interface RocPoint {
  fpr: number;
  tpr: number;
}

export interface PrPoint {
  recall: number;
  precision: number;
}

/** A binary classifier: ROC and precision-recall curves of the positive class on the held-out rows. */
export interface BinaryDiagnostics {
  kind: 'binary';
  positive: string;
  roc: RocPoint[];
  pr: PrPoint[];
}

/** A multiclass classifier: one-vs-rest curves for up to 10 classes. */
export interface MulticlassDiagnostics {
  kind: 'multiclass';
  perClass: Array<{ class: string; roc: RocPoint[]; pr: PrPoint[] }>;
}

/** A regressor: up to 200 held-out rows, sorted by prediction. */
export interface RegressionDiagnostics {
  kind: 'regression';
  predictedVsActual: Array<{ predicted: number; actual: number }>;
  residuals: Array<{ predicted: number; residual: number }>;
}

/** One validation picture the image model got wrong (most confident first). */
export interface ConfusedImage {
  file: string;
  actual: string;
  predicted: string;
  probability: number;
  /** A small data: URL (the renderer reads no files); null when the picture could not be read again. */
  thumbnail?: string | null;
}

/** An image classifier: per-class validation scores, the surest mistakes and how the embeddings were made. */
export interface ImageDiagnostics {
  kind?: undefined;
  perClass: Array<{ label: string; precision: number; recall: number; f1: number; support: number }>;
  mostConfused: ConfusedImage[];
  embedding: {
    backbone: string;
    images: number;
    computed: number;
    cached: number;
    imagesPerSecond: number | null;
    cpuSeconds: number;
  };
  classWeights: Record<string, number>;
  droppedClasses: string[];
}

/**
 * Forecast, segments, anomalies, correlation, summary, sentiment: the task's details (typed per task in
 * src-main/engine/artifacts/task-result.ts; read defensively here) and its charts, plus a few headline numbers.
 */
export interface AnalyticsDiagnostics {
  kind?: undefined;
  details?: unknown;
  charts?: Array<{ title: string; spec: ChartSpec }>;
  /** Anomalies: the flagging score and the score histogram. */
  threshold?: number;
  histogram?: { edges: number[]; counts: number[] };
  /** Segments: silhouette per k tried, and the chosen segments' sizes. */
  silhouetteByK?: Array<{ k: number; silhouette: number }>;
  sizes?: number[];
  /** Forecast: history and forecast with its interval band. */
  forecast?: ForecastData;
  /** Forecast: the chosen method's backtest errors per step ahead, and the interval's sigma per step. */
  backtestErrors?: number[][];
  sigmas?: number[];
}
