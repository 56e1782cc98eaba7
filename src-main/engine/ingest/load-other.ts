import { CodedError } from '@shared/errors';
import { ident, lit, type Db } from '../util/duckdb';

/** Loads a JSON array or JSON-lines file into `table`; nested values become JSON text. */
export async function loadJson(
  db: Db,
  path: string,
  lines: boolean,
  gzip: boolean,
  skipBad: boolean,
  table: string,
): Promise<void> {
  const opts = [`format = ${lines ? "'newline_delimited'" : "'array'"}`];
  if (gzip) opts.push("compression = 'gzip'");
  if (skipBad) opts.push('ignore_errors = true');
  try {
    await db.exec(`CREATE TABLE ${table}_raw AS SELECT * FROM read_json_auto(${lit(path)}, ${opts.join(', ')})`);
  } catch (err) {
    if (err instanceof CodedError) throw err;
    const msg = (err as Error).message.split('\n')[0];
    throw new CodedError(
      'dataset-invalid',
      `The JSON could not be read: ${msg}. Fix the file, or import again with "skip bad rows".`,
    );
  }
  await flattenNested(db, `${table}_raw`, table);
}

/**
 * Makes `table` a view over a Parquet file with nested columns flattened the same way: nothing is
 * read until the view is copied, and then in a stream (a Parquet file larger than memory is fine).
 */
export async function loadParquet(db: Db, path: string, table: string): Promise<void> {
  try {
    await db.exec(`CREATE VIEW ${table}_raw AS SELECT * FROM read_parquet(${lit(path)})`);
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw parquetError();
  }
  await flattenNested(db, `${table}_raw`, table, 'VIEW');
}

/** The Parquet file could not be read (its own message names DuckDB internals, not the person's data). */
export function parquetError(): CodedError {
  return new CodedError(
    'dataset-invalid',
    'The Parquet file could not be read: it is damaged or uses a layout the app does not know. Export it again, or save the data as CSV and import that.',
  );
}

/** Structs, lists and maps become JSON text so every column is a plain scalar downstream. */
async function flattenNested(db: Db, from: string, to: string, kind: 'TABLE' | 'VIEW' = 'TABLE'): Promise<void> {
  const cols = await db.all(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${lit(from)} ORDER BY ordinal_position`,
  );
  const list = cols.map((c) => {
    const q = ident(String(c.column_name));
    const type = String(c.data_type);
    if (/STRUCT|MAP|\[\]|UNION|JSON/.test(type)) return `CAST(to_json(${q}) AS VARCHAR) AS ${q}`;
    if (/^DECIMAL/.test(type) || type === 'FLOAT' || type === 'HUGEINT' || type === 'UBIGINT')
      return `CAST(${q} AS DOUBLE) AS ${q}`;
    if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER)$/.test(type)) return `CAST(${q} AS BIGINT) AS ${q}`;
    if (/^TIMESTAMP/.test(type)) return `CAST(${q} AS TIMESTAMP) AS ${q}`;
    return q;
  });
  if (list.length === 0) throw new CodedError('dataset-empty', 'The file has no columns.');
  await db.exec(`CREATE ${kind} ${to} AS SELECT ${list.join(', ')} FROM ${from}`);
  if (kind === 'TABLE') await db.exec(`DROP TABLE ${from}`);
}
