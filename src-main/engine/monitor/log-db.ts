/**
 * The prediction log of one registered model: `<dataDir>/monitor/<model-id>/log.duckdb`, an embedded DuckDB
 * database. Each write is one transaction, so a crash (or kill -9) leaves either the whole batch or nothing
 * (DuckDB's write-ahead log replays only committed transactions). One process at a time may hold the file:
 * an open waits (a few seconds) for another predict or the Monitor screen to let go, and calls within this
 * process are queued per file.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';

export type LogConnection = DuckDBConnection;

/** The monitoring folder of a model (its id is checked by the registry before it gets here). */
export function monitorDir(dataDir: string, modelId: string): string {
  return join(dataDir, 'monitor', modelId);
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  // summary: the BatchSummary as JSON (its stats, drift and levels); logged: what of its rows is kept.
  `CREATE TABLE IF NOT EXISTS batches (
     batch_id VARCHAR PRIMARY KEY, version INTEGER, role VARCHAR, shadow_of VARCHAR, at_ms BIGINT, rows BIGINT,
     logged VARCHAR, features VARCHAR[], classes VARCHAR[], summary VARCHAR)`,
  // key_column: the key column set when the batch was logged (its rows' keys are read from it).
  `ALTER TABLE batches ADD COLUMN IF NOT EXISTS key_column VARCHAR`,
  // The rows of a batch are in its files (row-files.ts) while logged <> 'none'.
  // True outcomes by key; a later upload of the same key replaces the earlier one.
  `CREATE TABLE IF NOT EXISTS outcomes (key VARCHAR PRIMARY KEY, outcome VARCHAR, received_at BIGINT)`,
  `CREATE TABLE IF NOT EXISTS alerts (alert_id VARCHAR PRIMARY KEY, open BOOLEAN, opened_at BIGINT, body VARCHAR)`,
  // Version changes and challenges, as JSON, in time order.
  `CREATE TABLE IF NOT EXISTS events (at_ms BIGINT, kind VARCHAR, body VARCHAR)`,
];

const queues = new Map<string, Promise<unknown>>();
const LOCK_WAIT_MS = 20_000;

function lockedByOther(err: unknown): boolean {
  return err instanceof Error && /lock|already open|being used/i.test(err.message);
}

/** Opens the log (creating it), runs `fn` with a connection, and closes it again. */
export async function withLog<T>(
  dataDir: string,
  modelId: string,
  fn: (conn: LogConnection) => Promise<T>,
): Promise<T> {
  const dir = monitorDir(dataDir, modelId);
  const path = join(dir, 'log.duckdb');
  const before = queues.get(path) ?? Promise.resolve();
  const run = before
    .catch(() => undefined)
    .then(async () => {
      await mkdir(dir, { recursive: true });
      const instance = await openWaiting(path);
      const conn = await instance.connect();
      try {
        for (const sql of SCHEMA) await conn.run(sql);
        return await fn(conn);
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
    });
  queues.set(path, run);
  try {
    return await run;
  } finally {
    if (queues.get(path) === run) queues.delete(path);
  }
}

/**
 * Removes a model's whole monitoring folder (log and row files) once the model is deleted from the registry, after
 * any use of its log in this process: a later model given the same id starts with no history of the deleted one.
 */
export async function removeLog(dataDir: string, modelId: string): Promise<void> {
  const dir = monitorDir(dataDir, modelId);
  const path = join(dir, 'log.duckdb');
  const before = queues.get(path) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => rm(dir, { recursive: true, force: true }));
  queues.set(path, run);
  try {
    await run;
  } finally {
    if (queues.get(path) === run) queues.delete(path);
  }
}

async function openWaiting(path: string): Promise<DuckDBInstance> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    try {
      return await DuckDBInstance.create(path, { threads: '2' });
    } catch (err) {
      if (!lockedByOther(err) || Date.now() > until) {
        throw new CodedError(
          lockedByOther(err) ? 'project-busy' : 'file-unreadable',
          lockedByOther(err)
            ? 'The prediction log of this model is in use by another automl process. Try again when it has finished.'
            : `The prediction log (${path}) could not be opened: it may be damaged. Move it away to start a new log; predictions still work.`,
        );
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Runs `fn` inside one transaction: all of it is kept, or none of it. */
export async function inTransaction<T>(conn: LogConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const out = await fn();
    await conn.run('COMMIT');
    return out;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Rows of a query as plain objects; cast BIGINT columns to DOUBLE in the SQL to get numbers. */
export async function rowsOf(
  conn: LogConnection,
  sql: string,
  values?: Array<string | number | boolean>,
): Promise<Array<Record<string, unknown>>> {
  const reader = await conn.runAndReadAll(sql, values);
  return reader.getRowObjectsJS();
}
