import { ident, num, type Db, type DbJson, type DbRow } from '../util/duckdb';
import { finiteOnly, isFloatType, SAFE_MAGNITUDE } from './distributions';
import { selectParts } from './select-parts';
import { spaces, wideSampleRow, type CellTable } from './wide-scan';
import { SENTENCE_WORDS } from './column-kind';
import { isDateType, isIntegerType, isNumericType, type DbColumn, type Sources } from './load-table';

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
  /** Text columns: share of the sample's values that hold SENTENCE_WORDS words or more (at least half: a median that long). */
  sentenceShare?: number;
  /** Numeric columns: values that are ±infinity or NaN (left out of min/max/mean/std/histogram). */
  nonFinite?: number;
}

/** Facts taken from the sample `s` (all rows when the data is small). */
export interface SampleFacts {
  /** Rows in the sample. */
  rows: number;
  distinct: Map<string, number>;
  quartiles: Map<string, { q1: number; median: number; q3: number }>;
  text: Map<string, { avgLength: number; avgSpaces: number; sentenceShare: number }>;
}

/** Above this many rows, distinct counts are HyperLogLog estimates. */
export const EXACT_LIMIT = 200_000;

/**
 * SQL counting the distinct non-null values of `q` exactly over `rows` rows. count(DISTINCT) sets up
 * a hash table per aggregate (~2 ms each), which dominates on wide, short tables; the keys of a
 * histogram cost ~0.5 µs a value instead, so below a few thousand rows they are cheaper. Same count.
 */
function exactDistinct(q: string, rows: number): string {
  return rows <= 4096 ? `cardinality(histogram(${q}))` : `count(DISTINCT ${q})`;
}

/**
 * One query over the sample (or its `cells` in long form): distinct counts, exact quartiles and text lengths. Quartiles from
 * ~50k evenly spaced rows are within a hair of the full data's, and they are exact when the
 * data fits in the sample.
 */
export async function sampleFacts(
  db: Db,
  src: Sources,
  columns: DbColumn[],
  sampleRows: number,
  cells?: CellTable[],
): Promise<SampleFacts> {
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const q = ident(c.name);
    parts.push(`${exactDistinct(q, sampleRows)} AS d${i}`);
    if (isNumericType(c.dbType)) {
      // Infinity and NaN sort after every number and would drag the quartiles with them.
      const x = isFloatType(c.dbType) ? finiteOnly(`CAST(${q} AS DOUBLE)`) : `CAST(${q} AS DOUBLE)`;
      parts.push(`quantile_cont(${x}, [0.25, 0.5, 0.75]) AS qs${i}`);
    }
    if (c.dbType === 'VARCHAR')
      parts.push(
        `avg(length(${q})) AS len${i}`,
        `avg(${spaces(q)}) AS sp${i}`,
        `avg(CAST(${spaces(q)} >= ${SENTENCE_WORDS - 1} AS INTEGER)) AS ss${i}`,
      );
  });
  const facts: SampleFacts = { rows: 0, distinct: new Map(), quartiles: new Map(), text: new Map() };
  if (parts.length === 0) return facts;
  const row = cells
    ? await wideSampleRow(db, cells, columns)
    : await selectParts(db, ['count(*) AS sn', ...parts], src.s);
  facts.rows = num(row.sn) ?? 0;
  columns.forEach((c, i) => {
    facts.distinct.set(c.name, num(row[`d${i}`]) ?? 0);
    const qs = row[`qs${i}`];
    if (Array.isArray(qs) && qs.length === 3 && qs.every((v) => v !== null)) {
      facts.quartiles.set(c.name, { q1: Number(qs[0]), median: Number(qs[1]), q3: Number(qs[2]) });
    }
    if (c.dbType === 'VARCHAR')
      facts.text.set(c.name, {
        avgLength: num(row[`len${i}`]) ?? 0,
        avgSpaces: num(row[`sp${i}`]) ?? 0,
        sentenceShare: num(row[`ss${i}`]) ?? 0,
      });
  });
  return facts;
}

