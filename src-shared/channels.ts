import type { AppCommand, OpenedKind } from './commands';
import type { AppError, Result } from './errors';
import type {
  BatchLogged,
  ChallengeResult,
  FeedbackReport,
  MonitorAlert,
  MonitorState,
  MonitorUpdate,
  RetrainMode,
} from './monitor';
import type { AppEvent } from './events';
import type { ExplainedPrediction } from './explain';
import type { ColumnPlanEdit, ExportInfo, ProjectState, ProjectSummary } from './project';
import type { StageId } from './stages';
import type { Task } from './tasks';

/**
 * A file the person handed to the app: chosen in a dialog, dropped on the window, opened from the file manager, or
 * uploaded from a browser tab. The host keeps its path; the renderer holds this and sends back only `handle`.
 * Handles are random and last one launch of the app.
 */
export interface FileRef {
  handle: string;
  /** The file's own name (no folders), for display. */
  name: string;
  /** Where it is on this computer, for display only (absent for uploads). Never sent back. */
  location?: string;
}

/** A data source for DATA_SOURCE (and the rows to score in predict:run). */
export type DataSourceRequest =
  /** A file the person chose, dropped or uploaded (a `FileRef.handle`). */
  | { kind: 'file'; handle: string }
  | { kind: 'sample'; id: string }
  /** A Kaggle dataset `owner/name`, downloaded (with progress) inside DATA_SOURCE. */
  | { kind: 'kaggle'; ref: string };

/** Uploads from a browser tab go in chunks of at most this many bytes (base64 in the frame). */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** Downloads to a browser tab come in chunks of at most this many bytes (base64 in the frame). */
export const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;

/** Edits a person may make when confirming a stage (all optional). */
export interface StageEdits {
  task?: Task;
  target?: string | null;
  date?: string | null;
  /** Forecast: the series to read ('city' = 'Seattle'), or value null for every series combined per date. */
  series?: { column: string; value: string | null } | null;
  horizon?: number | null;
  k?: number | null;
  drop?: string[];
  /** Per-column plan edits by column name. */
  columns?: Record<string, ColumnPlanEdit>;
  models?: string[];
  budgetSeconds?: number;
  chosenModelId?: string;
  /** Skip rows that could not be parsed (DATA_SOURCE). */
  skipBadRows?: boolean;
}

/** Optional parts of the bundle (model.onnx and model.json are always in it). All default to true. */
export interface ExportContents {
  report?: boolean;
  notebook?: boolean;
  predictions?: boolean;
  /** The training data as CSV, so the notebook runs as is (only up to 50 MB). */
  data?: boolean;
}

/** One Kaggle search result. */
export interface KaggleHit {
  ref: string;
  title: string;
  subtitle?: string;
  totalBytes?: number;
  lastUpdated?: string;
  voteCount?: number;
}

export interface SampleInfo {
  id: string;
  name: string;
  description: string;
  file: string;
  rows: number;
  goal: string;
  task: Task;
  licence: string;
}

export interface HelloInfo {
  version: string;
  host: 'electron' | 'node';
  dataDir: string;
}

/** One picture classified: the likeliest class and every class's probability, most likely first. */
export interface ImageClassification {
  prediction: string;
  probabilities: Array<{ label: string; probability: number }>;
  /**
   * How far the picture is from every class the model learned (standardised distance to the nearest class centre),
   * and whether that is further than 99% of the training pictures: then it is unlike anything it was trained on.
   * Absent for models trained before novelty was measured.
   */
  novelty?: { value: number; threshold: number; unlike: boolean };
}

export interface PredictResult {
  outputPath: string;
  rows: number;
  columns: string[];
  preview: Array<Array<string>>;
  /** Set when some cells were written with the spreadsheet formula escape: what changed and how to undo it. */
  note?: string;
  /** With --explain: what the why_*_effect numbers are measured in (value, log-odds or probability), in a sentence. */
  effects?: string;
  /**
   * When the output has one row per input row (in input order): the input's columns and its first rows as
   * read (text, null = empty), shown beside the predictions so the rows can be told apart.
   */
  input?: { columns: string[]; preview: Array<Array<string | null>> };
  /** A registered table model's predictions are logged for monitoring: the batch and the alerts it opened. */
  monitor?: BatchLogged;
}

