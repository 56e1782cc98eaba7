import type { ExportContents, ImageClassification, PredictResult, RegisterChoice } from '@shared/channels';
import type { ExplainedPrediction } from '@shared/explain';
import type { EngineEventOf, ExportEvent, JobProgressEvent, ProfileEvent, TrainingEvent } from '@shared/events';
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
import type { ChallengeResult } from '@shared/monitor';
import type { RetrainJobInput } from './jobs/retrain';
export type { RetrainJobInput };
import type { JobRunner } from './protocol';

/**
 * The trainer worker's methods: input, output and the events each sends while it runs. The one declaration
 * both sides are checked against: `trainerHandlers` (inside the worker) `satisfies Handlers<TrainerMethods>`,
 * and the services call them through `JobRunner<TrainerMethods>`. Plain data only: it crosses a process.
 */
export type TrainerMethods = {
  /** DATA_SOURCE: a file or folder (or a Kaggle dataset, downloaded first) becomes the project's copy. */
  ingest: { input: IngestJobInput; output: DatasetInfo; event: JobProgressEvent };
  /** PROFILE_DATA: column kinds, statistics and the target's distribution. */
  profile: { input: ProfileJobInput; output: DataProfile; event: ProfileEvent };
  /** TRAIN: fits the task's models and writes the artifacts (see the artifact module). */
  train: { input: TrainJobInput; output: TrainingSummary; event: TrainingEvent };
  /** EXPORT: ONNX + model.json into the registry, then report, notebook and the zip. */
  export: { input: ExportJobInput; output: ExportInfo; event: ExportEvent };
  /** Scores new data with a registry model or an exported bundle. */
  predict: { input: PredictJobInput; output: PredictResult; event: JobProgressEvent };
  /** One row scored and explained (the Predict screen's waterfall and what-if form). */
  'explain-row': { input: ExplainRowJobInput; output: ExplainedPrediction; event: NoEvent };
  /** Champion vs challenger: trains a challenger with the model's plan on new labelled data (issue 15). */
  retrain: { input: RetrainJobInput; output: ChallengeResult; event: TrainingEvent };
  /** "Try an image" on the project's trained image model. */
  'classify-image': { input: ClassifyImageJobInput; output: ImageClassification; event: NoEvent };
};

/** The services' view of the trainer worker. */
export type TrainerJobs = JobRunner<TrainerMethods>;

/** A method that sends no events while it runs. */
type NoEvent = EngineEventOf<never>;

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
  /** Tables: continue the last run's search from its saved trials (`trainTabular`'s `continueSearch`). */
  continueSearch?: boolean;
}

export interface ExportJobInput {
  state: ProjectState;
  artifactDir: string;
  zipPath: string;
  include?: ExportContents;
  /** Where the model goes in the registry (absent: beside the latest model of the same data, else a new one). */
  register?: RegisterChoice;
  dataDir: string;
  appVersion: string;
  /** The person's locale for the report's numbers and dates (BCP 47; absent: English). */
  locale?: string;
}

export interface PredictJobInput {
  dataDir: string;
  source: { kind: 'model'; modelId: string } | { kind: 'bundle'; path: string };
  inputPath: string;
  outputPath: string;
  horizon?: number;
  /** Tabular models: add each row's strongest contributions (this many) from the model's explainer.json. */
  explain?: number;
  /** Tabular models: input columns copied first into each output row, as written (to join back by). */
  keep?: string[];
  /** Who asked, for the prediction log of registered models (default 'cli'). */
  via?: 'app' | 'cli';
}

export interface ExplainRowJobInput {
  dataDir: string;
  source: PredictJobInput['source'];
  /** Cells as text by column (missing = null). */
  row: Record<string, string | null>;
}

export interface ClassifyImageJobInput {
  artifactDir: string;
  imagePath: string;
}
