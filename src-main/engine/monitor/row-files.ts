/**
 * The logged rows of each batch live beside the log database as two Parquet files per batch, in row order:
 * `rows/<batch-id>.in.parquet` (key, inputs as read) and `rows/<batch-id>.out.parquet` (prediction as written,
 * probabilities in the batch's class order). DuckDB writes Parquet about three times faster than it inserts into
 * a table file, retention removes whole files, and the input half is copied while the batch is being scored (on
 * its own DuckDB instance and thread), so only the predictions half is left when scoring ends.
 *
 * A batch's files count only once the batch row naming them commits in the log: they are written under
 * temporary names and renamed just before that transaction; files no committed batch names (a crash in
 * between, or rows dropped by retention) are removed by the next write (sweepRowFiles).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogRows } from '@shared/monitor';
import { sourceOf } from '../predict/read-table';
import { monitorDir, quoteIdent, quoteString, rowsOf, type LogConnection } from './log-db';

export function rowsDir(dataDir: string, modelId: string): string {
  return join(monitorDir(dataDir, modelId), 'rows');
}

const inFile = (dir: string, batchId: string) => join(dir, `${batchId}.in.parquet`);
const outFile = (dir: string, batchId: string) => join(dir, `${batchId}.out.parquet`);

/**
 * SQL for a row's hash key from a VARCHAR[] of its model inputs' text (null cells as NUL): the first 16 hex
 * digits of an MD5, stable across DuckDB versions (its own hash() is not promised to be).
 */
export function rowHashSql(list: string): string {
  return `substr(md5(array_to_string(list_transform(${list}, x -> coalesce(x, chr(0))), chr(31))), 1, 16)`;
}

export interface RowsCopyArgs {
  dir: string;
  batchId: string;
  inputPath: string;
  features: string[];
  classes: string[];
  keyColumn: string | null;
  logRows: Exclude<LogRows, 'none'>;
}

/** Copies a batch's rows into its two Parquet files; start it before scoring, finish it after. */
export class RowsCopy {
  private constructor(
    private readonly args: RowsCopyArgs,
    private readonly instance: DuckDBInstance,
    private readonly input: Promise<void>,
  ) {}

  static async start(args: RowsCopyArgs): Promise<RowsCopy> {
    await mkdir(args.dir, { recursive: true });
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const conn = await instance.connect();
    const copy = (async () => {
      const src = sourceOf(args.inputPath);
      const cols = (await rowsOf(conn, `DESCRIBE SELECT * FROM ${src.sql}`)).map((r) => String(r.column_name));
      const list = `[${args.features.map((f) => `CAST(${quoteIdent(f)} AS VARCHAR)`).join(', ')}]::VARCHAR[]`;
      const keyed = args.keyColumn !== null && cols.includes(args.keyColumn);
      // The row hash is derived from the inputs on read when they are kept; otherwise it is stored now.
      const key = keyed
        ? `CAST(${quoteIdent(args.keyColumn!)} AS VARCHAR)`
        : args.logRows === 'all'
          ? 'NULL::VARCHAR'
          : rowHashSql(list);
      const inputs = args.logRows === 'all' ? list : 'NULL::VARCHAR[]';
      await conn.run(
        `COPY (SELECT ${key} AS key, ${inputs} AS inputs FROM ${src.sql}) TO ${quoteString(`${inFile(args.dir, args.batchId)}.tmp`)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    })().finally(() => conn.closeSync());
    // Awaited in finish() or abort(); a failure here must not go unhandled meanwhile.
    copy.catch(() => undefined);
    return new RowsCopy(args, instance, copy);
  }

  /** Writes the predictions half from the predictions CSV (row-aligned with the input) and waits for both. */
  async finish(outputPath: string): Promise<void> {
    const { dir, batchId, classes } = this.args;
    const conn = await this.instance.connect();
    try {
      const cols = [`p: 'VARCHAR'`, ...classes.map((_, i) => `q${i}: 'DOUBLE'`)].join(', ');
      const out = `read_csv(${quoteString(outputPath)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${cols}})`;
      const proba = classes.length ? `[${classes.map((_, i) => `q${i}`).join(', ')}]::DOUBLE[]` : 'NULL::DOUBLE[]';
      await conn.run(
        `COPY (SELECT p AS prediction, ${proba} AS proba FROM ${out}) TO ${quoteString(`${outFile(dir, batchId)}.tmp`)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      await this.input;
    } finally {
      conn.closeSync();
      this.instance.closeSync();
    }
  }

  /** Renames both files into place (just before the batch row commits). */
  async publish(): Promise<void> {
    const { dir, batchId } = this.args;
    for (const f of [inFile(dir, batchId), outFile(dir, batchId)]) await rename(`${f}.tmp`, f);
  }

  /** Stops and removes what was written (scoring failed or was cancelled). */
  async abort(): Promise<void> {
    await this.input.catch(() => undefined);
    try {
      this.instance.closeSync();
    } catch {
      // Already closed by finish().
    }
    const { dir, batchId } = this.args;
    for (const f of [inFile(dir, batchId), outFile(dir, batchId)]) {
      await rm(`${f}.tmp`, { force: true });
      await rm(f, { force: true });
    }
  }
}

/** Every logged row of the given batches (all batches with rows when absent), as a SQL relation. */
export async function loggedRowsSql(
  conn: LogConnection,
  dataDir: string,
  modelId: string,
  batchIds?: string[],
): Promise<string> {
  const rows = await rowsOf(conn, `SELECT batch_id FROM batches WHERE logged <> 'none' ORDER BY at_ms`);
  const ids = rows.map((r) => String(r.batch_id)).filter((id) => !batchIds || batchIds.includes(id));
  if (!ids.length)
    return `(SELECT NULL::VARCHAR AS batch_id, NULL::BIGINT AS row_no, NULL::VARCHAR AS key, NULL::VARCHAR AS prediction, NULL::DOUBLE[] AS proba, NULL::VARCHAR[] AS inputs WHERE false)`;
  const dir = rowsDir(dataDir, modelId);
  const list = (f: (d: string, b: string) => string) => ids.map((id) => quoteString(f(dir, id))).join(', ');
  const batchOf = `regexp_extract(filename, '([^/\\\\]+)\\.(in|out)\\.parquet$', 1)`;
  return `(SELECT a.batch_id, a.file_row_number + 1 AS row_no, coalesce(a.key, ${rowHashSql('a.inputs')}) AS key,
      b.prediction, b.proba, a.inputs
    FROM (SELECT *, ${batchOf} AS batch_id FROM read_parquet([${list(inFile)}], file_row_number = true, filename = true)) a
    JOIN (SELECT *, ${batchOf} AS batch_id FROM read_parquet([${list(outFile)}], file_row_number = true, filename = true)) b
      ON a.batch_id = b.batch_id AND a.file_row_number = b.file_row_number)`;
}

/** Removes row files no committed batch with rows names (left by a crash, or dropped by retention). */
export async function sweepRowFiles(conn: LogConnection, dataDir: string, modelId: string): Promise<void> {
  const dir = rowsDir(dataDir, modelId);
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!names.length) return;
  const rows = await rowsOf(conn, `SELECT batch_id FROM batches WHERE logged <> 'none'`);
  const keep = new Set(rows.flatMap((r) => [`${r.batch_id}.in.parquet`, `${r.batch_id}.out.parquet`]));
  const hourAgo = Date.now() - 3_600_000;
  for (const name of names) {
    if (keep.has(name)) continue;
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
