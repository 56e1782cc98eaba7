import type { AppError } from './errors';
import type {
  DataProfile,
  DatasetInfo,
  ExportInfo,
  Intent,
  LeaderboardRow,
  ModelSelection,
  PreprocessPlan,
  TargetDistribution,
} from './project';
import type { StageId, StageStatus } from './stages';
import type { MetricName, ModelFamily } from './tasks';

/** The long jobs besides training that report JOB_PROGRESS (and can be cancelled, like training). */
export type JobKind = 'download' | 'ingest' | 'profile' | 'export' | 'predict' | 'retrain';

/** Payload of each event type. Everything is plain data (it crosses process and socket boundaries). */
export interface EventPayloads {
  HELLO: { version: string; host: 'electron' | 'node' };
  STAGE_STATUS: { stage: StageId; status: StageStatus; error?: AppError };
  WAITING_CONFIRMATION: { stage: StageId; message: string };
  PROMPT_PARSED: { intent: Intent };
  DATASET_SAMPLE_READY: { dataset: DatasetInfo };
  PROFILE_SUMMARY: { profile: DataProfile };
  MISSINGNESS_TABLE_READY: { columns: Array<{ name: string; missing: number; missingPct: number }> };
  TARGET_DISTRIBUTION_READY: { target: TargetDistribution };
  PREPROCESS_PLAN: { plan: PreprocessPlan };
  MODEL_CANDIDATES: { selection: ModelSelection };
  /**
   * Overall progress 0..1 never decreases within a run. `modelFraction` is the current model's own progress.
   * `etaSeconds` is the estimated time left for the whole run.
   */
  TRAIN_PROGRESS: {
    fraction: number;
    message: string;
    modelId?: string;
    family?: ModelFamily;
    modelFraction?: number;
    etaSeconds?: number;
  };
  /**
   * Progress of a long job other than training (training has TRAIN_PROGRESS, with its models): a download, an
   * import, a profile, an export, a prediction. `fraction` 0..1 is measured work done (bytes, rows, files, or the
   * steps of the job weighted by their usual share) and never decreases within a job; null while the amount of work
   * is not known (a download without a length). `etaSeconds` is the time left, once it can be estimated.
   */
  JOB_PROGRESS: { job: JobKind; fraction: number | null; message: string; etaSeconds?: number };
  /** One point of a live curve: `step` is an iteration, tree or epoch index. */
  METRIC_SCALAR: {
    modelId: string;
    name: MetricName | 'loss';
    split: 'train' | 'validation';
    step: number;
    value: number;
  };
  TRAIN_RUN_FINISHED: { row: LeaderboardRow };
  LEADERBOARD_UPDATED: { rows: LeaderboardRow[]; metric: MetricName };
  ARTIFACT_ADDED: { kind: 'pipeline' | 'predictions' | 'onnx' | 'model-json' | 'chart' | 'other'; path: string };
  CONFUSION_MATRIX_READY: { modelId: string; labels: string[]; matrix: number[][] };
  NOTEBOOK_READY: { path: string };
  REPORT_READY: { path: string };
  EXPORT_READY: { export: ExportInfo };
  ERROR: { error: AppError; stage?: StageId };
}

export type EventType = keyof EventPayloads;
export const EVENT_TYPES: readonly EventType[] = [
  'HELLO',
  'STAGE_STATUS',
  'WAITING_CONFIRMATION',
  'PROMPT_PARSED',
  'DATASET_SAMPLE_READY',
  'PROFILE_SUMMARY',
  'MISSINGNESS_TABLE_READY',
  'TARGET_DISTRIBUTION_READY',
  'PREPROCESS_PLAN',
  'MODEL_CANDIDATES',
  'TRAIN_PROGRESS',
  'JOB_PROGRESS',
  'METRIC_SCALAR',
  'TRAIN_RUN_FINISHED',
  'LEADERBOARD_UPDATED',
  'ARTIFACT_ADDED',
  'CONFUSION_MATRIX_READY',
  'NOTEBOOK_READY',
  'REPORT_READY',
  'EXPORT_READY',
  'ERROR',
];

/**
 * An event as streamed to the UI. `seq` increases by one per project run; `ts` is epoch ms. A run outside a project
 * (predict:run) has `projectId` '' and the `runId` the page gave it.
 */
export type AppEvent = {
  [K in EventType]: { type: K; projectId: string; runId: string; seq: number; ts: number; payload: EventPayloads[K] };
}[EventType];

export type EventOf<K extends EventType> = Extract<AppEvent, { type: K }>;

/** What an engine function emits before the conductor stamps runId/seq/ts/projectId on it. */
export type EngineEvent = { [K in EventType]: { type: K; payload: EventPayloads[K] } }[EventType];
export type EngineEventOf<K extends EventType> = Extract<EngineEvent, { type: K }>;

/** Receives events; an engine function names the narrowest `E` it emits, so each worker job's events are typed. */
export type Emit<E extends EngineEvent = EngineEvent> = (event: E) => void;

/** The events each worker job sends while it runs (see `TrainerMethods` in src-main/workers/trainer-methods.ts). */
export type ProgressEvent = EngineEventOf<'TRAIN_PROGRESS'>;
export type JobProgressEvent = EngineEventOf<'JOB_PROGRESS'>;
export type ProfileEvent = EngineEventOf<
  'JOB_PROGRESS' | 'PROFILE_SUMMARY' | 'MISSINGNESS_TABLE_READY' | 'TARGET_DISTRIBUTION_READY'
>;
export type TrainingEvent = EngineEventOf<
  | 'TRAIN_PROGRESS'
  | 'METRIC_SCALAR'
  | 'TRAIN_RUN_FINISHED'
  | 'LEADERBOARD_UPDATED'
  | 'ARTIFACT_ADDED'
  | 'CONFUSION_MATRIX_READY'
>;
export type ExportEvent = EngineEventOf<'JOB_PROGRESS' | 'REPORT_READY' | 'NOTEBOOK_READY'>;