/** Largest integer range counted with a bitmap: 2^26 bits is 8 MB per DuckDB thread. */
export const BITMAP_BITS = 2 ** 26;

/**
 * Integer columns whose distinct count comes from a bitmap over their known range
 * (`bitstring_agg`): exact at any size and no dearer than HyperLogLog. They are also what
 * proves a table has no duplicate rows without the costly whole-row distinct count.
 */
export function bitmapColumns(
  columns: DbColumn[],
  ranges: Map<string, { min: number; max: number }>,
  counted: Set<string>,
): Map<string, { min: number; max: number }> {
  const out = new Map<string, { min: number; max: number }>();
  for (const c of columns) {
    const r = ranges.get(c.name);
    if (!r || counted.has(c.name) || !isIntegerType(c.dbType) || /HUGEINT|UBIGINT/.test(c.dbType)) continue;
    if (Number.isSafeInteger(r.min) && Number.isSafeInteger(r.max) && r.max - r.min + 1 <= BITMAP_BITS)
      out.set(c.name, r);
  }
  return out;
}

/**
 * Bitmap columns that look unique in the sample (as many distinct values as sample rows). If
 * the full scan confirms one has `rows` distinct non-null values, no row can repeat, so the
 * duplicate count is skipped. Empty when there is no such column.
 */
export function uniqueCandidates(bitmaps: Map<string, unknown>, facts: SampleFacts): string[] {
  return [...bitmaps.keys()].filter((name) => facts.rows > 0 && facts.distinct.get(name) === facts.rows);
}

/**
 * SELECT-list parts for the shared full scan: counts, distinct counts, moments, duplicates.
 * Columns in `counted` get exact value counts elsewhere in the same scan, so their distinct
 * count is the number of values counted and needs no estimator here. With `withDuplicates`
 * false the duplicate count is left to `duplicateRows` (when no unique column settles it).
 * With `only`, per-column parts are made for those columns alone (aliases keep their index).
 */
export function statsParts(
  columns: DbColumn[],
  rows: number,
  counted: Set<string>,
  bitmaps: Map<string, { min: number; max: number }>,
  withDuplicates: boolean,
  moments: Map<string, MomentPlan> = new Map(),
  only?: Set<string>,
): string[] {
  const exact = rows <= EXACT_LIMIT;
  const parts: string[] = [];
  columns.forEach((c, i) => {
    if (only && !only.has(c.name)) return;
    const q = ident(c.name);
    parts.push(`count(${q}) AS n${i}`);
    const bits = bitmaps.get(c.name);
    if (bits)
      parts.push(`bit_count(bitstring_agg(CAST(${q} AS BIGINT), ${bits.min}::BIGINT, ${bits.max}::BIGINT)) AS d${i}`);
    else if (!counted.has(c.name))
      parts.push(exact ? `${exactDistinct(q, rows)} AS d${i}` : `approx_count_distinct(${q}) AS d${i}`);
    if (isNumericType(c.dbType)) {
      const x = momentExpr(c.name, moments.get(c.name));
      // min/max are already known (Parquet statistics or the range query), so only the moments are left.
      parts.push(`avg(${x}) AS mean${i}`, `stddev_samp(${x}) AS sd${i}`);
    }
  });
  if (columns.length && withDuplicates) parts.push(`${duplicatesSql(columns)} AS dups`);
  return parts;
}

/**
 * How a column's mean and standard deviation are taken when plain SQL would fail: over finite
 * values only (infinity and NaN would make them meaningless), and divided by a power of two
 * (exact) when values are so large that their squares overflow a double (DuckDB then refuses).
 */
export interface MomentPlan {
  scale: number;
  finiteOnly: boolean;
}

/** SQL for a column's values as a MomentPlan reads them (also right for correlations, which ignore scale). */
export function momentExpr(name: string, plan: MomentPlan | undefined): string {
  let x = `CAST(${ident(name)} AS DOUBLE)`;
  if (plan?.finiteOnly) x = finiteOnly(x);
  if (plan && plan.scale !== 1) x = `(${x} / ${plan.scale})`;
  return x;
}

