import { ident, num, type Db, type DbJson, type DbRow } from '../util/duckdb';
import { isDateType, isNumericType, type DbColumn } from './load-table';

/** What the scans learn about one column before its kind is decided. */
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
  /** Text columns: mean length in characters and mean number of spaces (≈ words − 1), from the sample. */
  avgLength?: number;
  avgSpaces?: number;
}

/** Facts taken from the sample `s` (all rows when the data is small). */
export interface SampleFacts {
  distinct: Map<string, number>;
  quartiles: Map<string, { q1: number; median: number; q3: number }>;
  text: Map<string, { avgLength: number; avgSpaces: number }>;
}

/** Above this many rows, distinct counts are HyperLogLog estimates. */
export const EXACT_LIMIT = 200_000;

/**
 * One query over the sample: distinct counts, exact quartiles and text lengths. Quartiles from
 * ~50k evenly spaced rows are within a hair of the full data's, and they are exact when the
 * data fits in the sample.
 */
export async function sampleFacts(db: Db, columns: DbColumn[]): Promise<SampleFacts> {
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const q = ident(c.name);
    parts.push(`count(DISTINCT ${q}) AS d${i}`);
    if (isNumericType(c.dbType)) parts.push(`quantile_cont(CAST(${q} AS DOUBLE), [0.25, 0.5, 0.75]) AS qs${i}`);
    if (c.dbType === 'VARCHAR') parts.push(`avg(length(${q})) AS len${i}`, `avg(length(${q}) - length(replace(${q}, ' ', ''))) AS sp${i}`);
  });
  const facts: SampleFacts = { distinct: new Map(), quartiles: new Map(), text: new Map() };
  if (parts.length === 0) return facts;
  const [row] = await db.all(`SELECT ${parts.join(', ')} FROM s`);
  columns.forEach((c, i) => {
    facts.distinct.set(c.name, num(row[`d${i}`]) ?? 0);
    const qs = row[`qs${i}`];
    if (Array.isArray(qs) && qs.length === 3 && qs.every((v) => v !== null)) {
      facts.quartiles.set(c.name, { q1: Number(qs[0]), median: Number(qs[1]), q3: Number(qs[2]) });
    }
    if (c.dbType === 'VARCHAR') facts.text.set(c.name, { avgLength: num(row[`len${i}`]) ?? 0, avgSpaces: num(row[`sp${i}`]) ?? 0 });
  });
  return facts;
}

/**
 * SELECT-list parts for the shared full scan: counts, distinct counts, moments, duplicates.
 * Columns in `counted` get exact value counts elsewhere in the same scan, so their distinct
 * count is the number of values counted and needs no estimator here.
 */
export function statsParts(columns: DbColumn[], rows: number, counted: Set<string>): string[] {
  const exact = rows <= EXACT_LIMIT;
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const q = ident(c.name);
    parts.push(`count(${q}) AS n${i}`);
    if (!counted.has(c.name)) parts.push(exact ? `count(DISTINCT ${q}) AS d${i}` : `approx_count_distinct(${q}) AS d${i}`);
    if (isNumericType(c.dbType)) {
      const x = `CAST(${q} AS DOUBLE)`;
      // min/max are already known (Parquet statistics or the range query), so only the moments are left.
      parts.push(`avg(${x}) AS mean${i}`, `stddev_samp(${x}) AS sd${i}`);
    }
  });
  // Exact duplicate count via a 64-bit hash of each whole row (collisions need billions of rows to matter).
  if (columns.length) parts.push(`count(*) - count(DISTINCT hash(${columns.map((c) => ident(c.name)).join(', ')})) AS dups`);
  return parts;
}

/** Reads the statsParts columns of the full-scan row. */
export function readStats(
  row: DbRow,
  columns: DbColumn[],
  facts: SampleFacts,
  countedDistinct: Map<string, number>,
  ranges: Map<string, { min: number; max: number }>,
): { stats: BasicStats[]; duplicateRows: number } {
  const stats = columns.map((c, i): BasicStats => {
    const distinct = countedDistinct.get(c.name) ?? num(row[`d${i}`]) ?? 0;
    const s: BasicStats = { name: c.name, dbType: c.dbType, nonNull: num(row[`n${i}`]) ?? 0, distinct };
    if (isNumericType(c.dbType) && s.nonNull > 0) {
      Object.assign(s, { ...ranges.get(c.name), mean: fin(row[`mean${i}`]), std: fin(row[`sd${i}`]) ?? 0 });
      const q = facts.quartiles.get(c.name);
      if (q) Object.assign(s, q);
    } else if (c.dbType === 'VARCHAR') {
      Object.assign(s, facts.text.get(c.name) ?? { avgLength: 0, avgSpaces: 0 });
    }
    // HyperLogLog can overshoot a little; a constant column must still read as one value.
    s.distinct = Math.min(s.distinct, s.nonNull);
    if (!isDateType(c.dbType) && s.min !== undefined && s.min === s.max) s.distinct = Math.min(s.distinct, 1);
    return s;
  });
  return { stats, duplicateRows: num(row.dups) ?? 0 };
}

function fin(v: DbJson | undefined): number | undefined {
  const n = num(v ?? null);
  return n === null || !Number.isFinite(n) ? undefined : n;
}
