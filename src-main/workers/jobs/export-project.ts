import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import type { ExportEvent } from '@shared/events';
import type { JobContext } from '../protocol';
import type { ExportInfo, LeaderboardRow, ProjectState } from '@shared/project';
import type { ExportJobInput } from '../trainer-methods';
import type { FittedPipeline } from '../../engine/pipeline/types';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { buildModelJson, slugId, type ModelJson } from '../../engine/pipeline/model-json';
import { ModelRegistry, type PendingVersion } from '../../services/registry/model-registry';
import type { ForecastDetails } from '../../engine/forecast/run-forecast';
import { forecastMethodSection } from '../../export/report/sections/forecast';
import { buildReport } from '../../export/report/build-report';
import { buildNotebook, codeCell, markdownCell, type NotebookCell } from '../../export/notebook/build-notebook';
import { imageNotebookCells } from '../../export/notebook/image-cells';
import { analyticsNotebookCells, type AnalyticsCellInput } from '../../engine/analytics/python-cells';
import { writeBundle, type BundleFile } from '../../export/bundle/write-bundle';
import { parquetToCsv } from '../../engine/util/table-csv';
import { CSV_ESCAPE_NOTE } from '../../engine/util/csv-writer';

type Ctx = JobContext<ExportEvent>;

/** The training data travels in the bundle (so the notebook runs as is) up to this size. */
const MAX_DATA_IN_BUNDLE = 50 * 1024 * 1024;

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

function chosenRow(state: ProjectState): LeaderboardRow | undefined {
  const t = state.training;
  const id = state.chosenModelId ?? t?.bestModelId;
  return t?.leaderboard.find((r) => r.modelId === id);
}

/**
 * EXPORT's job: ONNX + model.json into the registry, then report, notebook and the zip. The registry version is
 * prepared first (its number goes into the bundle's model.json) and published only once the zip is complete,
 * so an export that fails, is cancelled or is killed adds no version.
 */
export async function exportProject(input: ExportJobInput, ctx: Ctx): Promise<ExportInfo> {
  const held: { pending?: PendingVersion } = {};
  try {
    const info = await buildExport(input, ctx, (p) => (held.pending = p));
    await held.pending?.commit();
    return info;
  } catch (err) {
    await held.pending?.abort();
    throw err;
  } finally {
    // The bundle holds the data copy; the staged one (up to 50 MB) is not kept beside the report.
    await rm(join(input.artifactDir, 'export', 'data.csv'), { force: true });
  }
}

