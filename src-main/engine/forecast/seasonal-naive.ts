import type { ForecastMethod } from './types';

export interface SeasonalNaiveParams {
  family: 'seasonal_naive';
  /** Season length; 1 means the plain naive forecast (repeat the last value). */
  m: number;
}

/** Repeats the last observed season: y(n+j) = y(n+j-m*ceil(j/m)). */
export const seasonalNaive: ForecastMethod<SeasonalNaiveParams> = {
  family: 'seasonal_naive',
  label: 'Seasonal naive',
  fit: (s) => ({ family: 'seasonal_naive', m: Math.min(s.m, s.y.length) }),
  forecast: (p, s, h) => {
    const n = s.y.length;
    const m = Math.max(1, Math.min(p.m, n));
    const out = new Float64Array(h);
    for (let j = 0; j < h; j++) out[j] = s.y[n - m + (j % m)];
    return out;
  },
  describe: (p) => ({ season: p.m }),
};
