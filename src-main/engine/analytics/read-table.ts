import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '@shared/errors';
import { ident, lit } from '../util/duckdb';

/** How a loaded column is held: numbers (dates as epoch ms, booleans as 0/1, NaN = missing) or strings. */
export type LoadedKind = 'numeric' | 'datetime' | 'boolean' | 'string';

export interface LoadedColumn {
  name: string;
  kind: LoadedKind;
  dbType: string;
  /** Float64Array for numeric/datetime/boolean (NaN = missing); strings otherwise (null = missing). */
  values: Float64Array | Array<string | null>;
}

export interface LoadedTable {
  rows: number;
  columns: LoadedColumn[];
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/;

export function kindOfDbType(dbType: string): LoadedKind {
  if (NUMERIC.test(dbType)) return 'numeric';
  if (dbType === 'DATE' || dbType.startsWith('TIMESTAMP')) return 'datetime';
  if (dbType === 'BOOLEAN') return 'boolean';
  return 'string';
}

/** The table function that reads a data file: Parquet by extension, anything else as CSV/TSV. */
export function sourceSql(path: string): string {
  const file = lit(path);
  if (/\.parquet$/i.test(path)) return `read_parquet(${file})`;
  if (/\.jsonl?$/i.test(path)) return `read_json_auto(${file})`;
  return `read_csv_auto(${file}, sample_size = -1)`;
}

/** Opens an in-memory DuckDB, runs `fn`, always closes. */
export async function withDuckDb<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export async function describeSource(
  conn: DuckDBConnection,
  path: string,
): Promise<Array<{ name: string; dbType: string }>> {
  if (!existsSync(path))
    throw new CodedError('file-not-found', `Data file not found: ${path}. Check the path and try again.`);
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${sourceSql(path)}`);
  return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), dbType: String(r.column_type) }));
}

/** Throws `column-missing` naming the available columns when a wanted column is absent. */
export function requireColumns(available: string[], wanted: string[]): void {
  for (const w of wanted) {
    if (!available.includes(w)) {
      throw new CodedError('column-missing', `Column '${w}' not found. Columns are: ${available.join(', ')}.`, {
        column: w,
        available,
      });
    }
  }
}

/** The SELECT expression that converts a column to what LoadedColumn holds. */
export function loadExpr(name: string, dbType: string): string {
  const q = ident(name);
  switch (kindOfDbType(dbType)) {
    case 'numeric':
      return `CAST(${q} AS DOUBLE)`;
    case 'boolean':
      return `CAST(CAST(${q} AS INTEGER) AS DOUBLE)`;
    case 'datetime':
      return `CAST(epoch_ms(CAST(${q} AS TIMESTAMP)) AS DOUBLE)`;
    default:
      return `CAST(${q} AS VARCHAR)`;
  }
}

/** Reads whole columns (all of them by default) in file order. */
export async function loadTable(path: string, columns?: string[]): Promise<LoadedTable> {
  return withDuckDb(async (conn) => {
    const schema = await describeSource(conn, path);
    const names = schema.map((c) => c.name);
    if (columns) requireColumns(names, columns);
    const chosen = columns ? schema.filter((c) => columns.includes(c.name)) : schema;
    if (chosen.length === 0) throw new CodedError('dataset-empty', 'The data has no columns to read.');
    const select = chosen.map((c, i) => `${loadExpr(c.name, c.dbType)} AS c${i}`).join(', ');
    const reader = await conn.runAndReadAll(`SELECT ${select} FROM ${sourceSql(path)}`);
    const raw = reader.getColumnsJS();
    const rows = raw[0]?.length ?? 0;
    const out: LoadedColumn[] = chosen.map((c, i) => {
      const kind = kindOfDbType(c.dbType);
      const col = raw[i];
      if (kind === 'string')
        return { name: c.name, kind, dbType: c.dbType, values: col.map((v) => (v === null ? null : String(v))) };
      const f = new Float64Array(rows);
      for (let r = 0; r < rows; r++) f[r] = col[r] === null ? NaN : Number(col[r]);
      return { name: c.name, kind, dbType: c.dbType, values: f };
    });
    return { rows, columns: out };
  });
}
