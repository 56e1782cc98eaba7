import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PredictResult } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { DEFAULT_HORIZON } from '@shared/tasks';
import type { JobProgressEvent } from '@shared/events';
import { formatInteger } from '@shared/locale';
import type { JobContext } from '../protocol';
import type { PredictJobInput } from '../trainer-methods';
import { ModelRegistry } from '../../services/registry/model-registry';
import { scoreFile } from '../../engine/predict/score-file';
import { BatchAccumulator } from '../../engine/monitor/batch-accumulator';
import { trainingReference } from '../../engine/monitor/reference';
import { beginBatch, type PendingBatch } from '../../engine/monitor/log-batch';
import { openShadow } from './predict-shadow';
import type { BatchLogged, BatchSummary } from '@shared/monitor';
import { openBundle } from '../../engine/predict/open-bundle';
import { readExplainer } from '../../engine/explain/explainer-file';
import { whyEffectNote } from '../../engine/explain/why-columns';
import { openTable } from '../../engine/predict/read-table';
import { readableText } from '../../engine/predict/readable-text';
import type { TextHead } from '../../engine/ingest/encoding';
import { JobProgress } from '../../engine/util/progress';
import { tabularModelJson, type BundleModelJson } from '../../engine/artifacts/model-json';
import type { ModelJson } from '../../engine/pipeline/model-json';
import { readArtifact, type JsonArtifacts } from '../../engine/artifacts/store';
import { imageModelFacts } from '../../engine/image/model-json';
import { forecastSeriesHistory } from '../../engine/series/series-history';
import { predictImages } from '../../engine/image/predict-images';
import { CSV_ESCAPE_NOTE, escapeFormula, writeCsvFile, type CsvValue } from '../../engine/util/csv-writer';
import { segmentFile } from '../../engine/cluster/segment-assign';
import { scoreAnomalyFile } from '../../engine/anomaly/anomaly-model';

type Ctx = JobContext<JobProgressEvent>;

const PREVIEW_ROWS = 20;

/**
 * Scores new data with a registry model or an exported bundle; writes one output row per input row. A German
 * Excel file (Windows-1252, a "sep=;" line) is scored, logged and previewed from a UTF-8 copy (readable-text.ts).
 */
export async function predictJob(input: PredictJobInput, ctx: Ctx): Promise<PredictResult> {
  const readable = await readableText(input.inputPath, ctx.signal);
  try {
    return await predictReadable({ ...input, inputPath: readable.path }, ctx, readable.head);
  } catch (err) {
    throw readable.own(err);
  } finally {
    await readable.remove();
  }
}

