import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { setLocale } from '@shared/locale';
import type { ExportEvent } from '@shared/events';
import type { JobContext } from '../protocol';
import { bundleEntries, hasOnnx, registersModel } from '@shared/bundle';
import { explainerTravels } from '@shared/explain';
import type { ExportInfo, LeaderboardRow, ProjectState } from '@shared/project';
import { type AnalyticsTask, type Task } from '@shared/tasks';
import type { ExportJobInput } from '../trainer-methods';
import type { FittedPipeline } from '../../engine/pipeline/types';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { buildModelJson } from '../../engine/pipeline/model-json';
import { heldOutReference } from '../../engine/monitor/reference';
import type { AnalyticsModelJson, BundleModelJson } from '../../engine/artifacts/model-json';
import { BUNDLE_FILES, ROW_OUTPUTS, type ArtifactKey } from '../../engine/artifacts/files';
import {
  artifactPath,
  hasArtifact,
  readArtifact,
  readPipeline,
  readTaskResult,
  requireArtifact,
} from '../../engine/artifacts/store';
import { ModelRegistry, type PendingVersion } from '../../services/registry/model-registry';
import { schemaOfProject } from '../../services/registry/model-schema';
import { forecastMethodSection } from '../../export/report/sections/forecast';
import { shownName, writtenNames } from '@shared/column-names';
import { buildReport } from '../../export/report/build-report';
import { buildNotebook, codeCell, markdownCell, type NotebookCell } from '../../export/notebook/build-notebook';
import { imageNotebookCells } from '../../export/notebook/image-cells';
import { analyticsNotebookCells, type AnalyticsCellInput } from '../../engine/analytics/python-cells';
import { writeBundle, type BundleFile } from '../../export/bundle/write-bundle';
import { holdoutWithIds, parquetToCsv } from '../../engine/util/table-csv';
import { checkAborted } from '../../engine/analytics/task-result';
import { CSV_ESCAPE_NOTE } from '../../engine/util/csv-writer';
import { explainerFor } from '../../engine/explain/training';
import { TRAINING_PLAN_FILE, type TrainingPlan } from '../../engine/monitor/training-plan';
import { monitorDir, withLog } from '../../engine/monitor/log-db';
import { activeModel, readState } from '../../engine/monitor/state';
import { monitoringSection } from '../../export/report/sections/monitoring';
import { JobProgress } from '../../engine/util/progress';

type Ctx = JobContext<ExportEvent>;

function chosenRow(state: ProjectState): LeaderboardRow | undefined {
  const t = state.training;
  const id = state.chosenModelId ?? t?.bestModelId;
  return t?.leaderboard.find((r) => r.modelId === id);
}

/**
 * The columns that name a row (the profile's ids and the plan's id roles, at most 5, none sharing a name with the
 * held-out file's own columns), in file order: written first in the bundle's predictions.csv.
 */
export function idColumns(state: ProjectState): string[] {
  const ids = new Set([
    ...(state.profile?.columns ?? []).filter((c) => c.kind === 'id').map((c) => c.name),
    ...(state.plan?.columns ?? []).filter((c) => c.role === 'id').map((c) => c.name),
  ]);
  const taken = /^(row|actual|prediction|proba_.*)$/;
  return (state.dataset?.columns ?? [])
    .map((c) => c.name)
    .filter((name) => ids.has(name) && !taken.test(name) && name !== state.intent?.target)
    .slice(0, 5);
}

/** Where each bundle file comes from in the artifacts folder (the others are made at export). */
function artifactOf(task: Task, file: string): ArtifactKey | null {
  if (file === BUNDLE_FILES.predictions) return task === 'image' ? 'imageHoldout' : 'holdout';
  return ROW_OUTPUTS.find((o) => BUNDLE_FILES[o.bundle] === file && o.bundle !== 'predictions')?.artifact ?? null;
}

