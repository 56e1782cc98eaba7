import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSourceRequest } from '@shared/channels';
import { CodedError } from '@shared/errors';
import type { AppEvent, JobProgressEvent } from '@shared/events';
import { ModelRegistry } from '../registry/model-registry';
import { MonitorService } from '../monitor/monitor-service';
import { Conductor, type SourceOnDisk } from '../conductor/conductor';
import { schemaOfProject } from '../registry/model-schema';
import { bundleName, registersModel } from '@shared/bundle';
import { Downloads } from './app-files';
import type { PredictJobInput, TrainerJobs } from '../../workers/trainer-methods';
import { listSamples, resolveSample } from '../resources/samples';
import { ProjectStore } from '../store/project-store';
import type { Handlers } from '../ipc/dispatch';
import type { HostDialogs } from './host-dialogs';
import { SettingsStore } from './settings-store';
import { llmConfigFrom } from '../../engine/intent/llm/local-llm';
import { safeFileName, Uploads, type UploadLimits } from '../store/uploads';
import { KaggleAccess } from '../kaggle/kaggle-access';
import { FileGrants } from '../files/file-grants';
import { openedKind } from '../files/opened-kind';
import { isInside } from '../files/confine';
import { withoutStacks } from '../ipc/outbound';
import type { HostLog } from './host-log';

export interface ServicesOptions {
  dataDir: string;
  jobs: TrainerJobs;
  host: 'electron' | 'node';
  appVersion: string;
  dialogs: HostDialogs;
  emit: (event: AppEvent) => void;
  /** Stacks and unexpected errors (never shown to the person). */
  log: HostLog;
  uploadLimits?: UploadLimits;
  /** A file the person opened as data or a bundle (Electron adds it to the OS recent documents). */
  opened?: (path: string) => void;
}

/** Where bundles go when the person did not choose a place (always, under the Node host). */
export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

