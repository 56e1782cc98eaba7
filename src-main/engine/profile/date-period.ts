import { ident, num, type Db } from '../util/duckdb';
import { periodFromStepDays, type Period } from '../util/period';
import type { Sources } from './load-table';

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