async function buildExport(
  input: ExportJobInput,
  ctx: Ctx,
  onPending: (pending: PendingVersion) => void,
): Promise<ExportInfo> {
  const { state, artifactDir, zipPath, dataDir } = input;
  const intent = state.intent;
  const training = state.training;
  if (!intent || !training || !state.dataset || !state.profile) {
    throw new CodedError('stage-order', 'Nothing to export yet: train a model first.');
  }
  const stagingDir = join(artifactDir, 'export');
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(stagingDir, { recursive: true });
  const files: BundleFile[] = [];
  const row = chosenRow(state);
  const registry = new ModelRegistry(dataDir);
  let modelId = `${intent.task}-${state.id.slice(-8)}`;
  let version = 0;

  let pipeline: FittedPipeline | null = null;
  let modelJson: ModelJson | Record<string, unknown> | null = null;
  if (intent.task === 'classification' || intent.task === 'regression') {
    const best = training.bestModelId && row?.modelId === training.bestModelId;
    const path = best || !row ? join(artifactDir, 'pipeline.json') : join(artifactDir, `pipeline-${row.modelId}.json`);
    if (!existsSync(path))
      throw new CodedError('model-not-found', `The trained model file is missing (${path}). Train again.`);
    pipeline = await readJson<FittedPipeline>(path);
    const onnx = pipelineToOnnx(pipeline, { producer: `AutoML Desktop ${input.appVersion}`, docString: state.goal });
    modelId = slugId(state.intent?.target ?? 'model', intent.task);
    modelJson = buildModelJson({
      appVersion: input.appVersion,
      task: intent.task,
      pipeline,
      target: intent.target,
      family: row?.family ?? (pipeline.kind === 'ensemble' ? 'ensemble' : pipeline.model.family),
      hyperparameters: row?.params,
      metrics: { primary: training.metric, validation: row?.metrics, test: row?.testMetrics },
      trainingData: { rows: state.profile.rows, columns: state.profile.columns.length, profile: state.profile },
      trainingSeconds: row?.fitSeconds ?? training.elapsedSeconds,
      featureImportance: training.featureImportance,
      modelId,
    });
    const saved = await registry.prepare({ modelId, onnx, modelJson: modelJson as ModelJson });
    onPending(saved);
    modelId = saved.modelId;
    version = saved.version;
    modelJson = { ...modelJson, modelId, version };
    files.push({ name: 'model.onnx', data: onnx });
  } else if (intent.task === 'image') {
    const onnxPath = join(artifactDir, 'model.onnx');
    modelJson = await readJson<Record<string, unknown>>(join(artifactDir, 'image-model.json'));
    const saved = await registry.prepare({
      modelId,
      onnx: new Uint8Array(await readFile(onnxPath)),
      modelJson: modelJson as ModelJson,
    });
    onPending(saved);
    modelId = saved.modelId;
    version = saved.version;
    modelJson = { ...modelJson, modelId, version };
    files.push({ name: 'model.onnx', path: onnxPath });
  } else {
    modelJson = await taskModelJson(state, artifactDir, input.appVersion);
    const onnxPath = join(artifactDir, 'model.onnx');
    if (existsSync(onnxPath)) files.push({ name: 'model.onnx', path: onnxPath });
  }
  // The bundle's CSV files (predictions.csv, data.csv, ...) come from the one CSV writer: say how it escapes.
  files.push({ name: 'model.json', data: JSON.stringify({ ...modelJson, csvEscaping: CSV_ESCAPE_NOTE }, null, 2) });

  // Holdout predictions, or the task's per-row output.
  for (const [name, out] of [
    ['holdout.csv', 'predictions.csv'],
    ['holdout-predictions.csv', 'predictions.csv'],
    ['forecast.csv', 'forecast.csv'],
    ['segments.csv', 'segments.csv'],
    ['scores.csv', 'anomaly-scores.csv'],
    ['sentiment.csv', 'sentiment.csv'],
    ['factors.csv', 'factors.csv'],
    ['summary.csv', 'summary.csv'],
  ] as const) {
    if (existsSync(join(artifactDir, name))) files.push({ name: out, path: join(artifactDir, name) });
  }
  files.push({ name: 'profile.json', data: JSON.stringify(state.profile, null, 1) });

  const dataFileName = 'data.csv';
  if (state.dataset.format !== 'images' && (await stat(state.dataset.path)).size <= MAX_DATA_IN_BUNDLE) {
    const csv = join(stagingDir, dataFileName);
    // The data in its stored row order (the split's row indices refer to it), through the one CSV writer.
    await parquetToCsv(state.dataset.path, csv, ctx.signal);
    if ((await stat(csv)).size <= MAX_DATA_IN_BUNDLE) files.push({ name: dataFileName, path: csv });
  }

  const taskResult = existsSync(join(artifactDir, 'task-result.json'))
    ? await readJson<{ charts?: Array<{ title: string; spec: unknown }>; details?: unknown }>(
        join(artifactDir, 'task-result.json'),
      )
    : null;
  const forecastDetails =
    intent.task === 'forecast' && taskResult?.details ? (taskResult.details as ForecastDetails) : null;
  const report = buildReport({
    projectName: state.name,
    goal: state.goal,
    intent,
    dataset: state.dataset,
    profile: state.profile,
    plan: state.plan ?? {
      columns: [],
      validation: { kind: 'holdout', testFraction: 0.2, stratified: false },
      classWeights: false,
      warnings: [],
    },
    training,
    pipeline,
    modelJson: modelJson ?? undefined,
    createdAt: new Date(),
    charts: taskResult?.charts,
    chosenModelId: state.chosenModelId ?? null,
    ...(forecastDetails?.seasonPeriods
      ? { extraSections: [{ title: 'Forecast method', html: forecastMethodSection(forecastDetails) }] }
      : {}),
  });
  await writeFile(join(stagingDir, 'report.html'), report);
  files.push({ name: 'report.html', path: join(stagingDir, 'report.html') });
  ctx.emit({ type: 'REPORT_READY', payload: { path: join(stagingDir, 'report.html') } });

  const notebook = await notebookFor(state, artifactDir, pipeline, dataFileName);
  if (notebook) {
    await writeFile(join(stagingDir, 'notebook.ipynb'), JSON.stringify(notebook, null, 1));
    files.push({ name: 'notebook.ipynb', path: join(stagingDir, 'notebook.ipynb') });
    ctx.emit({ type: 'NOTEBOOK_READY', payload: { path: join(stagingDir, 'notebook.ipynb') } });
  }

  const include = { report: true, notebook: true, predictions: true, data: true, ...input.include };
  const optional: Record<string, keyof typeof include> = {
    'report.html': 'report',
    'notebook.ipynb': 'notebook',
    'data.csv': 'data',
    'predictions.csv': 'predictions',
    'forecast.csv': 'predictions',
    'segments.csv': 'predictions',
    'anomaly-scores.csv': 'predictions',
    'sentiment.csv': 'predictions',
  };
  const written = await writeBundle(
    zipPath,
    files.filter((f) => include[optional[f.name]] !== false),
  );
  return { zipPath, modelId, version, files: written.files, bytes: written.bytes };
}