/**
 * What a registered model can score (the Predict screen offers it only for data that can feed it):
 * `table`: rows holding these columns, one prediction per row; `history`: a date + value series to continue;
 * `images`: pictures (a folder or a zip of them); `none`: nothing new (the reason says why).
 */
export type ModelInput =
  | { kind: 'table'; columns: string[] }
  | { kind: 'history'; dateColumn: string; target: string; horizon: number; period?: string }
  | { kind: 'images'; classes: string[] }
  | { kind: 'none'; reason: string };

/**
 * The dataset schema a registry model belongs to: every version of one model id was trained on data with
 * these columns (sorted), for this task and target. `key` is a short hash of the three.
 */
export interface ModelSchema {
  key: string;
  task: Task;
  target: string | null;
  columns: string[];
}

export interface RegistryModel {
  modelId: string;
  versions: Array<{
    version: number;
    createdAt: number;
    task: Task;
    target: string | null;
    metric?: string;
    score?: number;
    /** The file the version was trained on (its original name), when known. */
    dataset?: string;
    /** The version was moved here when the registry was upgraded (it was `modelId` v`version` before). */
    movedFrom?: { modelId: string; version: number };
  }>;
  activeVersion: number;
  /** The data every version was trained on (absent only for a version whose model.json cannot be read). */
  schema?: ModelSchema;
  /** What the active version can score. */
  input: ModelInput;
}

/**
 * Where an export registers its model: as a new version of an existing model trained on the same columns,
 * or as a new model. Absent: a new version of the most recent model with the same schema, else a new model.
 */
export type RegisterChoice = { kind: 'version'; modelId: string } | { kind: 'new' };

/** The registry's answer to "where would this project's model go": same-schema models and a free new id. */
export interface RegisterOptions {
  /** Models trained on the same columns, task and target, most recent first. */
  matches: RegistryModel[];
  /** The id a new model would get. */
  newModelId: string;
  /** False for tasks whose result is an analysis, not a model (correlation, summary, sentiment). */
  registers: boolean;
}

export interface Settings {
  theme: 'light' | 'dark' | 'system';
  lastProjectId?: string;
  /**
   * An optional local language model that helps read the goal (off when absent or the URL is empty): the base URL of
   * an OpenAI-compatible server on this computer (Ollama, llama.cpp server, LM Studio) and the model name.
   */
  llm?: { url: string; model?: string };
}

