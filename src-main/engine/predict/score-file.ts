/**
 * Scores a table file through model.onnx with onnxruntime-node, streaming: batches of rows are read with
 * DuckDB, typed against model.json's schema, run through the session and appended to the output CSV, so
 * memory stays flat on a file of any length. The output is row-aligned with the input: the input columns asked to be
 * kept (as written), `prediction`, then one `proba_<class>` column per class in model.json order. It is written to a temporary file and renamed
 * into place only when every row scored.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CodedError } from '@shared/errors';
import type { ModelJson } from '../pipeline/model-json';
import { availableParallelism } from 'node:os';
import type { Columns, Predictions } from '../pipeline/types';
import { convertColumn, unreadableCell } from './convert-cells';
import { CsvWriter, escapeFormula, type CsvValue } from '../util/csv-writer';
import { shownText } from '../util/shown-text';
import { OrtPool } from './ort-pool';
import { feedData, openSession, readPredictions, toTensors } from './ort-session';
import { openTable } from './read-table';
import {
  outputColumns,
  predictionColumns,
  readAs,
  ShadowLane,
  type Scorer,
  type ScoreWatcher,
  type ShadowOutcome,
  type ShadowScoring,
} from './shadow-lane';
import type { TextHead } from '../ingest/encoding';
import { scoringGraph } from './scoring-graph';
import type { PredictionLabels } from './scoring-labels';
import type { RowEstimate } from './row-estimate';
import type { ExplainerFile } from '../explain/explainer-file';
import { whyColumns, whyHeader } from '../explain/why-columns';
import { columnFor, inputColumns } from './written-header';

export interface ScoreFileArgs {
  onnxPath: string;
  modelJson: ModelJson;
  inputPath: string;
  /** The input file's head when the caller has read it (readableText), so it is not read again (read-table.ts). */
  inputHead?: TextHead;
  outputPath: string;
  /** Rows written so far, and how many the file holds (exact or estimated; null when unknown). */
  onProgress?: (rows: number, total: RowEstimate | null) => void;
  signal?: AbortSignal;
  /** Rows per ONNX run (default 8192). */
  batchRows?: number;
  /** Scoring threads (default: up to 2, one per core): sessions in worker threads when more than 1. */
  threads?: number;
  /** Watches what is scored (the prediction log). */
  watch?: ScoreWatcher;
  /** A second model scoring the same rows from the same read (shadow mode); its failure stops it alone. */
  shadow?: ShadowScoring;
  /** Adds each row's `top` strongest contributions (why_1_column, why_1_value, why_1_effect, ...), from explainer.json. */
  explain?: { file: ExplainerFile; top: number };
  /** Input columns copied first into each output row, cells as written (an id to join the predictions back by). */
  keep?: string[];
}

export type { ScoreWatcher };

export interface ScoreFileResult {
  rows: number;
  columns: string[];
  /** The first output rows (header excluded, at most 20), cells as written but without CSV quoting. */
  preview: string[][];
  /** Cells written with the formula escape (see CSV_ESCAPE_NOTE); 0 when every value is exactly as predicted. */
  escapedCells: number;
  /** With `shadow`: the rows it scored, or why it stopped. */
  shadow?: ShadowOutcome;
}

const PREVIEW_ROWS = 20;
/** Rows per onnxruntime run: large enough that per-run overhead vanishes, small enough to keep memory flat. */
export const SCORE_BATCH_ROWS = 8192;

export { outputColumns };

