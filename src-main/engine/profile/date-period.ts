import { CodedError } from '@shared/errors';
import { ident, num, type Db } from '../util/duckdb';
import { dateGridFacts, type DateGridFacts } from '../forecast/series';
import { periodFromStepDays, type Period } from '../util/period';
import type { BasicStats } from './column-stats';
import { isIntegerType, type Sources } from './load-table';

/** A date column's range and typical spacing (median gap between consecutive distinct values). */
export interface DateSpan {
  period: Period | null;
  dateMin: string | null;
  dateMax: string | null;
}

export async function dateSpan(db: Db, src: Sources, column: string): Promise<DateSpan> {
  const q = ident(column);
  const [row] = await db.all(`
    SELECT median(step) / 86400 AS days, CAST(min(d) AS VARCHAR) AS lo, CAST(max(d) AS VARCHAR) AS hi FROM (
      SELECT d, epoch(d) - epoch(lag(d) OVER (ORDER BY d)) AS step FROM (SELECT DISTINCT CAST(${q} AS TIMESTAMP) AS d FROM ${src.t} WHERE ${q} IS NOT NULL))`);
  return {
    period: periodFromStepDays(num(row.days) ?? Number.NaN),
    dateMin: row.lo === null ? null : String(row.lo),
    dateMax: row.hi === null ? null : String(row.hi),
  };
}

/** Whole numbers read as calendar years (the forecast reads 1871 as 1 January 1871). */
const YEAR_RANGE = [1000, 2999];

/**
 * A whole-number column that can be a yearly time index (Nile's 1871, 1872, ...): unique years, one
 * constant step apart (1, or 5 or 10 for a census) and ascending in file order. Its span as for a date
 * column; null for any other column. `numbered` holds the rows with their position (`rowId`).
 */
export async function yearSpan(
  db: Db,
  numbered: { from: string; rowId: string },
  s: BasicStats,
): Promise<DateSpan | null> {
  if (!isIntegerType(s.dbType) || s.min === undefined || s.max === undefined) return null;
  if (s.min < YEAR_RANGE[0] || s.max > YEAR_RANGE[1] || s.nonNull < 3 || s.distinct !== s.nonNull) return null;
  const q = ident(s.name);
  const [row] = await db.all(`
    SELECT min(step) AS lo, max(step) AS hi FROM (
      SELECT ${q} - lag(${q}) OVER (ORDER BY ${numbered.rowId}) AS step FROM ${numbered.from} WHERE ${q} IS NOT NULL)`);
  const [lo, hi] = [num(row.lo), num(row.hi)];
  if (lo === null || lo <= 0 || lo !== hi) return null;
  return { period: 'year', dateMin: `${s.min}-01-01 00:00:00`, dateMax: `${s.max}-01-01 00:00:00` };
}

/** Longest date column whose grid the profile checks (a forecast's grid holds at most 200,000 periods). */
const GRID_ROWS = 250_000;
/** Share of periods repeated or empty beyond which the dates are irregular rather than a grid with a few slips. */
const IRREGULAR = 0.25;

/**
 * A date column as a forecast would read it (engine/forecast/series.ts): its calendar grid, the periods written
 * more than once and the periods with no row. Null when the column is no time index: dates spaced irregularly
 * (no named period, or over a quarter of the periods repeated or empty), too many rows, many rows per period
 * (transactions, which a forecast adds up per period).
 */
export async function dateGrid(db: Db, src: Sources, column: string, span: DateSpan): Promise<DateGridFacts | null> {
  if (span.period === null) return null;
  const q = ident(column);
  const [count] = await db.all(`SELECT count(${q}) AS n FROM ${src.t}`);
  const rows = num(count.n) ?? 0;
  if (rows < 4 || rows > GRID_ROWS) return null;
  const read = await db.all(
    `SELECT CAST(epoch_ms(CAST(${q} AS TIMESTAMP)) AS DOUBLE) AS t FROM ${src.t} WHERE ${q} IS NOT NULL ORDER BY t`,
  );
  try {
    const g = dateGridFacts(read.map((r) => Number(r.t)));
    return g.aggregation === 'mean' && g.repeated.length + g.gaps <= IRREGULAR * g.periods ? g : null;
  } catch (e) {
    // A grid past the forecast's limit: no time index a forecast would read either.
    if (e instanceof CodedError && e.code === 'limit-exceeded') return null;
    throw e;
  }
}
