/**
 * Scores a table file through model.onnx with onnxruntime-node, streaming: batches of rows are read with
 * DuckDB, typed against model.json's schema, run through the session and appended to the output CSV, so
 * memory stays flat on a file of any length. The output is row-aligned with the input: `prediction`, then
 * one `proba_<class>` column per class in model.json order. It is written to a temporary file and renamed
 * into place only when every row scored.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CodedError } from '@shared/errors';
import type { ModelFeature, ModelJson } from '../pipeline/model-json';
import type { Columns } from '../pipeline/types';
import { convertColumn, unreadableCell } from './convert-cells';
import { escapeFormula, numberCell, quoteCsv } from './csv-out';
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
}

export interface ScoreFileResult {
  rows: number;
  columns: string[];
  /** The first output rows (header excluded, at most 20), cells as written but without CSV quoting. */
  preview: string[][];
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
  const tmp = `${args.outputPath}.${randomBytes(6).toString('hex')}.tmp`;
  let out: ReturnType<typeof createWriteStream> | undefined;
  try {
    const missing = mj.features.filter((f) => !table.columns.includes(f.name)).map((f) => f.name);
    if (missing.length) {
      throw new CodedError(
        'column-missing',
        `The model needs column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not in ${args.inputPath}. Columns found: ${table.columns.join(', ')}.`,
        { missing, available: table.columns },
      );
    }
    const session = await openSession(args.onnxPath, args.threads ?? 1).catch((err: unknown) => {
      throw new CodedError(
        'invalid-input',
        `model.onnx could not be loaded (${(err as Error).message.split('\n')[0]}). Export the model again.`,
      );
    });
    // Numbers and yes/no values are parsed by DuckDB (as the training loader did); dates and categories in JS.
    const readAs = (f: ModelFeature): ReadAs =>
      f.onnxType === 'string' || f.kind === 'datetime' ? 'text' : f.kind === 'boolean' ? 'boolean' : 'number';
    const stream = await table.read(mj.features.map((f) => ({ name: f.name, as: readAs(f) })));
    const header = outputColumns(mj);
    await mkdir(dirname(args.outputPath), { recursive: true });
    out = createWriteStream(tmp);
    const ws = out;
    const failed = new Promise<never>((_, reject) => ws.on('error', reject));
    failed.catch(() => undefined);
    const write = async (s: string): Promise<void> => {
      if (!ws.write(s)) await Promise.race([once(ws, 'drain'), failed]);
    };
    await write(`${header.map((h) => quoteCsv(escapeFormula(h))).join(',')}\n`);
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
      const C = mj.classes?.length ?? 0;
      const lines: string[] = [];
      for (let r = 0; r < batch.rows; r++) {
        const v = pred.prediction[r];
        const cells = [typeof v === 'number' ? numberCell(v) : escapeFormula(v)];
        for (let c = 0; c < C; c++) cells.push(numberCell((pred.probabilities as Float64Array)[r * C + c]));
        if (preview.length < PREVIEW_ROWS) preview.push(cells);
        lines.push(cells.map(quoteCsv).join(','));
      }
      await write(`${lines.join('\n')}\n`);
      rows += batch.rows;
      args.onProgress?.(rows);
    }
    await new Promise<void>((resolve, reject) => ws.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(tmp, args.outputPath);
    return { rows, columns: header, preview };
  } catch (err) {
    out?.destroy();
    await rm(tmp, { force: true });
    throw err;
  } finally {
    table.close();
  }
}
