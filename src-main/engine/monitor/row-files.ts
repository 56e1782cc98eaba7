/**
 * The logged rows of each batch live beside the log database, in row order. While a batch is scored they are
 * kept the cheapest way there is: byte copies of the scored file (`rows/<batch>.input.<ext>`, only when inputs are
 * logged) and of the predictions CSV scoreFile wrote (`rows/<batch>.output.csv`). Copying costs next to nothing,
 * where re-reading both files into Parquet took about half the time of scoring itself (1M rows: ~0.8 s of CPU
 * against ~1.7 s of scoring). The first read of the log (feedback, the Monitor screen) compacts them into two
 * Parquet files per batch: `<batch>.in.parquet` (key, inputs as read) and `<batch>.out.parquet` (prediction as
 * written, probabilities in the batch's class order), about a fifth of the size, and reads only those.
 * With 'predictions only' the input half is the key alone, copied into `.in.parquet` while the batch is scored.
 *
 * A batch's files count only once the batch row naming them commits in the log: they are written under
 * temporary names and renamed just before that transaction; files no committed batch names (a crash in
 * between, or rows dropped by retention) are removed by the next write (sweepRowFiles). Compaction writes each
 * Parquet file under a temporary name, renames it, then removes the copy, so a crash leaves one or the other.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogRows } from '@shared/monitor';
import { sourceOf } from '../predict/read-table';
import { monitorDir, rowsOf, type LogConnection } from './log-db';
import { HOUR_MS } from '@shared/time';
import { ident, lit } from '../util/duckdb';

export function rowsDir(dataDir: string, modelId: string): string {
  return join(monitorDir(dataDir, modelId), 'rows');
}

const inFile = (dir: string, batchId: string) => join(dir, `${batchId}.in.parquet`);
const outFile = (dir: string, batchId: string) => join(dir, `${batchId}.out.parquet`);
const outCopy = (dir: string, batchId: string) => join(dir, `${batchId}.output.csv`);
/** The copy of the scored file keeps its extension (sourceOf reads it by that). */
const inCopy = (dir: string, batchId: string, ext: string) => join(dir, `${batchId}.input${ext}`);
const INPUT_COPY = /^(.+)\.input(\.[a-z.]+)$/;

/** The extension sourceOf reads a table file by ('.csv', '.csv.gz', '.parquet', ...). */
function tableExt(path: string): string {
  const m = /\.(csv|tsv|txt)(\.gz)?$|\.parquet$|\.(jsonl|ndjson|json)$/i.exec(path);
  return m ? m[0].toLowerCase() : '.csv';
}

/**
 * SQL for a row's hash key from a VARCHAR[] of its model inputs' text (null cells as NUL): the first 16 hex
 * digits of an MD5, stable across DuckDB versions (its own hash() is not promised to be).
 */
export function rowHashSql(list: string): string {
  return `substr(md5(array_to_string(list_transform(${list}, x -> coalesce(x, chr(0))), chr(31))), 1, 16)`;
}

const inputsListSql = (features: string[]) =>
  `[${features.map((f) => `CAST(${ident(f)} AS VARCHAR)`).join(', ')}]::VARCHAR[]`;

export interface RowsCopyArgs {
  dir: string;
  batchId: string;
  inputPath: string;
  features: string[];
  keyColumn: string | null;
  logRows: Exclude<LogRows, 'none'>;
  /** A shadow batch keeps only its predictions: its inputs and keys are its champion batch's. */
  shadow?: boolean;
}

/** Keeps a batch's rows: start it before scoring, finish it after. */
export class RowsCopy {
  private constructor(
    private readonly args: RowsCopyArgs,
    private readonly input: Promise<void>,
    private readonly written: string[],
  ) {}

  static async start(args: RowsCopyArgs): Promise<RowsCopy> {
    await mkdir(args.dir, { recursive: true });
    const written: string[] = [];
    let input: Promise<void>;
    if (args.shadow) input = Promise.resolve();
    else if (args.logRows === 'all') {
      const to = inCopy(args.dir, args.batchId, tableExt(args.inputPath));
      written.push(to);
      input = copyFile(args.inputPath, `${to}.tmp`);
    } else {
      // Only the key is kept: the key column's text, or the hash of the inputs (which are not kept).
      written.push(inFile(args.dir, args.batchId));
      input = copyKeys(args);
    }
    // Awaited in finish() or abort(); a failure here must not go unhandled meanwhile.
    input.catch(() => undefined);
    return new RowsCopy(args, input, written);
  }

