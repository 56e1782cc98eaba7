import type { Emit, TrainingEvent } from '@shared/events';
import type { AnalyticsDiagnostics } from '@shared/diagnostics';
import type { TrainingSummary } from '@shared/project';
import { CodedError } from '@shared/errors';
import type { TaskChart } from '../artifacts/task-result';

/** What every analytics runner (forecast, segment, anomaly, correlation, summary, sentiment) returns. */
export interface TaskResult<D> {
  summary: TrainingSummary & { diagnostics?: AnalyticsDiagnostics };
  /** Task-specific results for the review panel and the report. Plain JSON. */
  details: D;
  /** Files written into artifactDir (absolute paths). */
  artifacts: Array<{ name: string; path: string }>;
  /** Chart specs for src-shared/charts (`renderChartSvg(spec)`); empty when a chart does not apply. */
  charts: TaskChart[];
}

/** Cancellation and event sink, the same shape the trainer worker hands to every long job. */
export interface TaskContext {
  signal: AbortSignal;
  emit: Emit<TrainingEvent>;
}

/** Throws the `cancelled` error when the run was cancelled; call between models and iterations. */
export function checkAborted(signal: AbortSignal, what = 'The run'): void {
  if (signal.aborted) throw new CodedError('cancelled', `${what} was cancelled.`);
}
