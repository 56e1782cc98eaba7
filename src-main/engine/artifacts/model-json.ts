import { CodedError } from '@shared/errors';
import type { ModelSchema } from '@shared/channels';
import type { AnalyticsTask, MetricName } from '@shared/tasks';
import type { AnomalyModelJson } from '../anomaly/anomaly-model';
import type { SegmentModelJson } from '../cluster/run-segmentation';
import type { ForecastModelJson } from '../forecast/model-json';
import type { ImageModelJson } from '../image/model-json';
import type { ModelJson } from '../pipeline/model-json';

/**
 * model.json of an analytics bundle (forecast, segments, anomalies, correlation, summary, sentiment): the task,
 * its columns and metrics, and the fitted parameters a later `predict` needs (forecast, segments).
 */
export interface AnalyticsModelJson {
  formatVersion: 1;
  appVersion: string;
  /** ISO 8601. */
  createdAt: string;
  task: AnalyticsTask;
  target: string | null;
  date: string | null;
  horizon: number | null;
  metrics: Partial<Record<MetricName, number>>;
  trainingData: { rows?: number; columns?: Array<{ name: string; kind: string }> };
  'forecast-model'?: ForecastModelJson;
  'segment-model'?: SegmentModelJson;
  'anomaly-model'?: AnomalyModelJson;
}

/** What the registry adds to a model.json when it saves a version. */
export interface RegistryFields {
  modelId?: string;
  /** 1, 2, ... within modelId. */
  version?: number;
  /** ISO 8601. */
  createdAt?: string;
  /** The dataset the model belongs to: task, target and column names. */
  schema?: ModelSchema;
  /** The training file's original name. */
  dataset?: string;
  /** Set when a registry migration moved this version from another model id. */
  movedFrom?: { modelId: string; version: number };
}

/** model.json of any bundle or registry version, told apart by `task`. */
export type BundleModelJson = (ModelJson | ImageModelJson | AnalyticsModelJson) & RegistryFields;

export const isTabularModel = (m: BundleModelJson): m is ModelJson =>
  m.task === 'classification' || m.task === 'regression';

/** The tabular model.json scoring needs; any other task's model gets a message saying what it can do instead. */
export function tabularModelJson(m: BundleModelJson): ModelJson {
  if (isTabularModel(m)) return m;
  throw new CodedError(
    'task-unsupported',
    `A ${m.task} model has no row-by-row predictions. Open its bundle's CSV instead.`,
  );
}