/** The fitted model of the project: model.json (without registry fields yet), its ONNX bytes and the pipeline. */
async function fittedModel(
  state: ProjectState,
  artifactDir: string,
  appVersion: string,
): Promise<{ modelJson: BundleModelJson; onnx: Uint8Array | null; pipeline: FittedPipeline | null }> {
  const { intent, training, profile } = state;
  const task = intent!.task;
  if (task === 'classification' || task === 'regression') {
    const row = chosenRow(state);
    const best = training!.bestModelId && row?.modelId === training!.bestModelId;
    const pipeline = await readPipeline(artifactDir, best || !row ? undefined : row.modelId);
    const onnx = pipelineToOnnx(pipeline, { producer: `AutoML Desktop ${appVersion}`, docString: state.goal });
    const modelJson = buildModelJson({
      appVersion,
      task,
      pipeline,
      target: intent!.target,
      family: row?.family ?? (pipeline.kind === 'single' ? pipeline.model.family : 'ensemble'),
      hyperparameters: row?.params,
      metrics: { primary: training!.metric, validation: row?.metrics, test: row?.testMetrics },
      trainingData: {
        rows: profile!.rows,
        columns: profile!.columns.length,
        profile,
        // holdout.csv holds the best model's predictions: the reference for prediction drift when that is the one.
        ...(best || !row ? await heldOutReference(artifactDir, pipeline) : {}),
      },
      trainingSeconds: row?.fitSeconds ?? training!.elapsedSeconds,
      featureImportance: training!.featureImportance,
    });
    return { modelJson, onnx, pipeline };
  }
  const onnxPath = artifactPath(artifactDir, 'onnx');
  const onnx = hasOnnx(task) ? await readFile(onnxPath).catch(() => null) : null;
  if (hasOnnx(task) && !onnx)
    throw new CodedError('model-not-found', 'The trained model.onnx is missing from the project. Train again.');
  const modelJson: BundleModelJson =
    task === 'image'
      ? await requireArtifact(artifactDir, 'imageModel')
      : await analyticsModelJson(state, task, artifactDir, appVersion);
  return { modelJson, onnx: onnx ? new Uint8Array(onnx) : null, pipeline: null };
}

/**
 * Prepares the model's registry version where the person chose (default: beside the same data's latest model).
 * It is published by `exportProject` once the zip is complete.
 */
async function register(
  input: ExportJobInput,
  modelJson: BundleModelJson,
  onnx: Uint8Array | null,
  explainer: string | null,
): Promise<PendingVersion> {
  const { state } = input;
  const schema = schemaOfProject(state);
  if (!schema) throw new CodedError('stage-order', 'Nothing to register yet: add data and train a model first.');
  const registry = new ModelRegistry(input.dataDir);
  const choice = input.register;
  let modelId: string | undefined;
  if (choice?.kind === 'new') modelId = (await registry.placement(schema, state.dataset?.originalName)).newModelId;
  else if (choice?.kind === 'version') modelId = choice.modelId;
  const plan = await trainingPlanOf(input);
  return registry.prepare({
    modelId,
    schema,
    dataset: state.dataset?.originalName ?? null,
    onnx,
    modelJson,
    extraFiles: {
      ...(plan ? { [TRAINING_PLAN_FILE]: JSON.stringify(plan) } : {}),
      ...(explainer ? { [BUNDLE_FILES.explainer]: explainer } : {}),
    },
  });
}

/** How a table model was trained, kept with its registry version so a retrain can train a challenger the same way. */
async function trainingPlanOf(input: ExportJobInput): Promise<TrainingPlan | null> {
  const { state } = input;
  if (!state.plan || !state.training || !state.dataset) return null;
  const task = state.intent?.task;
  if (task !== 'classification' && task !== 'regression') return null;
  const split = await readArtifact(input.artifactDir, 'split').catch(() => null);
  return {
    plan: state.plan,
    families: (state.models?.candidates ?? []).filter((c) => c.selected).map((c) => c.family),
    budgetSeconds: state.models?.budgetSeconds ?? 60,
    metric: state.training.metric,
    dataPath: state.dataset.path,
    testIndices: split?.testIndices ?? null,
  };
}

/**
 * explainer.json of the exported model: the one written at training when it is the explained (best) model, otherwise
 * made now from the project's data and split. Null for other tasks, or when it cannot be made (the export goes on
 * without it, and predict says the model has no explanation data).
 */
