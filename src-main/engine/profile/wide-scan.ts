/**
 * The profile's per-column aggregates for wide, short tables, computed on the cells in long form
 * (one row per cell: row, column, value) grouped by column, instead of one aggregate per column.
 * In DuckDB each aggregate of a SELECT costs ~0.1–2 ms to set up whatever the row count, so at
 * 10,000 columns the per-column form spent tens of seconds on a 100-row table; in long form the
 * cost follows the number of cells. Each function returns the same row (aliases and values) as
 * its per-column counterpart, so the readers downstream are shared and the results identical.
 */
import { ident, num, type Db, type DbJson, type DbRow } from '../util/duckdb';
import { innerEdges, isFloatType, outlierFences, SAFE_MAGNITUDE, type BinnedColumn } from './distributions';
import { isNumericType, type DbColumn } from './load-table';
import { SENTENCE_WORDS } from './column-kind';
import { groupBy } from '../util/group-by';

/** Above this many columns (and while the cells fit WIDE_MAX_CELLS) the profile goes long form. */
export const WIDE_PROFILE_COLUMNS = 256;
/** Beyond this many cells the per-aggregate set-up cost is small next to the data: per-column form. */
export const WIDE_MAX_CELLS = 50_000_000;
/** Columns per UNPIVOT: its planning time grows faster than linearly past ~1,000 columns. */
const UNPIVOT_BATCH = 1000;

/** Long-form cells of one DuckDB type (UNPIVOT needs one): table `(r, k, v)` = row id, column name, value. */
export interface CellTable {
  table: string;
  columns: DbColumn[];
}

/** Whether a table of this shape is profiled in long form. */
export function useLongForm(columns: number, rows: number): boolean {
  return columns > WIDE_PROFILE_COLUMNS && columns * rows <= WIDE_MAX_CELLS;
}

/**
 * Writes every cell of `from` into one temp table per column type. `rowId` is SQL for a stable row
 * number in `from` (Parquet's file_row_number, a table's rowid): the sample and the duplicate
 * count are taken by it, as in the per-column form.
 */
export async function buildCells(db: Db, from: string, rowId: string, columns: DbColumn[]): Promise<CellTable[]> {
  const out: CellTable[] = [];
  for (const [type, cols] of groupBy(columns, (c) => c.dbType)) {
    const table = `cells_${out.length}`;
    await db.exec(`CREATE TEMP TABLE ${table} (r BIGINT, k VARCHAR, v ${type})`);
    for (let i = 0; i < cols.length; i += UNPIVOT_BATCH) {
      const names = cols.slice(i, i + UNPIVOT_BATCH).map((c) => ident(c.name));
      await db.exec(
        `INSERT INTO ${table} SELECT __row, k, v FROM (SELECT ${rowId} AS __row, ${names.join(', ')} FROM ${from})
         UNPIVOT INCLUDE NULLS (v FOR k IN (${names.join(', ')}))`,
      );
    }
    out.push({ table, columns: cols });
  }
  return out;
}

/** The cells of the sample rows (the per-column form keeps rows whose hashed row number is 0 mod k). */
export async function sampleCells(db: Db, cells: CellTable[], k: number): Promise<CellTable[]> {
  const out: CellTable[] = [];
  for (const c of cells) {
    const table = `s${c.table}`;
    await db.exec(`CREATE TEMP TABLE ${table} AS SELECT * FROM ${c.table} WHERE hash(r) % ${k} = 0`);
    out.push({ table, columns: c.columns });
  }
  return out;
}

type Part = { alias: string; sql: string };

/**
 * `SELECT k, <parts> FROM cells GROUP BY k` per table (parts chosen by the table's type), writing
 * `<alias><index of k in all>` into `row`. With `names` (a table of column names `k`) only those columns.
 */
async function grouped(
  db: Db,
  cells: CellTable[],
  all: DbColumn[],
  parts: (c: DbColumn) => Part[],
  row: DbRow,
  names?: string,
): Promise<void> {
  const index = new Map(all.map((c, i) => [c.name, i]));
  for (const t of cells) {
    if (!t.columns.some((c) => index.has(c.name))) continue;
    const ps = parts(t.columns[0]);
    if (ps.length === 0) continue;
    const where = names ? ` WHERE k IN (SELECT k FROM ${names})` : '';
    const rows = await db.all(
      `SELECT k, ${ps.map((p, j) => `${p.sql} AS a${j}`).join(', ')} FROM ${t.table}${where} GROUP BY k`,
    );
    for (const r of rows) {
      const i = index.get(String(r.k));
      if (i !== undefined) ps.forEach((p, j) => (row[`${p.alias}${i}`] = r[`a${j}`]));
    }
  }
}

