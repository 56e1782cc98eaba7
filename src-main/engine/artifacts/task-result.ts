import type { ChartSpec } from '@shared/charts';
import type { AnalyticsTask } from '@shared/tasks';
import type { AnomalyDetails } from '../anomaly/run-anomaly';
import type { CorrelationDetails } from '../analytics/run-correlation';
import type { SummaryDetails } from '../analytics/run-summary';
import type { SegmentDetails } from '../cluster/run-segmentation';
import type { ForecastDetails } from '../forecast/run-forecast';
import type { SentimentDetails } from '../sentiment/run-sentiment';

/** Each analytics task's details: what its review panel and its report section read. */
export interface TaskDetailsByTask {
  forecast: ForecastDetails;
  segment: SegmentDetails;
  anomaly: AnomalyDetails;
  correlation: CorrelationDetails;
  summary: SummaryDetails;
  sentiment: SentimentDetails;
}

/** A titled chart (src-shared/charts spec) of an analytics task. */
export interface TaskChart {
  title: string;
  spec: ChartSpec;
}

/** A file an analytics run wrote into the artifacts folder (absolute path). */
export interface TaskArtifact {
  name: string;
  path: string;
}

/** task-result.json of one analytics task. (`task` is absent in files written before it was added.) */
export type TaskResultOf<T extends AnalyticsTask> = {
  task?: T;
  details: TaskDetailsByTask[T];
  charts: TaskChart[];
  artifacts: TaskArtifact[];
};

/** task-result.json: one shape per analytics task. */
export type TaskResultFile = { [T in AnalyticsTask]: TaskResultOf<T> }[AnalyticsTask];