  /** Copies the predictions CSV (row-aligned with the input) and waits for the input half. */
  async finish(outputPath: string): Promise<void> {
    const to = outCopy(this.args.dir, this.args.batchId);
    this.written.push(to);
    await Promise.all([copyFile(outputPath, `${to}.tmp`), this.input]);
  }

  /** Renames the files into place (just before the batch row commits). */
  async publish(): Promise<void> {
    for (const f of this.written) await rename(`${f}.tmp`, f);
  }

  /** Stops and removes what was written (scoring failed or was cancelled). */
  async abort(): Promise<void> {
    await this.input.catch(() => undefined);
    const { dir, batchId } = this.args;
    for (const f of [...this.written, outCopy(dir, batchId)]) {
      await rm(`${f}.tmp`, { force: true });
      await rm(f, { force: true });
    }
  }
}

/** The key half of a batch logged without its inputs, read from the scored file on its own DuckDB thread. */
async function copyKeys(args: RowsCopyArgs): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    const src = sourceOf(args.inputPath);
    const cols = (await rowsOf(conn, `DESCRIBE SELECT * FROM ${src.sql}`)).map((r) => String(r.column_name));
    const key =
      args.keyColumn !== null && cols.includes(args.keyColumn)
        ? `CAST(${ident(args.keyColumn)} AS VARCHAR)`
        : rowHashSql(inputsListSql(args.features));
    await conn.run(
      `COPY (SELECT ${key} AS key, NULL::VARCHAR[] AS inputs FROM ${src.sql}) TO ${lit(`${inFile(args.dir, args.batchId)}.tmp`)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * Turns the byte copies of committed batches into their Parquet files (see the top of this file), on the log's
 * own connection. A batch's key column is the one set when it was logged (batches.key_column).
 */
export async function compactRows(conn: LogConnection, dataDir: string, modelId: string): Promise<void> {
  const dir = rowsDir(dataDir, modelId);
  const names = await readdir(dir).catch(() => [] as string[]);
  const copies = names.filter((n) => !n.endsWith('.tmp') && (INPUT_COPY.test(n) || n.endsWith('.output.csv')));
  if (!copies.length) return;
  const batches = new Map(
    (await rowsOf(conn, `SELECT batch_id, key_column, features, classes FROM batches WHERE logged <> 'none'`)).map(
      (r) => [String(r.batch_id), r],
    ),
  );
  for (const name of copies) {
    const input = INPUT_COPY.exec(name);
    const batchId = input ? input[1] : name.slice(0, -'.output.csv'.length);
    const b = batches.get(batchId);
    // Not (or no longer) a committed batch with rows: sweepRowFiles removes it.
    if (!b) continue;
    const path = join(dir, name);
    const to = input ? inFile(dir, batchId) : outFile(dir, batchId);
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    const select = input
      ? await inputsSelect(
          conn,
          path,
          list(b.features),
          typeof b.key_column === 'string' && b.key_column ? b.key_column : null,
        )
      : await outputsSelect(conn, path, list(b.classes).length);
    await conn.run(`COPY (${select}) TO ${lit(`${to}.tmp`)} (FORMAT parquet, COMPRESSION zstd)`);
    await rename(`${to}.tmp`, to);
    await rm(path, { force: true });
  }
}

async function inputsSelect(conn: LogConnection, path: string, features: string[], keyColumn: string | null) {
  const src = sourceOf(path);
  const cols = keyColumn
    ? (await rowsOf(conn, `DESCRIBE SELECT * FROM ${src.sql}`)).map((r) => String(r.column_name))
    : [];
  // The row hash is derived from the inputs on read (loggedRowsSql), as they are kept.
  const key = keyColumn && cols.includes(keyColumn) ? `CAST(${ident(keyColumn)} AS VARCHAR)` : 'NULL::VARCHAR';
  return `SELECT ${key} AS key, ${inputsListSql(features)} AS inputs FROM ${src.sql}`;
}

/** The predictions CSV: `prediction`, one probability per class, then any explanation columns (not kept). */
async function outputsSelect(conn: LogConnection, path: string, classes: number) {
  const src = `read_csv(${lit(path)}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"')`;
  const cols = (await rowsOf(conn, `DESCRIBE SELECT * FROM ${src}`)).map((r) => ident(String(r.column_name)));
  const proba = classes
    ? `[${cols
        .slice(1, 1 + classes)
        .map((c) => `TRY_CAST(${c} AS DOUBLE)`)
        .join(', ')}]::DOUBLE[]`
    : 'NULL::DOUBLE[]';
  return `SELECT ${cols[0]} AS prediction, ${proba} AS proba FROM ${src}`;
}

/**
 * Every logged row of the given batches (all batches with rows when absent), as a SQL relation. A shadow batch's
 * rows take their key and inputs from the champion batch they shadow (same file, same row number).
 */
export async function loggedRowsSql(
  conn: LogConnection,
  dataDir: string,
  modelId: string,
  batchIds?: string[],
): Promise<string> {
  await compactRows(conn, dataDir, modelId);
  const rows = await rowsOf(conn, `SELECT batch_id, shadow_of FROM batches WHERE logged <> 'none' ORDER BY at_ms`);
  const logged = new Set(rows.map((r) => String(r.batch_id)));
  const wanted = rows.filter((r) => !batchIds || batchIds.includes(String(r.batch_id)));
  const rowsOfBatch = (r: Record<string, unknown>) => (r.shadow_of ? String(r.shadow_of) : String(r.batch_id));
  const outIds = wanted.filter((r) => logged.has(rowsOfBatch(r))).map((r) => String(r.batch_id));
  const inIds = [...new Set(wanted.map(rowsOfBatch).filter((id) => logged.has(id)))];
  if (!outIds.length)
    return `(SELECT NULL::VARCHAR AS batch_id, NULL::BIGINT AS row_no, NULL::VARCHAR AS key, NULL::VARCHAR AS prediction, NULL::DOUBLE[] AS proba, NULL::VARCHAR[] AS inputs WHERE false)`;
  const dir = rowsDir(dataDir, modelId);
  const list = (ids: string[], f: (d: string, b: string) => string) => ids.map((id) => lit(f(dir, id))).join(', ');
  const batchOf = `regexp_extract(filename, '([^/\\\\]+)\\.(in|out)\\.parquet$', 1)`;
  return `(SELECT b.batch_id, b.file_row_number + 1 AS row_no, coalesce(a.key, ${rowHashSql('a.inputs')}) AS key,
      b.prediction, b.proba, a.inputs
    FROM (SELECT *, ${batchOf} AS batch_id FROM read_parquet([${list(outIds, outFile)}], file_row_number = true, filename = true)) b
    JOIN batches m ON m.batch_id = b.batch_id
    JOIN (SELECT *, ${batchOf} AS batch_id FROM read_parquet([${list(inIds, inFile)}], file_row_number = true, filename = true)) a
      ON a.batch_id = coalesce(nullif(m.shadow_of, ''), m.batch_id) AND a.file_row_number = b.file_row_number)`;
}

/** Removes row files no committed batch with rows names (left by a crash, or dropped by retention). */
export async function sweepRowFiles(conn: LogConnection, dataDir: string, modelId: string): Promise<void> {
  const dir = rowsDir(dataDir, modelId);
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!names.length) return;
  const rows = await rowsOf(conn, `SELECT batch_id FROM batches WHERE logged <> 'none'`);
  const keep = new Set(rows.map((r) => String(r.batch_id)));
  const hourAgo = Date.now() - HOUR_MS;
  for (const name of names) {
    // Batch ids hold no dot: a file belongs to the batch named before its first one.
    if (!name.endsWith('.tmp') && keep.has(name.slice(0, name.indexOf('.')))) continue;
    // A temporary file may be another process's batch still being scored: only old ones are left-overs.
    if (
      name.endsWith('.tmp') &&
      (await stat(join(dir, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      )) > hourAgo
    )
      continue;
    await rm(join(dir, name), { force: true });
  }
}
