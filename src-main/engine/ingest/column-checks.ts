import { ident, num, type DbRow } from '../util/duckdb';

/** One count per column: `sql(v)` is an aggregate over the column's text values `v` (e.g. `count(try_cast(v AS DOUBLE))`). */
export interface Check {
  key: string;
  sql: (v: string) => string;
}

/** Checks that apply to some of the columns. */
export interface CheckGroup {
  columns: string[];
  checks: Check[];
}

/** Counts per column and check key (absent: the check did not apply to that column). */
export type Counts = Map<string, Map<string, number>>;

/**
 * Above this many columns the checks run on the unpivoted values (one row per cell, grouped by
 * column) instead of as one aggregate per column and check: DuckDB's planning time grows faster than
 * linearly with the number of expressions in one query (1,000 columns × 5 checks: 0.7 s of CPU for
 * 100 rows; unpivoted: 0.09 s), while on narrow, long tables the per-column form is ~30% cheaper.
 */
export const WIDE_COLUMNS = 256;

/** One query computing every group's checks over `from` (SQL of a row source), with the row count as `__rows`. */
export function narrowQuery(from: string, groups: CheckGroup[]): { sql: string; read: (row: DbRow) => Counts } {
  const parts = ['count(*) AS __rows'];
  const slots: Array<{ column: string; key: string }> = [];
  for (const g of groups)
    for (const column of g.columns)
      for (const c of g.checks) {
        parts.push(`${c.sql(ident(column))} AS a${slots.length}`);
        slots.push({ column, key: c.key });
      }
  return {
    sql: `SELECT ${parts.join(', ')} FROM ${from}`,
    read: (row) => {
      const counts: Counts = new Map();
      slots.forEach((s, i) => put(counts, s.column, s.key, num(row[`a${i}`]) ?? 0));
      return counts;
    },
  };
}

/**
 * One query per group (each reading the fresh row source `from()`) over the group's columns unpivoted (cells as rows `k`, `v`, nulls kept so
 * `__rows` per column is the row count), grouped by column: the query's size no longer grows with
 * the number of columns.
 */
export function wideQueries(
  from: () => string,
  groups: CheckGroup[],
): Array<{ sql: string; read: (rows: DbRow[], counts: Counts) => void }> {
  // Groups over the same columns share one read of the file (for a wide file the read dominates).
  const merged = new Map<string, CheckGroup>();
  for (const g of groups) {
    const key = g.columns.join('\u0000');
    const m = merged.get(key);
    if (m) m.checks = [...m.checks, ...g.checks];
    else merged.set(key, { columns: g.columns, checks: [...g.checks] });
  }
  return [...merged.values()]
    .filter((g) => g.columns.length > 0 && g.checks.length > 0)
    .map((g) => {
      const parts = ['k', 'count(*) AS __rows', ...g.checks.map((c, i) => `${c.sql('v')} AS a${i}`)];
      const cols = g.columns.map(ident).join(', ');
      return {
        sql: `SELECT ${parts.join(', ')} FROM (SELECT ${cols} FROM ${from()}) UNPIVOT INCLUDE NULLS (v FOR k IN (COLUMNS(*))) GROUP BY k`,
        read: (rows, counts) => {
          for (const row of rows) g.checks.forEach((c, i) => put(counts, String(row.k), c.key, num(row[`a${i}`]) ?? 0));
        },
      };
    });
}

function put(counts: Counts, column: string, key: string, value: number): void {
  let m = counts.get(column);
  if (!m) counts.set(column, (m = new Map()));
  m.set(key, value);
}
