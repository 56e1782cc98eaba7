import { CodedError } from '@shared/errors';
import type { AnalyticsTask, MetricName } from '@shared/tasks';
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
}

/** What the registry keeps beside model.onnx: a tabular pipeline's or an image classifier's model.json. */
export type SavedModelJson = ModelJson | ImageModelJson;

/** model.json of any bundle or registry version, told apart by `task`. */
export type BundleModelJson = ModelJson | ImageModelJson | AnalyticsModelJson;

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
