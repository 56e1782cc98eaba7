/** The spacing of a time series, as detected from its date column. */
export type Period = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Length of each period in days (calendar averages for months, quarters and years). */
export const PERIOD_DAYS: Record<Period, number> = {
  minute: 1 / 1440,
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 30.436875,
  quarter: 91.310625,
  year: 365.2425,
};

/** The named period nearest to a typical step in days, or null when none is within ±35% (10-minute readings, irregular data). */
export function periodFromStepDays(days: number): Period | null {
  if (!(days > 0)) return null;
  let best: Period | null = null;
  let bestDist = Infinity;
  for (const [p, len] of Object.entries(PERIOD_DAYS) as Array<[Period, number]>) {
    const dist = Math.abs(Math.log(days / len));
    if (dist < bestDist) [best, bestDist] = [p, dist];
  }
  return bestDist <= Math.log(1.35) ? best : null;
}