/** A temp table `(k)` of column names, filled through an appender (thousands of SQL literals bind slowly). */
async function nameTable(db: Db, table: string, names: string[]): Promise<string> {
  await db.exec(`CREATE OR REPLACE TABLE ${table} (k VARCHAR)`);
  const app = await db.conn.createAppender(table);
  for (const n of names) {
    app.appendVarchar(n);
    app.endRow();
  }
  app.closeSync();
  return table;
}

const x = (c: DbColumn): string => (isFloatType(c.dbType) ? 'CASE WHEN isfinite(v) THEN v END' : 'CAST(v AS DOUBLE)');
/**
 * A value as the long-form moments read it. Columns holding values past SAFE_MAGNITUDE get rescaled moments
 * from the caller (full-scan.ts), which replace these; leaving such values out here keeps the shared
 * GROUP BY from overflowing ("STDDEV_SAMP is out of range") and changes nothing for any other column.
 */
const moment = (c: DbColumn): string => `CASE WHEN abs(${x(c)}) <= ${SAFE_MAGNITUDE} THEN ${x(c)} END`;

/** Spaces in a text value (about its words less one), as SQL over `q`. */
export const spaces = (q: string): string => `(length(${q}) - length(replace(${q}, ' ', '')))`;

/** sampleFacts' row: `sn`, distinct counts, quartiles (finite values) and text lengths per column. */
export async function wideSampleRow(db: Db, cells: CellTable[], columns: DbColumn[]): Promise<DbRow> {
  const row: DbRow = {};
  const parts = (c: DbColumn): Part[] => [
    { alias: 'sn', sql: 'count(*)' },
    { alias: 'd', sql: 'count(DISTINCT v)' },
    ...(isNumericType(c.dbType) ? [{ alias: 'qs', sql: `quantile_cont(${x(c)}, [0.25, 0.5, 0.75])` }] : []),
    ...(c.dbType === 'VARCHAR'
      ? [
          { alias: 'len', sql: 'avg(length(v))' },
          { alias: 'sp', sql: `avg(${spaces('v')})` },
          { alias: 'ss', sql: `avg(CAST(${spaces('v')} >= ${SENTENCE_WORDS - 1} AS INTEGER))` },
        ]
      : []),
  ];
  await grouped(db, cells, columns, parts, row);
  // Every column has the same number of rows: any one column's count is the sample's.
  const sn = Object.keys(row).find((k) => k.startsWith('sn'));
  row.sn = sn ? row[sn] : 0;
  return row;
}

/** numericRanges' row: finite min/max and the count of infinite/NaN values (float columns) per column. */
export async function wideRangeRow(db: Db, cells: CellTable[], columns: DbColumn[]): Promise<DbRow> {
  const row: DbRow = {};
  const parts = (c: DbColumn): Part[] => [
    { alias: 'lo', sql: `min(${x(c)})` },
    { alias: 'hi', sql: `max(${x(c)})` },
    ...(isFloatType(c.dbType) ? [{ alias: 'nf', sql: 'count_if(NOT isfinite(v))' }] : []),
  ];
  await grouped(db, cells, columns, parts, row);
  return row;
}

/**
 * The full scan's per-column counts: non-missing values, distinct values (exact or HyperLogLog),
 * mean and standard deviation over finite values. (Columns whose distinct count comes from value
 * counts, a bitmap, or whose moments need rescaling get those from elsewhere; the caller's row wins.)
 */
export async function wideStatsRow(db: Db, cells: CellTable[], columns: DbColumn[], exact: boolean): Promise<DbRow> {
  const row: DbRow = {};
  const parts = (c: DbColumn): Part[] => [
    { alias: 'n', sql: 'count(v)' },
    { alias: 'd', sql: exact ? 'count(DISTINCT v)' : 'approx_count_distinct(v)' },
    ...(isNumericType(c.dbType)
      ? [
          { alias: 'mean', sql: `avg(${moment(c)})` },
          { alias: 'sd', sql: `stddev_samp(${moment(c)})` },
        ]
      : []),
  ];
  await grouped(db, cells, columns, parts, row);
  return row;
}

