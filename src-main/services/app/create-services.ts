import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSourceRequest } from '@shared/channels';
import { CodedError } from '@shared/errors';
import type { AppEvent } from '@shared/events';
import { registersModel } from '@shared/bundle';
import { ModelRegistry } from '../registry/model-registry';
import { schemaOfProject } from '../registry/model-schema';
import { Conductor } from '../conductor/conductor';
import type { PredictJobInput, TrainerJobs } from '../../workers/trainer-methods';
import { listSamples, resolveSample } from '../resources/samples';
import { ProjectStore } from '../store/project-store';
import type { Handlers } from '../ipc/dispatch';
import type { HostDialogs } from './host-dialogs';
import { SettingsStore } from './settings-store';
import { readAppFile } from './app-files';
import { safeFileName, saveUpload } from '../store/uploads';
import { KaggleAccess } from '../kaggle/kaggle-access';

export interface ServicesOptions {
  dataDir: string;
  jobs: TrainerJobs;
  host: 'electron' | 'node';
  appVersion: string;
  dialogs: HostDialogs;
  emit: (event: AppEvent) => void;
}

/** The main-process services behind every channel, identical under both hosts. */
export function createServices(options: ServicesOptions) {
  const { dataDir, jobs } = options;
  const store = new ProjectStore(dataDir);
  const kaggle = new KaggleAccess(dataDir);
  const conductor = new Conductor({ store, jobs, emit: options.emit, dataDir, appVersion: options.appVersion, kaggle });
  const registry = new ModelRegistry(dataDir);
  const settings = new SettingsStore(dataDir);

  /** Brings any data source to a local file path. */
  async function localPath(source: DataSourceRequest, scratch: string): Promise<string> {
    if (source.kind === 'path') return source.path;
    if (source.kind === 'sample') return (await resolveSample(source.id)).path;
    if (source.kind === 'kaggle')
      throw new CodedError(
        'invalid-input',
        'Download the Kaggle dataset into a project first, then predict on a file.',
      );
    return saveUpload(scratch, source.name, Buffer.from(source.base64, 'base64'));
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
    'data:attach': (req) => conductor.attachData(req.projectId, req.source),
    'stage:confirm': (req) => conductor.confirm(req.projectId, req.stage, req.edits),
    'stage:back': (req) => conductor.back(req.projectId, req.stage),
    'training:cancel': async (req) => ({ cancelled: conductor.cancel(req.projectId) }),
    'export:run': async (req) => {
      const state = await conductor.get(req.projectId);
      const fallback = join(
        dataDir,
        'exports',
        `${safeFileName(state.name, 'project').replace(/\s+/g, '-').toLowerCase()}-${Date.now()}.zip`,
      );
      const path = req.path ?? fallback;
      await mkdir(join(path, '..'), { recursive: true });
      return conductor.exportZip(req.projectId, path, req.include, req.register);
    },
    'export:registerOptions': async (req) => {
      const state = await conductor.get(req.projectId);
      const task = state.intent?.task;
      const schema = schemaOfProject(state);
      if (!task || !schema) throw new CodedError('stage-order', 'Add data to the project first.');
      const { matches, newModelId } = await registry.placement(schema, state.dataset?.originalName);
      return { matches, newModelId, registers: registersModel(task) };
    },
    'dialog:saveFile': async (req) => ({ path: await options.dialogs.saveFile(req.defaultName) }),
    'dialog:openFile': async (req) => ({ path: await options.dialogs.openFile(Boolean(req.directory)) }),
    'shell:openFolder': async (req) => ({ opened: await options.dialogs.openFolder(req.path) }),
    'file:download': (req) => readAppFile(dataDir, req.path),
    'predict:run': async (req) => {
      const runDir = join(dataDir, 'predictions', `${Date.now().toString(36)}`);
      const inputPath = await localPath(req.input, join(runDir, 'input'));
      const input: PredictJobInput = {
        dataDir,
        source: req.source,
        inputPath,
        outputPath: join(runDir, 'predictions.csv'),
      };
      return jobs.request('predict', input);
    },
    'image:classify': async (req) => {
      const state = await conductor.get(req.projectId);
      if (state.intent?.task !== 'image' || !state.training?.artifactDir) {
        throw new CodedError('stage-order', 'Train an image model first: this project has none yet.');
      }
      const imagePath =
        req.image.kind === 'path'
          ? req.image.path
          : await localPath(req.image, join(store.dir(req.projectId), 'tries'));
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
    'settings:get': () => settings.get(),
    'settings:set': (req) => settings.set(req),
  };

  return { handlers, conductor, store, registry, settings };
}

export type Services = ReturnType<typeof createServices>;
