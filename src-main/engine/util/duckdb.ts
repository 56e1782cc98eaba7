import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '@shared/errors';

/** A JSON-ish value as DuckDB's JSON converter returns it (BIGINT arrives as a string). */
export type DbJson = null | boolean | number | string | DbJson[] | { [key: string]: DbJson };
export type DbRow = Record<string, DbJson>;

/** One private in-memory DuckDB with a single connection, wired to an AbortSignal. */
export interface Db {
  conn: DuckDBConnection;
  /** Runs one statement and returns its rows as plain JSON values. */
  all(sql: string): Promise<DbRow[]>;
  /** Runs one statement, ignoring any result. */
  exec(sql: string): Promise<void>;
  close(): void;
}

/**
 * Opens a throwaway in-memory database. It spills to `tempDir` when a table outgrows memory,
 * so a file far larger than RAM still works; rows never pass through JavaScript.
 */
export async function openDb(opts: { signal?: AbortSignal; tempDir?: string; threads?: number } = {}): Promise<Db> {
  const options: Record<string, string> = {};
  if (opts.tempDir) options.temp_directory = opts.tempDir;
  if (opts.threads) options.threads = String(opts.threads);
  const instance = await DuckDBInstance.create(':memory:', options);
  const conn = await instance.connect();
  const onAbort = (): void => conn.interrupt();
  opts.signal?.addEventListener('abort', onAbort);
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    throwIfAborted(opts.signal);
    try {
      return await run();
    } catch (err) {
      // An interrupted query surfaces as a DuckDB error; report it as the cancel it was.
      throwIfAborted(opts.signal);
      throw err;
    }
  };
  return {
    conn,
    all: (sql) => guard(async () => (await conn.runAndReadAll(sql)).getRowObjectsJson() as DbRow[]),
    exec: (sql) => guard(async () => void (await conn.run(sql))),
    close: () => {
      opts.signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CodedError('cancelled', 'The operation was cancelled.');
}

/** Quotes an identifier for SQL ("a ""b"""). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal for SQL ('it''s'). */
export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A number from a DuckDB JSON value; null for null, NaN for anything unparsable. */
export function num(value: DbJson | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}

/** SQL that reads a data file by extension: parquet, csv (optionally gzipped), json. */
export function scanSql(path: string): string {
  const p = path.toLowerCase();
  if (p.endsWith('.parquet')) return `read_parquet(${lit(path)})`;
  if (p.endsWith('.json') || p.endsWith('.jsonl') || p.endsWith('.ndjson')) return `read_json_auto(${lit(path)})`;
  return `read_csv(${lit(path)})`;
}

/** Parquet key-value metadata key holding `{ column: strptime format }` for date columns parsed at ingest. */
export const DATE_FORMATS_KEY = 'automl_date_formats';

/**
 * Parquet key-value metadata key holding `{ app name: name as written }` for columns renamed only because their
 * names differ by case ('price_1': 'price'; ingest/column-names.ts `UniqueNames.written`).
 */
export const WRITTEN_NAMES_KEY = 'automl_written_names';

/** A JSON object the app stored in a Parquet file's key-value metadata under `key` (DATE_FORMATS_KEY, ...); {} when absent. */
export async function parquetKv(db: Db, path: string, key: string): Promise<Record<string, string>> {
  const rows = await db.all(
    `SELECT decode(value) AS v FROM parquet_kv_metadata(${lit(path)}) WHERE decode(key) = ${lit(key)}`,
  );
  return rows.length ? (JSON.parse(String(rows[0].v)) as Record<string, string>) : {};
}