/** Every request/response channel. Names read `domain:verb`. */
export interface InvokeChannels {
  'app:hello': { req: Record<string, never>; res: HelloInfo };
  'samples:list': { req: Record<string, never>; res: SampleInfo[] };
  'project:create': { req: { name?: string; goal?: string }; res: ProjectState };
  'project:list': { req: Record<string, never>; res: ProjectSummary[] };
  'project:get': { req: { projectId: string }; res: ProjectState };
  'project:delete': { req: { projectId: string }; res: { deleted: true } };
  'goal:set': { req: { projectId: string; goal: string }; res: ProjectState };
  'data:attach': { req: { projectId: string; source: DataSourceRequest }; res: ProjectState };
  'stage:confirm': { req: { projectId: string; stage: StageId; edits?: StageEdits }; res: ProjectState };
  'stage:back': { req: { projectId: string; stage: StageId }; res: ProjectState };
  /**
   * Stops the project's running step (reading the data, a Kaggle download, the profile, training, the export);
   * nothing half-written is left. `keep` (training): stop and keep the models finished so far, then review them.
   */
  'stage:cancel': { req: { projectId: string; keep?: boolean }; res: { cancelled: boolean } };
  /**
   * "Continue with more budget": trains again for `budgetSeconds` more, starting from the models the last run
   * finished (the search goes on; nothing is re-trained). Tables only (classification, regression).
   */
  'training:continue': { req: { projectId: string; budgetSeconds: number }; res: ProjectState };
  /** `target`: a handle from dialog:saveFile; absent: a new zip in the app's exports folder. */
  /** `locale`: the person's (BCP 47), for the report's numbers and dates. */
  'export:run': {
    req: {
      projectId: string;
      target?: string;
      include?: ExportContents;
      register?: RegisterChoice;
      locale?: string;
    };
    res: ExportInfo;
  };
  /** Where this project's model would be registered: models with the same schema, and the id of a new one. */
  'export:registerOptions': { req: { projectId: string }; res: RegisterOptions };
  /** Where to save a bundle. The Node host has no dialog: it names a new file in the exports folder. */
  'dialog:saveFile': { req: { defaultName: string }; res: { file: FileRef | null } };
  /** A data file or bundle (or a folder), chosen in the native dialog. Null when cancelled or in a browser tab. */
  'dialog:openFile': { req: { directory?: boolean }; res: { file: FileRef | null } };
  /**
   * Shows a folder in the file manager: only the app's data folder (and folders in it), folders of files the app
   * wrote where the person asked, and folders the person chose.
   */
  'shell:openFolder': { req: { path: string }; res: { opened: boolean } };
  /**
   * Starts a browser download of a file the app wrote (an export, a predictions file): the browser build has no
   * "open folder". Served only from the folders shell:openFolder may show; the bytes come with download:chunk.
   */
  'download:begin': {
    req: { path: string };
    res: { downloadId: string; name: string; mime: string; size: number; chunkBytes: number };
  };
  /** The next chunk, in order: `offset` is the bytes received so far; the last chunk ends the download. */
  'download:chunk': { req: { downloadId: string; offset: number }; res: { base64: string; sent: number } };
  /** Stops a download (cancelled by the person); `ended` is false when it had already finished. */
  'download:end': { req: { downloadId: string }; res: { ended: boolean } };
  /** Starts an upload of `size` bytes from a browser tab (files bigger than the cap are refused up front). */
  'upload:begin': { req: { name: string; size: number }; res: { uploadId: string; chunkBytes: number } };
  /** One chunk, in order: `offset` is the bytes received so far; `base64` holds at most `chunkBytes` bytes. */
  'upload:chunk': { req: { uploadId: string; offset: number; base64: string }; res: { received: number } };
  /** All bytes are in: the file becomes a handle like a chosen file. */
  'upload:finish': { req: { uploadId: string }; res: FileRef };
  /** Stops an upload and deletes what arrived. */
  'upload:abort': { req: { uploadId: string }; res: { aborted: boolean } };
  /** Whether a handed-over file is data to import or one of our model bundles (a zip with model.json). */
  'file:inspect': { req: { handle: string }; res: { kind: OpenedKind } };
  /** `runId` (picked by the page, 24 hex digits) lets predict:cancel stop this run. */
  'predict:run': {
    req: {
      source: { kind: 'model'; modelId: string } | { kind: 'bundle'; handle: string };
      input: DataSourceRequest;
      runId?: string;
    };
    res: PredictResult;
  };
  /** Stops a prediction in progress; its output is not kept. False when it had already finished. */
  'predict:cancel': { req: { runId: string }; res: { cancelled: boolean } };
  /**
   * One row (cells as text, by column; missing = null) scored and explained with a registered model or a bundle:
   * the Predict screen's waterfall of a predicted row and its what-if form. Models exported without explanation
   * data are refused with a message saying to export again.
   */
  'predict:explain': {
    req: {
      source: { kind: 'model'; modelId: string } | { kind: 'bundle'; handle: string };
      row: Record<string, string | null>;
    };
    res: ExplainedPrediction;
  };
  /** "Try an image": classify one picture with the project's trained image model (before or after export). */
  'image:classify': {
    req: { projectId: string; image: { kind: 'file'; handle: string } };
    res: ImageClassification;
  };
  /** Kaggle: whether credentials are set up (environment, ~/.kaggle/kaggle.json, or saved in the app). */
  'kaggle:status': {
    req: Record<string, never>;
    res: { configured: boolean; username: string | null; source: 'env' | 'file' | 'app' | null };
  };
  'kaggle:setCredentials': { req: { username: string; key: string }; res: { configured: true; username: string } };
  'kaggle:search': { req: { query: string }; res: KaggleHit[] };
  'models:list': { req: Record<string, never>; res: RegistryModel[] };
  'models:delete': { req: { modelId: string }; res: { deleted: true } };
  'models:activate': { req: { modelId: string; version: number }; res: RegistryModel };
  /** Models in use (issue 15): prediction log, drift, live metrics, alerts, versions of one registered model. */
  'monitor:state': { req: { modelId: string }; res: MonitorState };
  /** Open alerts of every registered model (the Models screen shows them). */
  'monitor:alerts': { req: Record<string, never>; res: MonitorAlert[] };
  /** True outcomes (a file with the key and outcome, or the scored file with an outcome column added). */
  'monitor:feedback': {
    req: { modelId: string; file: { kind: 'file'; handle: string }; outcomeColumn?: string };
    res: { report: FeedbackReport; state: MonitorState };
  };
  'monitor:update': { req: { modelId: string; update: MonitorUpdate }; res: MonitorState };
  /** Promote or roll back to a version, recorded with the reason. */
  'monitor:activate': {
    req: { modelId: string; version: number; kind: 'promote' | 'rollback'; reason: string };
    res: MonitorState;
  };
  /**
   * Trains a challenger with the champion's plan on new labelled data; promotes it only past the margin. `runId`
   * (picked by the page, 24 hex digits) lets monitor:retrain-cancel stop this run.
   */
  'monitor:retrain': {
    req: { modelId: string; file: { kind: 'file'; handle: string }; mode: RetrainMode; runId?: string };
    res: { result: ChallengeResult; state: MonitorState };
  };
  /** Stops a retrain in progress: nothing is registered, the active version stays. False when it had already ended. */
  'monitor:retrain-cancel': { req: { runId: string }; res: { cancelled: boolean } };
  'settings:get': { req: Record<string, never>; res: Settings };
  'settings:set': { req: Partial<Settings>; res: Settings };
}