export async function scoreFile(args: ScoreFileArgs): Promise<ScoreFileResult> {
  const { modelJson: mj, signal } = args;
  const batchRows = args.batchRows ?? SCORE_BATCH_ROWS;
  if (!Array.isArray(mj.features) || mj.features.length === 0) {
    throw new CodedError(
      'invalid-input',
      `This model.json lists no input columns (task '${String(mj.task)}'), so it cannot score a table. Use a classification or regression model.`,
    );
  }
  // The scoring threads start (each loads onnxruntime and the model: ~0.1-0.3 s) while DuckDB opens the table.
  const threads = args.threads ?? defaultThreads();
  const opening = openScorer(args.onnxPath, threads);
  opening.catch(() => undefined);
  const shadow = args.shadow ? new ShadowLane(args.shadow, openScorer(args.shadow.onnxPath, threads)) : null;
  const closeScorer = (): Promise<void> =>
    opening.then(
      (s) => s.close(),
      () => undefined,
    );
  const table = await openTable(args.inputPath, { head: args.inputHead }).catch(async (err: unknown) => {
    await Promise.all([closeScorer(), shadow?.close()]);
    throw err;
  });
  let out: CsvWriter | undefined;
  try {
    const keep = args.keep ?? [];
    const unknown = keep.filter((k) => columnFor(table, k) === undefined);
    if (unknown.length)
      throw new CodedError(
        'column-missing',
        `There is no column ${listed(unknown.map((k) => `'${k}'`))} to keep in ${basename(args.inputPath)}. Columns found: ${listed(table.written)}.`,
        { missing: unknown, available: table.written },
      );
    const { at, missing } = inputColumns(mj.features, table);
    if (missing.length) {
      throw new CodedError(
        'column-missing',
        `The model needs column${missing.length > 1 ? 's' : ''} ${listed(missing.map((m) => `'${m}'`))}, which ${missing.length > 1 ? 'are' : 'is'} not in ${basename(args.inputPath)}. Columns found: ${listed(table.written)}.`,
        { missing, available: table.written },
      );
    }
    const scorer = await opening.catch(() => {
      throw new CodedError(
        'invalid-input',
        'The model file (model.onnx) could not be loaded: it is damaged or not a model this app exported. Export the model again.',
      );
    });
    // Counted before the stream opens: the stream holds the table's one connection.
    const total = args.onProgress ? await table.estimateRows() : null;
    // Kept columns are read as raw text after the model's inputs: each batch carries them to its output rows.
    const wanted = [
      ...mj.features.map((f) => ({ name: at.get(f.name)!, as: readAs(f) })),
      ...keep.map((name) => ({ name: columnFor(table, name)!, as: 'text' as const })),
    ];
    await shadow?.plan(table, basename(args.inputPath), wanted);
    const stream = await table.read(wanted);
    const header = [...keep, ...outputColumns(mj), ...(args.explain ? whyHeader(args.explain.top) : [])];
    const writer = await CsvWriter.open(args.outputPath, header);
    out = writer;
    const preview: string[][] = [];
    const C = mj.classes?.length ?? 0;
    let rows = 0;
    let read = 0;
    // Batches being scored, in file order: reading and converting the next batch overlaps their scoring.
    const inflight: Array<Promise<Predictions>> = [];
    const whys: Array<Array<ArrayLike<CsvValue>>> = [];
    const kepts: Array<Array<ArrayLike<CsvValue>>> = [];
    const writeNext = async (): Promise<void> => {
      const pred = await (inflight.shift() as Promise<Predictions>);
      const why = whys.shift() ?? [];
      const kept = kepts.shift() ?? [];
      args.watch?.predictions(pred);
      const n = pred.prediction.length;
      const columns: Array<ArrayLike<CsvValue>> = [...kept, ...predictionColumns(pred, C), ...why];
      for (let r = 0; r < n && preview.length < PREVIEW_ROWS; r++) preview.push(columns.map((c) => previewCell(c[r])));
      await writer.columns(columns, n);
      rows += n;
      args.onProgress?.(rows, total);
    };
    for (;;) {
      if (signal?.aborted) throw new CodedError('cancelled', 'Prediction was cancelled.');
      const batch = await stream.next(batchRows);
      if (!batch) break;
      const cols: Columns = {};
      mj.features.forEach((f, i) => {
        const c = batch.columns[i];
        if (Array.isArray(c)) {
          cols[f.name] = convertColumn(f, c, read + 1);
          return;
        }
        if (c.bad)
          throw unreadableCell(
            read + 1 + c.bad.row,
            f,
            c.bad.text,
            f.kind === 'boolean' ? 'a yes/no value (true/false, yes/no, 1/0)' : 'a number',
          );
        cols[f.name] = c.values;
      });
      // Before the first model's run, which may take the buffers of the columns both read.
      await shadow?.push(batch, read + 1);
      read += batch.rows;
      if (keep.length)
        kepts.push(keep.map((_, j) => batch.columns[mj.features.length + j]).filter((c) => Array.isArray(c)));
      args.watch?.inputs(
        mj.features.map((f) => cols[f.name]),
        batch.rows,
      );
      // Explained before scoring: the scorer may take the columns' buffers.
      if (args.explain) whys.push(whyColumns(args.explain.file, mj.features, cols, batch, args.explain.top));
      const scored = scorer.run(feedData(mj.features, cols, batch.rows));
      // Awaited in order by writeNext; until then a failure must not count as unhandled.
      scored.catch(() => undefined);
      inflight.push(scored);
      while (inflight.length > scorer.parallel) await writeNext();
    }
    while (inflight.length) await writeNext();
    const shadowed = await shadow?.finish();
    const stats = await out.close();
    return {
      rows,
      columns: header,
      preview,
      escapedCells: stats.escapedCells,
      ...(shadowed ? { shadow: shadowed } : {}),
    };
  } catch (err) {
    await Promise.all([out?.abort(), shadow?.abort()]);
    throw err;
  } finally {
    table.close();
    await Promise.all([closeScorer(), shadow?.close()]);
  }
}

/** Scoring threads when the caller does not say: both cores of a 2-core machine, at most 2. */
function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * One in-process session, or a pool of single-threaded sessions in worker threads (see ort-pool.ts), over the
 * model's faster equivalent graph for scoring (scoring-graph.ts) when it has one; the file as it is otherwise, or if
 * onnxruntime refuses the rewritten graph.
 */
async function openScorer(onnxPath: string, threads: number): Promise<Scorer> {
  const fast = scoringGraph(await readFile(onnxPath));
  if (fast) {
    try {
      return await openScorerOn(fast.model, threads, fast.labels);
    } catch {
      // Scored through the exported graph below.
    }
  }
  return openScorerOn(onnxPath, threads);
}

async function openScorerOn(model: string | Uint8Array, threads: number, labels?: PredictionLabels): Promise<Scorer> {
  if (threads > 1) {
    const pool = await OrtPool.open(model, threads, labels);
    return { parallel: threads, run: (feeds) => pool.run(feeds), close: () => pool.close() };
  }
  const session = await openSession(model, 1);
  return {
    parallel: 1,
    run: async (feeds) => {
      const out = await session.run(toTensors(feeds));
      return readPredictions(
        Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { type: t.type, data: t.data }])),
        labels,
      );
    },
    close: () => session.release(),
  };
}

/** A preview cell as the CSV holds it, without quoting. */
function previewCell(v: CsvValue): string {
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  return v === null || v === undefined ? '' : escapeFormula(String(v));
}

/** Names for a message: the first 12, then how many more (a 10,000-column file must not fill the screen). */
function listed(names: string[]): string {
  // Names come from the person's files: a NUL byte in a header must not reach the message (found by the fuzz).
  const shown = names
    .slice(0, 12)
    .map((n) => shownText(n, 200))
    .join(', ');
  return names.length > 12 ? `${shown} and ${(names.length - 12).toLocaleString('en-US')} more` : shown;
}