/** distributionParts' value counts (`v<j>`, j indexing `counted`) as histogram maps, per column. */
export async function wideValueCountsRow(db: Db, cells: CellTable[], counted: string[]): Promise<DbRow> {
  const row: DbRow = {};
  if (counted.length === 0) return row;
  const columns = counted.map((name) => ({ name, dbType: '' }));
  const parts = (c: DbColumn): Part[] => [
    { alias: 'v', sql: c.dbType === 'VARCHAR' ? 'histogram(v)' : 'histogram(CAST(v AS VARCHAR))' },
  ];
  await grouped(db, cells, columns, parts, row, await nameTable(db, 'counted_names', counted));
  return row;
}

/**
 * distributionParts' histograms (`h<j>`) and outlier counts (`o<j>`) for the binned columns: a
 * cell's bin is the number of inner edges below it, which is how histogram(x, edges) assigns
 * buckets (a value goes to the first edge at or above it; above the last, to "Infinity"). The
 * edges go in through an appender: as SQL literals, thousands of lists took seconds to bind.
 */
export async function wideHistogramRow(db: Db, cells: CellTable[], binned: BinnedColumn[]): Promise<DbRow> {
  const row: DbRow = {};
  if (binned.length === 0) return row;
  await db.exec('CREATE OR REPLACE TABLE edges (k VARCHAR, j INTEGER, b INTEGER, edge DOUBLE)');
  await db.exec('CREATE OR REPLACE TABLE fences (k VARCHAR, j INTEGER, flo DOUBLE, fhi DOUBLE)');
  const edges = await db.conn.createAppender('edges');
  const fences = await db.conn.createAppender('fences');
  binned.forEach((c, j) => {
    innerEdges(c).forEach((e, b) => {
      edges.appendVarchar(c.name);
      edges.appendInteger(j);
      edges.appendInteger(b);
      edges.appendDouble(e);
      edges.endRow();
    });
    const f = outlierFences(c);
    fences.appendVarchar(c.name);
    fences.appendInteger(j);
    for (const v of [f?.lo ?? null, f?.hi ?? null]) {
      if (v === null) fences.appendNull();
      else fences.appendDouble(v);
    }
    fences.endRow();
  });
  edges.closeSync();
  fences.closeSync();
  const maps = new Map<number, Array<{ key: DbJson; value: DbJson }>>();
  const outliers = new Map<number, number>();
  for (const t of cells) {
    if (!isNumericType(t.columns[0].dbType)) continue;
    const rows = await db.all(
      `WITH e AS (SELECT k, any_value(j) AS j, list(edge ORDER BY b) AS edges FROM edges GROUP BY k),
            u AS (SELECT k, CAST(v AS DOUBLE) AS x FROM ${t.table} WHERE isfinite(CAST(v AS DOUBLE)))
       SELECT e.j, len(list_filter(e.edges, b -> b < u.x)) AS bin, count(*) AS n,
              count_if(u.x < f.flo OR u.x > f.fhi) AS o
       FROM u JOIN e ON e.k = u.k JOIN fences f ON f.k = u.k GROUP BY ALL`,
    );
    for (const [j, bins] of groupBy(rows, (r) => num(r.j) ?? 0)) {
      const inner = innerEdges(binned[j]);
      const keyed = bins.map((r) => ({ bin: num(r.bin) ?? 0, value: r.n }));
      const entries = keyed.map(({ bin, value }) => ({ key: bin < inner.length ? inner[bin] : 'Infinity', value }));
      maps.set(j, [...(maps.get(j) ?? []), ...entries]);
      outliers.set(
        j,
        bins.reduce((o, r) => o + (num(r.o) ?? 0), outliers.get(j) ?? 0),
      );
    }
  }
  binned.forEach((c, j) => {
    row[`h${j}`] = maps.get(j) ?? [];
    if (c.q1 !== undefined && c.q3 !== undefined) row[`o${j}`] = outliers.get(j) ?? 0;
  });
  return row;
}

/**
 * Rows minus distinct row hashes, like the per-column form's count(DISTINCT hash(all columns)):
 * here a row's hash is the hash of its per-type lists of values in column order.
 */
export async function wideDuplicates(db: Db, cells: CellTable[]): Promise<number> {
  const perType = cells.map((t, g) => `SELECT r, ${g} AS g, hash(list(v ORDER BY k)) AS h FROM ${t.table} GROUP BY r`);
  const [row] = await db.all(
    `SELECT count(*) - count(DISTINCT h) AS dups FROM (SELECT r, hash(list(h ORDER BY g)) AS h FROM (${perType.join(' UNION ALL ')}) GROUP BY r)`,
  );
  return num(row.dups) ?? 0;
}
