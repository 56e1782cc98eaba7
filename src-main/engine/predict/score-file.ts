/**
 * Scores a table file through model.onnx with onnxruntime-node, streaming: batches of rows are read with
 * DuckDB, typed against model.json's schema, run through the session and appended to the output CSV, so
 * memory stays flat on a file of any length. The output is row-aligned with the input: `prediction`, then
 * one `proba_<class>` column per class in model.json order. It is written to a temporary file and renamed
 * into place only when every row scored.
 */
import { CodedError } from '@shared/errors';
import type { ModelFeature, ModelJson } from '../pipeline/model-json';
import type { ColumnData, Columns, Predictions } from '../pipeline/types';
import { convertColumn, unreadableCell } from './convert-cells';
import { CsvWriter, escapeFormula, type CsvValue } from '../util/csv-writer';
import { openSession, runSession } from './ort-session';
import { openTable, type ReadAs } from './read-table';

export interface ScoreFileArgs {
  onnxPath: string;
  modelJson: ModelJson;
  inputPath: string;
  outputPath: string;
  onProgress?: (rows: number) => void;
  signal?: AbortSignal;
  /** Rows per ONNX run (default 8192). */
  batchRows?: number;
  /** onnxruntime intra-op threads (default 1: the app shares the machine with training). */
  threads?: number;
  /** Sees each scored chunk: the input columns as the model read them (model.json feature order) and predictions. */
  onBatch?: (columns: ColumnData[], rows: number, predictions: Predictions) => void;
}

export interface ScoreFileResult {
  rows: number;
  columns: string[];
  /** The first output rows (header excluded, at most 20), cells as written but without CSV quoting. */
  preview: string[][];
  /** Cells written with the formula escape (see CSV_ESCAPE_NOTE); 0 when every value is exactly as predicted. */
  escapedCells: number;
}

const PREVIEW_ROWS = 20;

/** Output header: `prediction`, then `proba_<class>` per class. */
export function outputColumns(m: ModelJson): string[] {
  return ['prediction', ...(m.classes ?? []).map((c) => `proba_${c}`)];
}

export async function scoreFile(args: ScoreFileArgs): Promise<ScoreFileResult> {
  const { modelJson: mj, signal } = args;
  const batchRows = args.batchRows ?? 8192;
  if (!Array.isArray(mj.features) || mj.features.length === 0) {
    throw new CodedError(
      'invalid-input',
      `This model.json lists no input columns (task '${String(mj.task)}'), so it cannot score a table. Use a classification or regression model.`,
    );
  }
  const table = await openTable(args.inputPath);
  let out: CsvWriter | undefined;
  try {
    const missing = mj.features.filter((f) => !table.columns.includes(f.name)).map((f) => f.name);
    if (missing.length) {
      throw new CodedError(
        'column-missing',
        `The model needs column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not in ${args.inputPath}. Columns found: ${table.columns.join(', ')}.`,
        { missing, available: table.columns },
      );
    }
    const session = await openSession(args.onnxPath, args.threads ?? 1).catch(() => {
      throw new CodedError(
        'invalid-input',
        'The model file (model.onnx) could not be loaded: it is damaged or not a model this app exported. Export the model again.',
      );
    });
    // Numbers and yes/no values are parsed by DuckDB (as the training loader did); dates and categories in JS.
    const readAs = (f: ModelFeature): ReadAs =>
      f.onnxType === 'string' || f.kind === 'datetime' ? 'text' : f.kind === 'boolean' ? 'boolean' : 'number';
    const stream = await table.read(mj.features.map((f) => ({ name: f.name, as: readAs(f) })));
    const header = outputColumns(mj);
    out = await CsvWriter.open(args.outputPath, header);
    const preview: string[][] = [];
    let rows = 0;
    for (;;) {
      if (signal?.aborted) throw new CodedError('cancelled', 'Prediction was cancelled.');
      const batch = await stream.next(batchRows);
      if (!batch) break;
      const cols: Columns = {};
      mj.features.forEach((f, i) => {
        const c = batch.columns[i];
        if (Array.isArray(c)) {
          cols[f.name] = convertColumn(f, c, rows + 1);
          return;
        }
        const at = c.bad.findIndex((v) => v !== null);
        if (at >= 0)
          throw unreadableCell(
            rows + 1 + at,
            f,
            c.bad[at] as string,
            f.kind === 'boolean' ? 'a yes/no value (true/false, yes/no, 1/0)' : 'a number',
          );
        cols[f.name] = c.values;
      });
      const pred = await runSession(session, mj.features, cols, batch.rows);
      args.onBatch?.(
        mj.features.map((f) => cols[f.name]),
        batch.rows,
        pred,
      );
      const C = mj.classes?.length ?? 0;
      for (let r = 0; r < batch.rows; r++) {
        const cells: CsvValue[] = [pred.prediction[r]];
        for (let c = 0; c < C; c++) cells.push((pred.probabilities as Float64Array)[r * C + c]);
        if (preview.length < PREVIEW_ROWS) preview.push(cells.map(previewCell));
        await out.row(cells);
      }
      rows += batch.rows;
      args.onProgress?.(rows);
    }
    const stats = await out.close();
    return { rows, columns: header, preview, escapedCells: stats.escapedCells };
  } catch (err) {
    await out?.abort();
    throw err;
  } finally {
    table.close();
  }
}

/** A preview cell as the CSV holds it, without quoting. */
function previewCell(v: CsvValue): string {
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  return v === null || v === undefined ? '' : escapeFormula(String(v));
}