export type Channel = keyof InvokeChannels;
export type Req<K extends Channel> = InvokeChannels[K]['req'];
export type Res<K extends Channel> = InvokeChannels[K]['res'];

export const CHANNELS: readonly Channel[] = [
  'app:hello',
  'samples:list',
  'project:create',
  'project:list',
  'project:get',
  'project:delete',
  'goal:set',
  'data:attach',
  'stage:confirm',
  'stage:back',
  'stage:cancel',
  'training:continue',
  'export:run',
  'export:registerOptions',
  'dialog:saveFile',
  'dialog:openFile',
  'shell:openFolder',
  'download:begin',
  'download:chunk',
  'download:end',
  'upload:begin',
  'upload:chunk',
  'upload:finish',
  'upload:abort',
  'file:inspect',
  'predict:run',
  'predict:explain',
  'predict:cancel',
  'image:classify',
  'kaggle:status',
  'kaggle:setCredentials',
  'kaggle:search',
  'models:list',
  'models:delete',
  'models:activate',
  'monitor:state',
  'monitor:alerts',
  'monitor:feedback',
  'monitor:update',
  'monitor:activate',
  'monitor:retrain',
  'monitor:retrain-cancel',
  'settings:get',
  'settings:set',
];

/** The event stream channel (main → renderer). */
export const EVENT_CHANNEL = 'events:stream';

/**
 * Electron only, preload → main: `{ path }` of a File the person dropped or picked, read from the File by the
 * preload (webUtils), answered with a FileRef. Not in CHANNELS: the page cannot reach it through `api.invoke`.
 */
export const FILE_DROP_CHANNEL = 'file:dropped';

export type Unsubscribe = () => void;

/** What the renderer sees as `window.api`, identical under Electron and the Node host. */
export interface Api {
  host: 'electron' | 'node';
  invoke<K extends Channel>(channel: K, req: Req<K>): Promise<Result<Res<K>>>;
  onEvent(listener: (event: AppEvent) => void): Unsubscribe;
  /** Commands from the native menu, the file manager or a second launch (Electron; never under the Node host). */
  onCommand(listener: (command: AppCommand) => void): Unsubscribe;
  /**
   * In Electron, a handle for a File the person dropped or picked (the host keeps its path); in a browser tab,
   * null: upload its bytes with the upload:* channels instead.
   */
  fileRefFor(file: File): Promise<FileRef | null>;
}

export type { AppError };