/** `head`: the person's file's head as readableText read it (undefined for Parquet, JSON, folders). */
async function predictReadable(input: PredictJobInput, ctx: Ctx, head: TextHead | undefined): Promise<PredictResult> {
  const registry = new ModelRegistry(input.dataDir);
  if (input.source.kind === 'model') {
    const model = await registry.resolve(input.source.modelId);
    const logTo: LogTarget = { modelId: input.source.modelId, version: model.version, source: input.via ?? 'cli' };
    return predictWith(model, input, ctx, head, logTo);
  }
  // The bundle is unpacked for this prediction only: the folder goes on success, failure and cancel.
  await mkdir(join(input.dataDir, 'bundles'), { recursive: true });
  const dest = await mkdtemp(join(input.dataDir, 'bundles', 'open-'));
  try {
    const bundle = await openBundle(input.source.path, dest);
    return await predictWith(bundle, input, ctx, head, await registeredBundle(registry, bundle.modelJson));
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
}

/** Where a table model's predictions are logged for monitoring (registered models only). */
interface LogTarget {
  modelId: string;
  version: number;
  source: BatchSummary['source'];
}

/** A bundle whose model is a registry version (same id, version and creation time) is logged under it. */
async function registeredBundle(registry: ModelRegistry, mj: BundleModelJson): Promise<LogTarget | undefined> {
  const { modelId, version } = mj;
  if (typeof modelId !== 'string' || typeof version !== 'number' || !Number.isInteger(version)) return undefined;
  try {
    const known = await registry.resolve(modelId, version);
    return known.modelJson.createdAt === mj.createdAt ? { modelId, version, source: 'bundle' } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a small output table and returns what PredictResult carries. */
async function writeTable(
  path: string,
  columns: string[],
  table: CsvValue[][],
): Promise<Omit<PredictResult, 'outputPath'>> {
  const stats = await writeCsvFile(path, columns, table);
  const preview = table
    .slice(0, PREVIEW_ROWS)
    .map((r) => r.map((v) => (typeof v === 'string' ? escapeFormula(v) : String(v ?? ''))));
  return { rows: table.length, columns, preview, ...escapeNote(stats.escapedCells) };
}

/** Says so when some cells carry the formula escape. */
function escapeNote(escapedCells: number): { note?: string } {
  return escapedCells
    ? { note: `${escapedCells} cell${escapedCells > 1 ? 's' : ''} changed for spreadsheets. ${CSV_ESCAPE_NOTE}` }
    : {};
}

/**
 * The fitted parameters of a forecast, segment or anomaly model: in model.json, or in the file beside it. A
 * model.json that names such a task without them (edited, or from another program) gets a plain refusal.
 */
async function fittedParameters<K extends 'forecastModel' | 'segmentModel' | 'anomalyModel'>(
  inline: JsonArtifacts[K] | undefined,
  dir: string,
  key: K,
  task: string,
): Promise<JsonArtifacts[K]> {
  if (inline && typeof inline === 'object') return inline;
  const saved = await readArtifact(dir, key).catch(() => null);
  if (saved && typeof saved === 'object') return saved;
  throw new CodedError(
    'invalid-input',
    `This model's model.json says it is ${/^[aeiou]/.test(task) ? 'an' : 'a'} ${task} model, but the fitted ${task} parameters are missing. Export the model again from the app.`,
  );
}

async function predictWith(
  model: { dir: string; modelJson: BundleModelJson; onnxPath: string },
  input: PredictJobInput,
  ctx: Ctx,
  head: TextHead | undefined,
  logTo?: LogTarget,
): Promise<PredictResult> {
  const json = model.modelJson;
  const out = input.outputPath;

  if (json.task === 'forecast') {
    const fitted = await fittedParameters(json['forecast-model'], model.dir, 'forecastModel', 'forecast');
    const horizon = input.horizon ?? json.horizon ?? DEFAULT_HORIZON;
    const rows = await forecastSeriesHistory(fitted, input.inputPath, horizon);
    const dateColumn = fitted.dateColumn;
    // One series of several: each row names it first, as the history does.
    const key = fitted.series?.value != null ? { column: fitted.series.column, value: fitted.series.value } : null;
    const table = rows.map((r) => [
      ...(key ? [key.value] : []),
      r.date,
      r.prediction,
      r.lower,
      r.upper,
      r.lower80,
      r.upper80,
    ]);
    const columns = [...(key ? [key.column] : []), dateColumn, 'prediction', 'lower', 'upper', 'lower_80', 'upper_80'];
    return { outputPath: out, ...(await writeTable(out, columns, table)) };
  }
  if (json.task === 'image') {
    const progress = new JobProgress('predict', ctx.emit);
    const results = await predictImages(model.onnxPath, json, input.inputPath, {
      signal: ctx.signal,
      onProgress: (done, total) =>
        progress.report(0.95 * (done / total), `Scored ${formatInteger(done)} of ${formatInteger(total)} pictures`),
    });
    const classes = imageModelFacts(json).labels;
    // Models that measure novelty say, per picture, whether it is unlike anything they were trained on.
    const novel = results.some((r) => r.novelty);
    const columns = [
      'file',
      'prediction',
      ...classes.map((c) => `proba_${c}`),
      ...(novel ? ['novelty', 'unlike_training'] : []),
    ];
    const table = results.map((r) => [
      r.file,
      r.prediction,
      ...r.probabilities,
      ...(novel ? [r.novelty?.value ?? null, r.novelty?.unlike ? 1 : 0] : []),
    ]);
    return { outputPath: out, ...(await writeTable(out, columns, table)) };
  }
  if (json.task === 'segment') {
    const fitted = await fittedParameters(json['segment-model'], model.dir, 'segmentModel', 'segment');
    const { header, rows } = await segmentFile(fitted, input.inputPath);
    // Customer segments (RFM) have one row per customer, not per input row: nothing to put beside them.
    const aligned = header[0] === 'row';
    return {
      outputPath: out,
      ...(await writeTable(out, header, rows)),
      ...(aligned ? { input: await inputPreview(input.inputPath) } : {}),
    };
  }
  if (json.task === 'anomaly') {
    const fitted = await fittedParameters(json['anomaly-model'], model.dir, 'anomalyModel', 'anomaly');
    const { header, rows } = await scoreAnomalyFile(fitted, input.inputPath);
    return { outputPath: out, ...(await writeTable(out, header, rows)), input: await inputPreview(input.inputPath) };
  }
  const tabular = tabularModelJson(json);
  if ((await stat(input.inputPath)).isDirectory()) {
    throw new CodedError('invalid-input', `${input.inputPath} is a folder; this model scores a CSV file.`);
  }
  const watch = logTo ? new BatchAccumulator(trainingReference(tabular)) : null;
  const pending = logTo ? await beginLog(input, tabular, logTo) : undefined;
  const explain = input.explain
    ? {
        file: await readExplainer(
          model.dir,
          tabular.features.map((f) => f.name),
        ),
        top: input.explain,
      }
    : undefined;
  const progress = new JobProgress('predict', ctx.emit);
  // Shadow mode: the chosen candidate scores the same rows, from the same read, beside the active version (never
  // returned).
  const shadowVersion = pending && 'settings' in pending ? pending.settings.shadowVersion : null;
  const shadow =
    logTo && pending && 'finish' in pending && shadowVersion !== null && shadowVersion !== logTo.version
      ? await openShadow({
          dataDir: input.dataDir,
          modelId: logTo.modelId,
          version: shadowVersion,
          championBatchId: pending.batchId,
          inputPath: input.inputPath,
        })
      : undefined;
  const scored = progress.part(0, 0.97);
  const result = await scoreFile({
    ...(explain ? { explain } : {}),
    ...(input.keep?.length ? { keep: input.keep } : {}),
    ...(shadow && 'scoring' in shadow ? { shadow: shadow.scoring } : {}),
    onnxPath: model.onnxPath,
    modelJson: tabular,
    inputPath: input.inputPath,
    ...(head ? { inputHead: head } : {}),
    outputPath: out,
    signal: ctx.signal,
    onProgress: (rows, total) => {
      // An estimate may fall short: the fraction stays below 1 until scoring ends.
      const fraction = total && total.rows > 0 ? Math.min(total.exact ? 1 : 0.99, rows / total.rows) : null;
      const of = total ? ` of ${total.exact ? '' : 'about '}${formatInteger(total.rows)}` : '';
      scored(fraction, `Scored ${formatInteger(rows)}${of} rows`);
    },
    watch: watch ?? undefined,
  }).catch(async (err: unknown) => {
    if (pending && 'abort' in pending) await pending.abort();
    if (shadow && 'abort' in shadow) await shadow.abort();
    throw err;
  });
  if (logTo) progress.report(progress.fraction, 'Adding the batch to the prediction log…');
  const monitor = logTo && watch && pending ? await finishLog(pending, logTo, watch, out) : undefined;
  const shadowNote =
    shadow && logTo
      ? 'note' in shadow
        ? shadow.note
        : await shadow.finish(result.shadow, !!pending && monitor?.batchId === pending.batchId, logTo.source)
      : undefined;
  progress.done(`Scored ${formatInteger(result.rows)} rows.`);
  const notes = [escapeNote(result.escapedCells).note, monitor?.note, shadowNote].filter(Boolean);
  return {
    outputPath: out,
    rows: result.rows,
    columns: result.columns,
    preview: result.preview,
    ...(notes.length ? { note: notes.join(' ') } : {}),
    ...(explain ? { effects: whyEffectNote(explain.file) } : {}),
    input: await inputPreview(input.inputPath),
    ...(monitor ? { monitor } : {}),
  };
}

/** A logging failure never stops a prediction: it becomes a note beside the predictions. */
function logNote(logTo: LogTarget, err: unknown): BatchLogged {
  const why = err instanceof CodedError ? ` ${err.message}` : '';
  return {
    modelId: logTo.modelId,
    version: logTo.version,
    batchId: '',
    level: 'ok',
    opened: [],
    note: `The predictions were written, but they could not be added to the model's prediction log.${why}`,
  };
}

/** Starts the batch in the model's prediction log (the input rows are copied while scoring runs). */
async function beginLog(
  input: PredictJobInput,
  json: ModelJson,
  logTo: LogTarget,
): Promise<PendingBatch | BatchLogged> {
  try {
    return await beginBatch({
      dataDir: input.dataDir,
      modelId: logTo.modelId,
      modelJson: json,
      inputPath: input.inputPath,
    });
  } catch (err) {
    return logNote(logTo, err);
  }
}

/** Commits the scored batch to the log. */
async function finishLog(
  pending: PendingBatch | BatchLogged,
  logTo: LogTarget,
  watch: BatchAccumulator,
  outputPath: string,
): Promise<BatchLogged> {
  if (!('finish' in pending)) return pending;
  try {
    return await pending.finish({ version: logTo.version, outputPath, counts: watch.finish(), source: logTo.source });
  } catch (err) {
    return logNote(logTo, err);
  }
}

/** The first rows of the input as text, exactly as read (for the preview beside the predictions). */
async function inputPreview(path: string): Promise<PredictResult['input']> {
  const table = await openTable(path);
  try {
    const columns = table.columns.slice(0, 40);
    const batch = await (await table.read(columns.map((name) => ({ name, as: 'text' as const })))).next(PREVIEW_ROWS);
    const cells = (batch?.columns ?? []) as Array<Array<string | null>>;
    const rows = Array.from({ length: batch?.rows ?? 0 }, (_, r) => cells.map((c) => c[r] ?? null));
    // Headed by the names as written ('price', not the reader's 'price_1').
    return { columns: table.written.slice(0, 40), preview: rows };
  } finally {
    table.close();
  }
}
