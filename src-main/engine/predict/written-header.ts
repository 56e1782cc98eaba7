/**
 * A table file's column names as the person wrote them. DuckDB's readers rename names that differ only by case
 * ("Price", "price" -> "Price", "price_1"), so a model that knows its column as 'price' finds it by the written name.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { firstKeys, JSON_SAMPLE, topLevelNames } from '../ingest/column-names';
import { lit } from '../util/duckdb';

/**
 * The written names of the `columns` DuckDB read from `sql` (in the same order); the reader's own names where the
 * written ones cannot be told (a header DuckDB reads another way, keys missing from the first records).
 */
export async function writtenHeader(
  conn: DuckDBConnection,
  path: string,
  sql: string,
  columns: string[],
): Promise<string[]> {
  const p = lit(path);
  const query = sql.startsWith('read_csv(')
    ? `SELECT * FROM ${sql.replace('header = true', 'header = false')} LIMIT 1`
    : sql.startsWith('read_parquet(')
      ? `SELECT name, num_children FROM parquet_schema(${p})`
      : `SELECT json_keys(json) AS k FROM read_json_objects(${p}) LIMIT ${JSON_SAMPLE}`;
  try {
    const rows = (await conn.runAndReadAll(query)).getRowObjectsJS();
    const names = sql.startsWith('read_csv(')
      ? Object.values(rows[0] ?? {}).map((v) => (v === null ? '' : String(v)))
      : sql.startsWith('read_parquet(')
        ? topLevelNames(rows)
        : firstKeys(rows);
    if (names.length !== columns.length) return columns;
    // An empty header cell is DuckDB's column<i> either way.
    return names.map((n, i) => (n === '' ? columns[i] : n));
  } catch {
    return columns;
  }
}

/** A table's column names: DuckDB's (`columns`) and as written in the file (`written`, same order). */
export interface TableNames {
  columns: string[];
  written: string[];
}

/**
 * The reader's column for a name as the person or the model knows it: the column written so (exactly), else the
 * one the reader calls so; undefined when the file has neither.
 */
export function columnFor(table: TableNames, name: string): string | undefined {
  const i = table.written.indexOf(name);
  if (i >= 0) return table.columns[i];
  return table.columns.includes(name) ? name : undefined;
}

/**
 * Where each model input is in the file (app name -> reader's column), found by its written name in the training
 * file (ModelFeature.written, else its name), and the written names of the inputs the file lacks.
 */
export function inputColumns(
  features: ReadonlyArray<{ name: string; written?: string }>,
  table: TableNames,
): { at: Map<string, string>; missing: string[] } {
  const at = new Map<string, string>();
  const missing: string[] = [];
  for (const f of features) {
    const c = columnFor(table, f.written ?? f.name);
    if (c === undefined) missing.push(f.written ?? f.name);
    else at.set(f.name, c);
  }
  return { at, missing };
}