async function explainerOf(
  state: ProjectState,
  artifactDir: string,
  pipeline: FittedPipeline | null,
): Promise<string | null> {
  if (!pipeline || !explainerTravels(state.training, chosenRow(state)?.modelId)) return null;
  const chosen = chosenRow(state)?.modelId ?? state.training?.bestModelId;
  if (chosen === state.training?.explanations?.modelId && hasArtifact(artifactDir, 'explainer'))
    return readFile(artifactPath(artifactDir, 'explainer'), 'utf8');
  try {
    const split = await readArtifact(artifactDir, 'split');
    if (!split || !state.dataset) return null;
    return JSON.stringify(await explainerFor(pipeline, state.dataset.path, split));
  } catch (err) {
    console.warn(`Explaining the exported model failed: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/**
 * The "Monitoring history" section when this version joins a model whose predictions were logged (its earlier
 * versions in use). Reading the log must not stop an export: a failure leaves the section out with a warning.
 */
async function monitoringOf(dataDir: string, saved: PendingVersion): Promise<Array<{ title: string; html: string }>> {
  if (saved.newModel || !existsSync(monitorDir(dataDir, saved.modelId))) return [];
  try {
    const registry = new ModelRegistry(dataDir);
    const model = activeModel(
      dataDir,
      saved.modelId,
      await registry.resolve(saved.modelId),
      await registry.versionNumbers(saved.modelId),
    );
    const html = monitoringSection(await withLog(dataDir, saved.modelId, (conn) => readState(conn, model)));
    return html ? [{ title: 'Monitoring history', html }] : [];
  } catch (err) {
    console.warn(
      `Reading the prediction log for the report failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    return [];
  }
}

/**
 * EXPORT's job: the model into the registry, then report, notebook and the zip, holding exactly `bundleEntries`.
 * The registry version is prepared first (its number goes into the bundle's model.json) and published only once the
 * zip is complete, so an export that fails, is cancelled or is killed adds no version. A failed or cancelled export
 * also removes what it staged (report, notebook, data copy): nothing of it is left in the project.
 */
export async function exportProject(input: ExportJobInput, ctx: Ctx): Promise<ExportInfo> {
  // The worker serves this one export: the report's numbers and dates follow the person's locale.
  setLocale(input.locale);
  const held: { pending?: PendingVersion } = {};
  try {
    const info = await buildExport(input, ctx, (p) => (held.pending = p));
    await held.pending?.commit();
    return info;
  } catch (err) {
    await held.pending?.abort();
    await rm(join(input.artifactDir, 'export'), { recursive: true, force: true });
    throw err;
  } finally {
    // The bundle holds the data copy and the predictions; the staged ones (up to 50 MB) are not kept beside the report.
    await rm(join(input.artifactDir, 'export', 'data.csv'), { force: true });
    await rm(join(input.artifactDir, 'export', BUNDLE_FILES.predictions), { force: true });
  }
}

/**
 * Where each step of an export usually ends, as a share of the whole: the copy of the data and the compression
 * dominate (both measured as they go); the model, explanation, report and notebook are steps.
 */
const EXPORT_STEPS = { model: 0.08, explainer: 0.15, register: 0.2, data: 0.45, report: 0.52, notebook: 0.56 };

async function buildExport(
  input: ExportJobInput,
  ctx: Ctx,
  onPending: (pending: PendingVersion) => void,
): Promise<ExportInfo> {
  const { state, artifactDir, zipPath } = input;
  const intent = state.intent;
  const training = state.training;
  if (!intent || !training || !state.dataset || !state.profile) {
    throw new CodedError('stage-order', 'Nothing to export yet: train a model first.');
  }
  const task = intent.task;
  const progress = new JobProgress('export', ctx.emit);
  const stagingDir = join(artifactDir, 'export');
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(stagingDir, { recursive: true });
  progress.report(0, 'Writing the model…');
  const fitted = await fittedModel(state, artifactDir, input.appVersion);
  progress.report(EXPORT_STEPS.model, 'Preparing the explanations…');
  const explainer = await explainerOf(state, artifactDir, fitted.pipeline);
  progress.report(EXPORT_STEPS.explainer, 'Adding the model to your models…');
  const entries = bundleEntries(task, {
    include: input.include,
    dataBytes: state.dataset.bytes,
    explained: explainer !== null,
  });
  const listed = (file: string) => entries.some((e) => e.file === file);
  const saved = registersModel(task) ? await register(input, fitted.modelJson, fitted.onnx, explainer) : null;
  if (saved) onPending(saved);
  const modelJson = saved ? { ...fitted.modelJson, modelId: saved.modelId, version: saved.version } : fitted.modelJson;

  checkAborted(ctx.signal, 'The export');
  progress.report(EXPORT_STEPS.register, 'Gathering the files…');
  const sources = new Map<string, BundleFile>();
  if (fitted.onnx) sources.set('model.onnx', { name: 'model.onnx', data: fitted.onnx });
  // The bundle's CSV files (predictions.csv, data.csv, ...) come from the one CSV writer: say how it escapes.
  sources.set('model.json', {
    name: 'model.json',
    data: JSON.stringify({ ...modelJson, csvEscaping: CSV_ESCAPE_NOTE }, null, 2),
  });
  if (explainer) sources.set(BUNDLE_FILES.explainer, { name: BUNDLE_FILES.explainer, data: explainer });
  sources.set('profile.json', { name: 'profile.json', data: JSON.stringify(state.profile, null, 1) });
  for (const e of entries) {
    const from = artifactOf(task, e.file);
    if (from && hasArtifact(artifactDir, from))
      sources.set(e.file, { name: e.file, path: artifactPath(artifactDir, from) });
  }
  const ids = idColumns(state);
  if (ids.length && listed(BUNDLE_FILES.predictions) && task !== 'image' && hasArtifact(artifactDir, 'holdout')) {
    // The held-out predictions with the data's id columns first, so they join back to the person's rows.
    const withIds = join(stagingDir, BUNDLE_FILES.predictions);
    await holdoutWithIds(artifactPath(artifactDir, 'holdout'), state.dataset.path, ids, withIds, ctx.signal);
    sources.set(BUNDLE_FILES.predictions, { name: BUNDLE_FILES.predictions, path: withIds });
  }
  const dataInBundle = listed(BUNDLE_FILES.data);
  if (dataInBundle) {
    const csv = join(stagingDir, BUNDLE_FILES.data);
    // The data in its stored row order (the split's row indices refer to it), through the one CSV writer.
    const copied = progress.part(EXPORT_STEPS.register, EXPORT_STEPS.data);
    await parquetToCsv(state.dataset.path, csv, ctx.signal, (f) => copied(f, 'Copying the data into the bundle…'));
    sources.set(BUNDLE_FILES.data, { name: BUNDLE_FILES.data, path: csv });
  }

  checkAborted(ctx.signal, 'The export');
  progress.report(EXPORT_STEPS.data, 'Writing the report…');
  if (listed('report.html')) {
    const taskResult = await readArtifact(artifactDir, 'taskResult');
    const forecastDetails =
      intent.task === 'forecast' ? (await readTaskResult(artifactDir, 'forecast'))?.details : null;
    const report = buildReport({
      projectName: state.name,
      goal: state.goal,
      intent,
      dataset: state.dataset,
      profile: state.profile,
      plan: state.plan ?? EMPTY_PLAN,
      training,
      pipeline: fitted.pipeline,
      modelJson,
      createdAt: new Date(),
      charts: taskResult?.charts,
      chosenModelId: state.chosenModelId ?? null,
      bundle: entries,
      ...(forecastDetails ? { forecastSteps: forecastDetails.backtest.horizon } : {}),
      extraSections: [
        ...(forecastDetails?.seasonPeriods
          ? [
              {
                title: 'Forecast method',
                html: forecastMethodSection(forecastDetails, (c) => shownName(state.profile?.columns, c)),
              },
            ]
          : []),
        ...(saved ? await monitoringOf(input.dataDir, saved) : []),
      ],
    });
    await writeFile(join(stagingDir, 'report.html'), report);
    sources.set('report.html', { name: 'report.html', path: join(stagingDir, 'report.html') });
    ctx.emit({ type: 'REPORT_READY', payload: { path: join(stagingDir, 'report.html') } });
  }

  checkAborted(ctx.signal, 'The export');
  progress.report(EXPORT_STEPS.report, 'Writing the notebook…');
  if (listed('notebook.ipynb')) {
    const notebook = await notebookFor(state, artifactDir, fitted.pipeline, dataInBundle);
    if (notebook) {
      await writeFile(join(stagingDir, 'notebook.ipynb'), JSON.stringify(notebook, null, 1));
      sources.set('notebook.ipynb', { name: 'notebook.ipynb', path: join(stagingDir, 'notebook.ipynb') });
      ctx.emit({ type: 'NOTEBOOK_READY', payload: { path: join(stagingDir, 'notebook.ipynb') } });
    }
  }

  // The bundle holds exactly what the Export step and the report promised, or the export fails.
  const missing = entries.filter((e) => !sources.has(e.file)).map((e) => e.file);
  if (missing.length) {
    throw new CodedError(
      'internal',
      `The export could not make ${missing.join(', ')} from this project's results. Train again, then export.`,
    );
  }
  const zipped = progress.part(EXPORT_STEPS.notebook, 1);
  const written = await writeBundle(
    zipPath,
    entries.map((e) => sources.get(e.file)!),
    ctx.signal,
    (f) => zipped(f, 'Packing the bundle…'),
  );
  progress.done('Exported.');
  return {
    zipPath,
    modelId: saved?.modelId ?? null,
    version: saved?.version ?? null,
    ...(saved ? { newModel: saved.newModel } : {}),
    files: written.files,
    bytes: written.bytes,
  };
}

/** model.json for tasks without a tabular pipeline: the task's own fitted parameters. */
async function analyticsModelJson(
  state: ProjectState,
  task: AnalyticsTask,
  artifactDir: string,
  appVersion: string,
): Promise<AnalyticsModelJson> {
  const forecast = await readArtifact(artifactDir, 'forecastModel');
  const segment = await readArtifact(artifactDir, 'segmentModel');
  const anomaly = await readArtifact(artifactDir, 'anomalyModel');
  return {
    formatVersion: 1,
    appVersion,
    createdAt: new Date().toISOString(),
    task,
    target: state.intent?.target ?? null,
    date: state.intent?.date ?? null,
    // The steps the forecast made (on a trading-day calendar fewer than the days the goal asked for).
    horizon: forecast?.backtest.horizon ?? state.intent?.horizon ?? null,
    metrics: state.training?.leaderboard.find((r) => r.modelId === state.training?.bestModelId)?.metrics ?? {},
    trainingData: {
      rows: state.profile?.rows,
      columns: state.profile?.columns.map((c) => ({ name: c.name, kind: c.kind })),
    },
    ...(forecast ? { 'forecast-model': forecast } : {}),
    ...(segment ? { 'segment-model': segment } : {}),
    ...(anomaly ? { 'anomaly-model': anomaly } : {}),
  };
}

const EMPTY_PLAN = {
  columns: [],
  validation: { kind: 'holdout' as const, testFraction: 0, stratified: false },
  classWeights: false,
  warnings: [],
};

/** The notebook: the tabular pipeline reproduced in scikit-learn, or the analytics task's own Python cells. */
async function notebookFor(
  state: ProjectState,
  artifactDir: string,
  pipeline: FittedPipeline | null,
  dataInBundle: boolean,
) {
  const intent = state.intent!;
  const row = chosenRow(state);
  const dataset = state.dataset!;
  // Without data.csv in the bundle the notebook reads the person's own file, the way the app read it.
  const written = Object.fromEntries(writtenNames(state.profile?.columns));
  const data = {
    dataFileName: dataInBundle ? BUNDLE_FILES.data : dataset.originalName,
    dataInBundle,
    ...(Object.keys(written).length ? { writtenNames: written } : {}),
    ...(dataset.textFormat
      ? {
          source: {
            name: dataset.originalName,
            format: dataset.textFormat,
            columns: dataset.columns.map((c) => c.name),
          },
        }
      : {}),
  };
  const split = pipeline && state.plan ? await readArtifact(artifactDir, 'split') : null;
  if (pipeline && state.plan && split) {
    return buildNotebook({
      ...data,
      task: intent.task,
      target: intent.target,
      plan: state.plan,
      pipeline,
      split,
      metrics: row?.testMetrics ?? row?.metrics ?? {},
      params: row?.params,
      family: row?.family,
      modelLabel: row?.label,
    });
  }
  let extraCells: NotebookCell[];
  if (intent.task === 'image') {
    extraCells = imageNotebookCells(await requireArtifact(artifactDir, 'imageModel'));
  } else {
    const cellsInput = await analyticsCellInput(state, artifactDir);
    if (!cellsInput) return null;
    extraCells = analyticsNotebookCells(cellsInput).map((c) =>
      c.kind === 'code' ? codeCell(c.text) : markdownCell(c.text),
    );
  }
  return buildNotebook({
    ...data,
    task: intent.task,
    target: intent.target,
    plan: state.plan ?? EMPTY_PLAN,
    pipeline: null,
    split: { testIndices: [], seed: 0, testFraction: 0 },
    metrics: row?.metrics ?? {},
    extraCells,
  });
}

async function analyticsCellInput(state: ProjectState, artifactDir: string): Promise<AnalyticsCellInput | null> {
  const intent = state.intent!;
  switch (intent.task) {
    case 'forecast': {
      const model = await readArtifact(artifactDir, 'forecastModel');
      return model ? { task: 'forecast', model, horizon: model.backtest.horizon } : null;
    }
    case 'segment': {
      const model = await readArtifact(artifactDir, 'segmentModel');
      return model ? { task: 'segment', model } : null;
    }
    case 'anomaly': {
      const result = await readTaskResult(artifactDir, 'anomaly');
      return result ? { task: 'anomaly', details: result.details } : null;
    }
    case 'correlation':
      return intent.target ? { task: 'correlation', target: intent.target } : null;
    case 'summary':
      return { task: 'summary' };
    case 'sentiment': {
      const col = intent.textColumn ?? intent.target;
      return col ? { task: 'sentiment', textColumn: col } : null;
    }
    default:
      return null;
  }
}
