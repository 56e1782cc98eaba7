import type { Db, DbRow } from '../util/duckdb';

/**
 * Parts per query. DuckDB's planning time grows faster than linearly with the number of expressions
 * in one SELECT (a 1,000-column table's profile queries spent seconds planning for 100 rows), while a
 * Parquet file or DuckDB table is columnar, so several narrower queries read no more data than one.
 */
export const PARTS_PER_QUERY = 400;

/**
 * `SELECT <parts> FROM <from>` as one row, run in batches of PARTS_PER_QUERY parts (each part a
 * self-contained aggregate with its own alias) whose rows are merged. Narrow tables take one query.
 */
export async function selectParts(db: Db, parts: string[], from: string): Promise<DbRow> {
  const row: DbRow = {};
  for (let i = 0; i < parts.length; i += PARTS_PER_QUERY) {
    const [r] = await db.all(`SELECT ${parts.slice(i, i + PARTS_PER_QUERY).join(', ')} FROM ${from}`);
    Object.assign(row, r);
  }
  return row;
}
