import { candidatePeriods, type Frequency } from './frequency';

/** Sample autocorrelation of x at `lag`. */
export function acf(x: ArrayLike<number>, lag: number): number {
  const n = x.length;
  if (lag >= n) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let den = 0;
  for (let i = 0; i < n; i++) den += (x[i] - mean) ** 2;
  if (den === 0) return 0;
  let num = 0;
  for (let i = lag; i < n; i++) num += (x[i] - mean) * (x[i - lag] - mean);
  return num / den;
}

export interface SeasonalityInfo {
  /** Chosen seasonal period in steps (1 = no seasonality). */
  period: number;
  /** ACF of the differenced series at each tested period. */
  tested: Array<{ period: number; acf: number }>;
}

/**
 * Detects a seasonal period from the ACF of the first-differenced series (differencing removes trend,
 * which would otherwise dominate the ACF). A period needs two full cycles plus a bit and an ACF above
 * both 0.25 and the 95% white-noise band.
 */
export function detectSeasonality(y: Float64Array, freq: Frequency): SeasonalityInfo {
  const n = y.length;
  const d = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) d[i - 1] = y[i] - y[i - 1];
  const tested: SeasonalityInfo['tested'] = [];
  let best = 1;
  let bestAcf = -Infinity;
  const band = 1.96 / Math.sqrt(Math.max(1, d.length));
  for (const m of candidatePeriods(freq)) {
    if (n < 2 * m + 4) continue;
    const r = acf(d, m);
    tested.push({ period: m, acf: r });
    if (r > 0.25 && r > band && r > bestAcf) {
      best = m;
      bestAcf = r;
    }
  }
  return { period: best, tested };
}
