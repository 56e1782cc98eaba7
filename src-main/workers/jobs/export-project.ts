import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { DEFAULT_HORIZON, type AnalyticsTask } from '@shared/tasks';
import type { ExportEvent } from '@shared/events';
import type { JobContext } from '../protocol';
import type { ExportInfo, LeaderboardRow, ProjectState } from '@shared/project';
import type { ExportJobInput } from '../trainer-methods';
import type { FittedPipeline } from '../../engine/pipeline/types';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { buildModelJson, slugId } from '../../engine/pipeline/model-json';
import type { AnalyticsModelJson, BundleModelJson } from '../../engine/artifacts/model-json';
import { BUNDLE_FILES, ROW_OUTPUTS } from '../../engine/artifacts/files';
import {
  artifactPath,
  hasArtifact,
  readArtifact,
  readPipeline,
  readTaskResult,
  requireArtifact,
} from '../../engine/artifacts/store';
import { ModelRegistry, type PendingVersion } from '../../services/registry/model-registry';
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
  let modelJson: BundleModelJson;
  if (intent.task === 'classification' || intent.task === 'regression') {
    const best = training.bestModelId && row?.modelId === training.bestModelId;
    pipeline = await readPipeline(artifactDir, best || !row ? undefined : row.modelId);
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
    const saved = await registry.prepare({ modelId, onnx, modelJson });
    onPending(saved);
    modelId = saved.modelId;
    version = saved.version;
    modelJson = { ...modelJson, modelId, version };
    files.push({ name: BUNDLE_FILES.onnx, data: onnx });
  } else if (intent.task === 'image') {
    const onnxPath = artifactPath(artifactDir, 'onnx');
    const imageJson = await requireArtifact(artifactDir, 'imageModel');
    const saved = await registry.prepare({
      modelId,
      onnx: new Uint8Array(await readFile(onnxPath)),
      modelJson: imageJson,
    });
    onPending(saved);
    modelId = saved.modelId;
    version = saved.version;
    modelJson = { ...imageJson, modelId, version };
    files.push({ name: BUNDLE_FILES.onnx, path: onnxPath });
  } else {
    modelJson = await analyticsModelJson(state, intent.task, artifactDir, input.appVersion);
    if (hasArtifact(artifactDir, 'onnx'))
      files.push({ name: BUNDLE_FILES.onnx, path: artifactPath(artifactDir, 'onnx') });
  }
  // The bundle's CSV files (predictions.csv, data.csv, ...) come from the one CSV writer: say how it escapes.
  files.push({
    name: BUNDLE_FILES.modelJson,
    data: JSON.stringify({ ...modelJson, csvEscaping: CSV_ESCAPE_NOTE }, null, 2),
  });

  // Holdout predictions, or the task's per-row output.
  for (const { artifact, bundle } of ROW_OUTPUTS) {
    if (hasArtifact(artifactDir, artifact))
      files.push({ name: BUNDLE_FILES[bundle], path: artifactPath(artifactDir, artifact) });
  }
  files.push({ name: BUNDLE_FILES.profile, data: JSON.stringify(state.profile, null, 1) });

  const dataFileName = BUNDLE_FILES.data;
  if (state.dataset.format !== 'images' && (await stat(state.dataset.path)).size <= MAX_DATA_IN_BUNDLE) {
    const csv = join(stagingDir, dataFileName);
    // The data in its stored row order (the split's row indices refer to it), through the one CSV writer.
    await parquetToCsv(state.dataset.path, csv, ctx.signal);
    if ((await stat(csv)).size <= MAX_DATA_IN_BUNDLE) files.push({ name: dataFileName, path: csv });
  }

  const forecastResult = intent.task === 'forecast' ? await readTaskResult(artifactDir, 'forecast') : null;
  const taskResult = await readArtifact(artifactDir, 'taskResult');
  const forecastDetails = forecastResult?.details ?? null;
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
    modelJson,
    createdAt: new Date(),
    charts: taskResult?.charts,
    chosenModelId: state.chosenModelId ?? null,
    ...(forecastDetails?.seasonPeriods
      ? { extraSections: [{ title: 'Forecast method', html: forecastMethodSection(forecastDetails) }] }
      : {}),
  });
  const reportPath = join(stagingDir, BUNDLE_FILES.report);
  await writeFile(reportPath, report);
  files.push({ name: BUNDLE_FILES.report, path: reportPath });
  ctx.emit({ type: 'REPORT_READY', payload: { path: reportPath } });

  const notebook = await notebookFor(state, artifactDir, pipeline, dataFileName);
  if (notebook) {
    const notebookPath = join(stagingDir, BUNDLE_FILES.notebook);
    await writeFile(notebookPath, JSON.stringify(notebook, null, 1));
    files.push({ name: BUNDLE_FILES.notebook, path: notebookPath });
    ctx.emit({ type: 'NOTEBOOK_READY', payload: { path: notebookPath } });
  }

  const include = { report: true, notebook: true, predictions: true, data: true, ...input.include };
  const optional: Record<string, keyof typeof include> = {
    [BUNDLE_FILES.report]: 'report',
    [BUNDLE_FILES.notebook]: 'notebook',
    [BUNDLE_FILES.data]: 'data',
    [BUNDLE_FILES.predictions]: 'predictions',
    [BUNDLE_FILES.forecast]: 'predictions',
    [BUNDLE_FILES.segments]: 'predictions',
    [BUNDLE_FILES.anomalyScores]: 'predictions',
    [BUNDLE_FILES.sentiment]: 'predictions',
  };
  const written = await writeBundle(
    zipPath,
    files.filter((f) => include[optional[f.name]] !== false),
  );
  return { zipPath, modelId, version, files: written.files, bytes: written.bytes };
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
  return {
    formatVersion: 1,
    appVersion,
    createdAt: new Date().toISOString(),
    task,
    target: state.intent?.target ?? null,
    date: state.intent?.date ?? null,
    horizon: state.intent?.horizon ?? null,
    metrics: state.training?.leaderboard.find((r) => r.modelId === state.training?.bestModelId)?.metrics ?? {},
    trainingData: {
      rows: state.profile?.rows,
      columns: state.profile?.columns.map((c) => ({ name: c.name, kind: c.kind })),
    },
    ...(forecast ? { 'forecast-model': forecast } : {}),
    ...(segment ? { 'segment-model': segment } : {}),
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
  const split = pipeline && state.plan ? await readArtifact(artifactDir, 'split') : null;
  if (pipeline && state.plan && split) {
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
    extraCells = imageNotebookCells(await requireArtifact(artifactDir, 'imageModel'));
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
  switch (intent.task) {
    case 'forecast': {
      const model = await readArtifact(artifactDir, 'forecastModel');
      return model ? { task: 'forecast', model, horizon: intent.horizon ?? DEFAULT_HORIZON } : null;
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