/** model.json for tasks without a tabular pipeline: the task's own fitted parameters. */
async function taskModelJson(
  state: ProjectState,
  artifactDir: string,
  appVersion: string,
): Promise<Record<string, unknown>> {
  const fitted: Record<string, unknown> = {};
  for (const name of ['forecast-model.json', 'segment-model.json', 'anomaly-model.json']) {
    const p = join(artifactDir, name);
    if (existsSync(p)) fitted[name.replace('.json', '')] = await readJson(p);
  }
  return {
    formatVersion: 1,
    appVersion,
    createdAt: new Date().toISOString(),
    task: state.intent?.task,
    target: state.intent?.target ?? null,
    date: state.intent?.date ?? null,
    horizon: state.intent?.horizon ?? null,
    metrics: state.training?.leaderboard.find((r) => r.modelId === state.training?.bestModelId)?.metrics ?? {},
    trainingData: {
      rows: state.profile?.rows,
      columns: state.profile?.columns.map((c) => ({ name: c.name, kind: c.kind })),
    },
    ...fitted,
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
  dataFileName: string,
) {
  const intent = state.intent!;
  const row = chosenRow(state);
  if (pipeline && state.plan && existsSync(join(artifactDir, 'split.json'))) {
    const split = await readJson<{ testIndices: number[]; seed: number; testFraction: number }>(
      join(artifactDir, 'split.json'),
    );
    return buildNotebook({
      dataFileName,
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
    const imageJson = await readJson<Record<string, unknown>>(join(artifactDir, 'image-model.json'));
    extraCells = imageNotebookCells(imageJson);
  } else {
    const cellsInput = await analyticsCellInput(state, artifactDir);
    if (!cellsInput) return null;
    extraCells = analyticsNotebookCells(cellsInput).map((c) =>
      c.kind === 'code' ? codeCell(c.text) : markdownCell(c.text),
    );
  }
  return buildNotebook({
    dataFileName,
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
  const fitted = async <T>(name: string): Promise<T | null> =>
    existsSync(join(artifactDir, name)) ? readJson<T>(join(artifactDir, name)) : null;
  switch (intent.task) {
    case 'forecast': {
      const model = await fitted<never>('forecast-model.json');
      return model ? { task: 'forecast', model, horizon: intent.horizon ?? 14 } : null;
    }
    case 'segment': {
      const model = await fitted<never>('segment-model.json');
      return model ? { task: 'segment', model } : null;
    }
    case 'anomaly': {
      const result = await fitted<{ details: { columns: string[]; numericColumns: string[] } }>('task-result.json');
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
