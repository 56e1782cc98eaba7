import type { AppError } from '@shared/errors';
import type { EngineEvent } from '@shared/events';
import type { DataSourceRequest } from '@shared/channels';
import type {
  DataProfile,
  DatasetInfo,
  ExportInfo,
  Intent,
  ModelSelection,
  PreprocessPlan,
  ProjectState,
  TrainingSummary,
} from '@shared/project';
import type { Task } from '@shared/tasks';

/** Anything that runs a named job with cancel and events: the WorkerClient, or an in-process runner in tests. */
export interface JobRunner {
  request<T>(
    method: string,
    input: unknown,
    options?: { signal?: AbortSignal; onEvent?: (event: EngineEvent) => void },
  ): Promise<T>;
}

/** Inputs and outputs of the worker jobs the conductor uses. Plain data: they cross a process boundary. */
export interface IngestJobInput {
  /** A local file or folder; empty when `kaggle` is set. */
  srcPath: string;
  /** Download this Kaggle dataset first (with progress), then ingest its likeliest data file. */
  kaggle?: { ref: string; username: string; key: string; baseUrl?: string };
  destDir: string;
  originalName?: string;
  skipBadRows?: boolean;
}

export interface ProfileJobInput {
  dataPath: string;
  target: string | null;
}

export interface TrainJobInput {
  task: Task;
  dataPath: string;
  dataset: DatasetInfo;
  intent: Intent;
  profile: DataProfile;
  plan: PreprocessPlan | null;
  models: ModelSelection | null;
  artifactDir: string;
}

export interface ExportJobInput {
  state: ProjectState;
  artifactDir: string;
  zipPath: string;
  include?: import('@shared/channels').ExportContents;
  /** Where the model goes in the registry (absent: beside the latest model of the same data, else a new one). */
  register?: import('@shared/channels').RegisterChoice;
  dataDir: string;
  appVersion: string;
}

export interface PredictJobInput {
  dataDir: string;
  source: { kind: 'model'; modelId: string } | { kind: 'bundle'; path: string };
  inputPath: string;
  outputPath: string;
  horizon?: number;
}

export type { AppError, DataSourceRequest, ExportInfo, TrainingSummary };