/** The columns that need a MomentPlan: those with infinite/NaN values or huge finite values. */
export function momentPlans(
  ranges: Map<string, { min: number; max: number }>,
  nonFinite: Map<string, number>,
): Map<string, MomentPlan> {
  const plans = new Map<string, MomentPlan>();
  const names = new Set([...ranges.keys(), ...nonFinite.keys()]);
  for (const name of names) {
    const r = ranges.get(name);
    const big = r ? Math.max(Math.abs(r.min), Math.abs(r.max)) : 0;
    const scale = big > SAFE_MAGNITUDE ? 2 ** Math.floor(Math.log2(big)) : 1;
    if (scale !== 1 || nonFinite.has(name)) plans.set(name, { scale, finiteOnly: nonFinite.has(name) });
  }
  return plans;
}

/**
 * Duplicate rows as rows minus distinct 64-bit hashes of whole rows: exact up to hash
 * collisions, which at 10^8 rows have a chance of about 3·10^-4 of hiding one duplicate.
 */
function duplicatesSql(columns: DbColumn[]): string {
  return `count(*) - count(DISTINCT hash(${columns.map((c) => ident(c.name)).join(', ')}))`;
}

/** The duplicate count on its own scan, for when the unique column the sample suggested was not unique after all. */
export async function duplicateRows(db: Db, src: Sources, columns: DbColumn[]): Promise<number> {
  if (columns.length === 0) return 0;
  const [row] = await db.all(`SELECT ${duplicatesSql(columns)} AS dups FROM ${src.t}`);
  return num(row.dups) ?? 0;
}

/** Reads the statsParts columns of the full-scan row. */
export function readStats(
  row: DbRow,
  columns: DbColumn[],
  facts: SampleFacts,
  countedDistinct: Map<string, number>,
  ranges: Map<string, { min: number; max: number }>,
  moments: Map<string, MomentPlan> = new Map(),
  nonFinite: Map<string, number> = new Map(),
): { stats: BasicStats[]; duplicateRows: number | null } {
  const stats = columns.map((c, i): BasicStats => {
    const distinct = countedDistinct.get(c.name) ?? num(row[`d${i}`]) ?? 0;
    const s: BasicStats = { name: c.name, dbType: c.dbType, nonNull: num(row[`n${i}`]) ?? 0, distinct };
    if (isNumericType(c.dbType) && s.nonNull > 0) {
      const scale = moments.get(c.name)?.scale ?? 1;
      const mean = fin(row[`mean${i}`]);
      const std = fin(row[`sd${i}`]);
      Object.assign(s, {
        ...ranges.get(c.name),
        mean: mean === undefined ? undefined : fin(mean * scale),
        std: std === undefined ? 0 : fin(std * scale),
      });
      if (nonFinite.has(c.name)) s.nonFinite = nonFinite.get(c.name);
      const q = facts.quartiles.get(c.name);
      if (q) Object.assign(s, q);
    } else if (c.dbType === 'VARCHAR') {
      Object.assign(s, facts.text.get(c.name) ?? { avgLength: 0, avgSpaces: 0, sentenceShare: 0 });
    }
    // HyperLogLog can overshoot a little; a constant column must still read as one value.
    s.distinct = Math.min(s.distinct, s.nonNull);
    if (!isDateType(c.dbType) && s.min !== undefined && s.min === s.max) s.distinct = Math.min(s.distinct, 1);
    return s;
  });
  // null: the scan left duplicates out; the caller settles them from a unique column or its own query.
  return { stats, duplicateRows: row.dups === undefined ? null : (num(row.dups) ?? 0) };
}

function fin(v: DbJson | undefined): number | undefined {
  const n = num(v ?? null);
  return n === null || !Number.isFinite(n) ? undefined : n;
}
