import { ident, num, type Db, type DbJson } from '../util/duckdb';
import { isDateType, isNumericType, type DbColumn } from './load-table';

/** What the first scan learns about one column. */
export interface BasicStats {
  name: string;
  dbType: string;
  nonNull: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  q1?: number;
  median?: number;
  q3?: number;
  /** Text columns: mean length in characters and mean number of spaces (≈ words − 1). */
  avgLength?: number;
  avgSpaces?: number;
  /** Date columns: min and max as text. */
  minText?: string;
  maxText?: string;
}

/** Above this many rows, distinct counts and quantiles are approximate (HyperLogLog, t-digest). */
export const EXACT_LIMIT = 1_000_000;

/** One aggregate query over every column: counts, distinct counts, moments, quantiles, duplicates. */
export async function basicStats(db: Db, columns: DbColumn[], rows: number): Promise<{ stats: BasicStats[]; duplicateRows: number }> {
  const exact = rows <= EXACT_LIMIT;
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const q = ident(c.name);
    parts.push(`count(${q}) AS n${i}`, exact ? `count(DISTINCT ${q}) AS d${i}` : `approx_count_distinct(${q}) AS d${i}`);
    if (isNumericType(c.dbType)) {
      const x = `CAST(${q} AS DOUBLE)`;
      const qs = exact ? `quantile_cont(${x}, [0.25, 0.5, 0.75])` : `approx_quantile(${x}, [0.25, 0.5, 0.75])`;
      parts.push(`min(${x}) AS lo${i}`, `max(${x}) AS hi${i}`, `avg(${x}) AS mean${i}`, `stddev_samp(${x}) AS sd${i}`, `${qs} AS qs${i}`);
    } else if (isDateType(c.dbType)) {
      parts.push(`CAST(min(${q}) AS VARCHAR) AS lo${i}`, `CAST(max(${q}) AS VARCHAR) AS hi${i}`);
    } else if (c.dbType === 'VARCHAR') {
      parts.push(`avg(length(${q})) AS len${i}`, `avg(length(${q}) - length(replace(${q}, ' ', ''))) AS sp${i}`);
    }
  });
  parts.push(`count(*) - count(DISTINCT hash(t)) AS dups`);
  const [row] = await db.all(`SELECT ${parts.join(', ')} FROM t`);
  const stats = columns.map((c, i): BasicStats => {
    const s: BasicStats = { name: c.name, dbType: c.dbType, nonNull: num(row[`n${i}`]) ?? 0, distinct: num(row[`d${i}`]) ?? 0 };
    if (isNumericType(c.dbType) && s.nonNull > 0) {
      const qs = (row[`qs${i}`] as DbJson[] | null) ?? [];
      Object.assign(s, { min: fin(row[`lo${i}`]), max: fin(row[`hi${i}`]), mean: fin(row[`mean${i}`]), std: fin(row[`sd${i}`]) ?? 0, q1: fin(qs[0]), median: fin(qs[1]), q3: fin(qs[2]) });
    } else if (isDateType(c.dbType)) {
      s.minText = row[`lo${i}`] == null ? undefined : String(row[`lo${i}`]);
      s.maxText = row[`hi${i}`] == null ? undefined : String(row[`hi${i}`]);
    } else if (c.dbType === 'VARCHAR') {
      s.avgLength = num(row[`len${i}`]) ?? 0;
      s.avgSpaces = num(row[`sp${i}`]) ?? 0;
    }
    // approx_count_distinct can overshoot the row count slightly.
    s.distinct = Math.min(s.distinct, s.nonNull);
    return s;
  });
  return { stats, duplicateRows: num(row.dups) ?? 0 };
}

function fin(v: DbJson | undefined): number | undefined {
  const n = num(v ?? null);
  return n === null || !Number.isFinite(n) ? undefined : n;
}
