import { existsSync } from 'node:fs';
import { CodedError } from '@shared/errors';
import { DATE_FORMATS_KEY, lit, num, parquetKv, WRITTEN_NAMES_KEY, type Db } from '../util/duckdb';

/** A column as DuckDB stores it. */
export interface DbColumn {
  name: string;
  dbType: string;
}

/**
 * SQL naming the rows to profile, used after FROM: `t` all rows, `s` the sample. A Parquet file is
 * read in place with read_parquet(...) rather than through a view: binding a view over a wide file
 * costs ~0.3 s per query at 10,000 columns, the table function a twentieth of that.
 */
export interface Sources {
  t: string;
  s: string;
}

/** What loading learned: columns, date formats written by ingest, and min/max the file already knows. */
export interface LoadedTable {
  /** SQL for all rows (after FROM). */
  from: string;
  /** The rows with a stable row number: SQL after FROM, and the row number's SQL in it (what the sample hashes). */
  numbered: { from: string; rowId: string };
  columns: DbColumn[];
  dateFormats: Record<string, string>;
  /** App name -> name as written in the person's file, for columns ingest renamed for case (WRITTEN_NAMES_KEY). */
  writtenNames: Record<string, string>;
  /** Exact numeric ranges from Parquet statistics (empty when the file has none). */
  ranges: Map<string, { min: number; max: number }>;
  /** SQL that keeps about one row in k (`{k}` is replaced), chosen by a hash of the row number. */
  sampleSql: string;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
export const isNumericType = (t: string): boolean => NUMERIC.test(t);
export const isIntegerType = (t: string): boolean => INTEGER.test(t);
export const isDateType = (t: string): boolean => /^(DATE|TIMESTAMP.*|TIME)$/.test(t);

/**
 * Makes `t` the data to profile. Parquet (what ingest writes) is scanned in place: it is columnar,
 * each pass reads only the columns it needs, and its statistics give min/max for free. Text files
 * are parsed once into a DuckDB table (spilling to the temp folder if large) so no pass re-parses them.
 */
export async function loadTable(db: Db, dataPath: string): Promise<LoadedTable> {
  if (!existsSync(dataPath))
    throw new CodedError('file-not-found', `Data file not found: ${dataPath}. Import the data again.`);
  const lower = dataPath.toLowerCase();
  let dateFormats: Record<string, string> = {};
  let writtenNames: Record<string, string> = {};
  let ranges = new Map<string, { min: number; max: number }>();
  let sampleSql = 'SELECT * FROM t WHERE hash(rowid) % {k} = 0';
  let from = 't';
  let numbered = { from: 't', rowId: 'rowid' };
  if (lower.endsWith('.parquet')) {
    from = `read_parquet(${lit(dataPath)})`;
    numbered = { from: `read_parquet(${lit(dataPath)}, file_row_number = true)`, rowId: 'file_row_number' };
    sampleSql = `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${lit(dataPath)}, file_row_number = true) WHERE hash(file_row_number) % {k} = 0`;
    dateFormats = await parquetKv(db, dataPath, DATE_FORMATS_KEY);
    writtenNames = await parquetKv(db, dataPath, WRITTEN_NAMES_KEY);
    ranges = await parquetRanges(db, dataPath);
  } else if (/\.(json|jsonl|ndjson)(\.gz)?$/.test(lower)) {
    await db.exec(`CREATE TABLE t AS SELECT * FROM read_json_auto(${lit(dataPath)})`);
  } else {
    await db.exec(`CREATE TABLE t AS SELECT * FROM read_csv(${lit(dataPath)}, sample_size = 20480)`);
  }
  const cols = await db.all(`DESCRIBE SELECT * FROM ${from}`);
  return {
    from,
    numbered,
    columns: cols.map((c) => ({ name: String(c.column_name), dbType: String(c.column_type) })),
    dateFormats,
    writtenNames,
    ranges,
    sampleSql,
  };
}

/** Min/max per numeric top-level column across row groups; a column missing stats in any row group is left out. */
async function parquetRanges(db: Db, path: string): Promise<Map<string, { min: number; max: number }>> {
  const rows = await db.all(`
    SELECT path_in_schema AS col, min(TRY_CAST(stats_min_value AS DOUBLE)) AS lo, max(TRY_CAST(stats_max_value AS DOUBLE)) AS hi,
           count(*) - count(TRY_CAST(stats_min_value AS DOUBLE)) AS missing
    FROM parquet_metadata(${lit(path)}) WHERE type IN ('INT32', 'INT64', 'DOUBLE', 'FLOAT') GROUP BY 1`);
  const out = new Map<string, { min: number; max: number }>();
  for (const r of rows) {
    const lo = num(r.lo);
    const hi = num(r.hi);
    if ((num(r.missing) ?? 1) === 0 && lo !== null && hi !== null && Number.isFinite(lo) && Number.isFinite(hi))
      out.set(String(r.col), { min: lo, max: hi });
  }
  return out;
}

export async function countRows(db: Db, from: string): Promise<number> {
  const [{ n }] = await db.all(`SELECT count(*) AS n FROM ${from}`);
  return num(n) ?? 0;
}