/** The main-process services behind every channel, identical under both hosts. */
export function createServices(options: ServicesOptions) {
  const { dataDir, jobs } = options;
  const emit = (event: AppEvent) => options.emit(withoutStacks(event));
  const store = new ProjectStore(dataDir);
  const kaggle = new KaggleAccess(dataDir);
  const settings = new SettingsStore(dataDir);
  const llm = async () => llmConfigFrom(await settings.get(), process.env);
  const conductor = new Conductor({ store, jobs, emit, dataDir, appVersion: options.appVersion, kaggle, llm });
  const registry = new ModelRegistry(dataDir);
  const monitor = new MonitorService(dataDir);
  const files = new FileGrants(dataDir);
  const uploads = new Uploads(join(dataDir, 'uploads'), options.uploadLimits);
  const downloads = new Downloads((folder) => files.openableFolder(folder));
  /** Predictions in progress, by the run id the page gave them (predict:cancel). */
  const predictions = new Map<string, AbortController>();
  /** Retrains in progress, by the run id the Monitor screen gave them (monitor:retrain-cancel). */
  const retrains = new Map<string, AbortController>();

  /** The path behind a handle the person opened as data or a bundle (noted as a recent document). */
  function openedPath(handle: string): string {
    const path = files.path(handle, ['read']);
    if (!isInside(dataDir, path)) options.opened?.(path);
    return path;
  }

  /** A renderer's data source as the conductor takes it: a handle becomes the path the person handed over. */
  function onDisk(source: DataSourceRequest): SourceOnDisk {
    return source.kind === 'file' ? { kind: 'path', path: openedPath(source.handle) } : source;
  }

  /** Brings a data source to a local file path (predict). */
  async function localPath(source: DataSourceRequest): Promise<string> {
    if (source.kind === 'file') return files.path(source.handle, ['read']);
    if (source.kind === 'sample') return (await resolveSample(source.id)).path;
    throw new CodedError('invalid-input', 'Download the Kaggle dataset into a project first, then predict on a file.');
  }

  const handlers: Handlers = {
    'app:hello': async () => ({ version: options.appVersion, host: options.host, dataDir }),
    'samples:list': () => listSamples(),
    'project:create': (req) => conductor.create(req.name, req.goal ?? ''),
    'project:list': () => store.list(),
    'project:get': (req) => conductor.get(req.projectId),
    'project:delete': async (req) => {
      await conductor.delete(req.projectId);
      return { deleted: true as const };
    },
    'goal:set': (req) => conductor.setGoal(req.projectId, req.goal),
    'data:attach': (req) => conductor.attachData(req.projectId, onDisk(req.source)),
    'stage:confirm': (req) => conductor.confirm(req.projectId, req.stage, req.edits),
    'stage:back': (req) => conductor.back(req.projectId, req.stage),
    'stage:cancel': async (req) => ({ cancelled: conductor.cancel(req.projectId, req.keep) }),
    'training:continue': (req) => conductor.continueTraining(req.projectId, req.budgetSeconds),
    'export:run': async (req) => {
      const state = await conductor.get(req.projectId);
      let path: string;
      if (req.target) path = files.path(req.target, ['write']);
      else {
        const name = `${bundleName(state.name)}-${Date.now()}.zip`;
        path = join(exportsDir(dataDir), name);
        await mkdir(exportsDir(dataDir), { recursive: true });
      }
      const info = await conductor.exportZip(req.projectId, path, req.include, req.register, req.locale);
      files.noteWritten(info.zipPath);
      return info;
    },
    'export:registerOptions': async (req) => {
      const state = await conductor.get(req.projectId);
      const task = state.intent?.task;
      const schema = schemaOfProject(state);
      if (!task || !schema) throw new CodedError('stage-order', 'Add data to the project first.');
      const { matches, newModelId } = await registry.placement(schema, state.dataset?.originalName);
      return { matches, newModelId, registers: registersModel(task) };
    },
    'dialog:saveFile': async (req) => {
      const path = await options.dialogs.saveFile(safeFileName(req.defaultName, 'model.zip'));
      return { file: path ? files.grant(path, 'write') : null };
    },
    'dialog:openFile': async (req) => {
      const path = await options.dialogs.openFile(Boolean(req.directory));
      if (path && req.directory) files.allowFolder(path);
      return { file: path ? files.grant(path, 'read') : null };
    },
    'shell:openFolder': async (req) => {
      const folder = await files.openableFolder(req.path);
      if (!folder) {
        throw new CodedError(
          'invalid-input',
          'The app shows only its own folders and folders you chose. Open that place from your file manager.',
        );
      }
      return { opened: await options.dialogs.openFolder(folder) };
    },
    'download:begin': (req) => downloads.begin(req.path),
    'download:chunk': (req) => downloads.chunk(req.downloadId, req.offset),
    'download:end': async (req) => ({ ended: await downloads.end(req.downloadId) }),
    'upload:begin': (req) => uploads.begin(req.name, req.size),
    'upload:chunk': (req) => uploads.chunk(req.uploadId, req.offset, req.base64),
    'upload:finish': async (req) => {
      const done = await uploads.finish(req.uploadId);
      return files.grant(done.path, 'read', { name: done.name });
    },
    'upload:abort': async (req) => ({ aborted: await uploads.abort(req.uploadId) }),
    'file:inspect': async (req) => ({ kind: await openedKind(files.path(req.handle, ['read'])) }),
    'predict:explain': (req) =>
      jobs.request('explain-row', {
        dataDir,
        source: req.source.kind === 'bundle' ? { kind: 'bundle', path: openedPath(req.source.handle) } : req.source,
        row: req.row,
      }),
    'predict:run': async (req) => {
      const runDir = join(dataDir, 'predictions', `${Date.now().toString(36)}`);
      const input: PredictJobInput = {
        dataDir,
        source: req.source.kind === 'bundle' ? { kind: 'bundle', path: openedPath(req.source.handle) } : req.source,
        inputPath: await localPath(req.input),
        outputPath: join(runDir, 'predictions.csv'),
        via: 'app',
      };
      const stop = new AbortController();
      const runId = req.runId;
      if (runId) predictions.set(runId, stop);
      // The page follows its run's progress by the run id it chose (no project: projectId is '').
      let seq = 0;
      const onEvent = runId
        ? (event: JobProgressEvent) => emit({ ...event, projectId: '', runId, seq: ++seq, ts: Date.now() })
        : undefined;
      try {
        return await jobs.request('predict', input, { signal: stop.signal, onEvent });
      } catch (err) {
        // A cancelled or failed run keeps nothing: its folder holds only its own output.
        await rm(runDir, { recursive: true, force: true });
        throw err;
      } finally {
        if (runId) predictions.delete(runId);
      }
    },
    'predict:cancel': async (req) => {
      const run = predictions.get(req.runId);
      run?.abort();
      return { cancelled: Boolean(run) };
    },
    'image:classify': async (req) => {
      const state = await conductor.get(req.projectId);
      if (state.intent?.task !== 'image' || !state.training?.artifactDir) {
        throw new CodedError('stage-order', 'Train an image model first: this project has none yet.');
      }
      const imagePath = files.path(req.image.handle, ['read']);
      return jobs.request('classify-image', { artifactDir: state.training.artifactDir, imagePath });
    },
    'kaggle:status': async () => {
      const found = kaggle.credentials();
      return { configured: Boolean(found), username: found?.creds.username ?? null, source: found?.source ?? null };
    },
    'kaggle:setCredentials': async (req) => {
      await kaggle.save(req.username.trim(), req.key.trim());
      return { configured: true as const, username: req.username.trim() };
    },
    'kaggle:search': async (req) => (await kaggle.client().searchDatasets(req.query)).slice(0, 20),
    'models:list': () => registry.list(),
    'models:delete': async (req) => {
      await registry.delete(req.modelId);
      return { deleted: true as const };
    },
    'models:activate': async (req) => {
      await registry.activate(req.modelId, req.version);
      const model = (await registry.list()).find((m) => m.modelId === req.modelId);
      if (!model) throw new CodedError('model-not-found', `Model '${req.modelId}' is gone.`);
      return model;
    },
    'monitor:state': (req) => monitor.state(req.modelId),
    'monitor:alerts': () => monitor.openAlerts(),
    'monitor:feedback': (req) =>
      monitor.feedback(req.modelId, files.path(req.file.handle, ['read']), req.outcomeColumn),
    'monitor:update': (req) => monitor.update(req.modelId, req.update),
    'monitor:activate': (req) => monitor.activate(req.modelId, req.version, req.kind, req.reason),
    'monitor:retrain': async (req) => {
      const stop = new AbortController();
      const runId = req.runId;
      if (runId) retrains.set(runId, stop);
      try {
        const data = files.path(req.file.handle, ['read']);
        return await monitor.retrain(jobs, req.modelId, data, req.mode, options.appVersion, undefined, stop.signal);
      } finally {
        if (runId) retrains.delete(runId);
      }
    },
    'monitor:retrain-cancel': async (req) => {
      const run = retrains.get(req.runId);
      run?.abort();
      return { cancelled: Boolean(run) };
    },
    'settings:get': () => settings.get(),
    'settings:set': (req) => settings.set(req),
  };

  return { handlers, conductor, store, registry, settings, files, uploads, downloads };
}

export type Services = ReturnType<typeof createServices>;
