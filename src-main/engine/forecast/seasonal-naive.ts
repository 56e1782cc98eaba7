import { pathFromNormal } from './boxcox';
import { periodsOf, type ForecastMethod, type SeriesView } from './types';

export interface SeasonalNaiveParams {
  family: 'seasonal_naive';
  /** Season length; 1 means the plain naive forecast (repeat the last value). */
  m: number;
  /** Standard deviation of the one-season-ahead error on the fitting series. */
  sigma: number;
}

/**
 * The season repeated: the longest whole-step period found (a week of half-hours rather than a day),
 * or the primary one when the longer periods are not whole steps (365.25 days).
 */
export function naivePeriod(s: SeriesView): number {
  const whole = periodsOf(s).filter((p) => Math.abs(p - Math.round(p)) < 1e-9 && s.y.length >= p + 1);
  const m = whole.length > 0 ? Math.max(...whole) : s.m;
  return Math.max(1, Math.min(Math.round(m), s.y.length));
}

/** Repeats the last observed season: y(n+j) = y(n+j-m*ceil(j/m)); intervals widen with each season ahead. */
export const seasonalNaive: ForecastMethod<SeasonalNaiveParams> = {
  family: 'seasonal_naive',
  label: 'Seasonal naive',
  fit: (s, _signal, _deadline, like) => {
    const m = like ? Math.min(like.m, s.y.length) : naivePeriod(s);
    let ss = 0;
    let c = 0;
    for (let i = m; i < s.y.length; i++) {
      if (s.missing?.[i] || s.missing?.[i - m]) continue;
      ss += (s.y[i] - s.y[i - m]) ** 2;
      c++;
    }
    return { family: 'seasonal_naive', m, sigma: c > 0 ? Math.sqrt(ss / c) : 0 };
  },
  forecast: (p, s, h) => {
    const n = s.y.length;
    const m = Math.max(1, Math.min(p.m, n));
    const out = new Float64Array(h);
    const sd = new Float64Array(h);
    for (let j = 0; j < h; j++) {
      out[j] = s.y[n - m + (j % m)];
      sd[j] = p.sigma * Math.sqrt(Math.floor(j / m) + 1);
    }
    return pathFromNormal(out, sd, null);
  },
  describe: (p) => ({ season: p.m }),
};
