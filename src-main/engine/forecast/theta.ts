import { checkAborted } from '../analytics/task-result';
import { pathFromNormal } from './boxcox';
import { etsForecast, filter, type EtsSpec } from './ets-core';
import { addSeason, adjustView, fitProfile, type SeasonProfile } from './deseason';
import { MAX_ETS_PERIOD } from './ets';
import { periodIndex } from './frequency';
import { nelderMead, sigmoid } from './nelder-mead';
import { acfUpTo, movingAverage } from './seasonality';
import type { ForecastMethod, ForecastPath, SeriesView } from './types';

/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000; the M3 winner) as forecast::thetaf computes it
 * (Hyndman & Billah 2003): simple exponential smoothing plus half the slope of a straight line through the
 * series, on the seasonally adjusted series (classical multiplicative decomposition) when the
 * autocorrelation at the seasonal lag is significant at 90%; the season is put back at the end.
 */
export interface ThetaParams {
  family: 'theta';
  /** Seasonal indices (multiplicative, mean 1) by position modulo m, or null (no adjustment). */
  season: number[] | null;
  m: number;
  alpha: number;
  /** Initial level of the simple exponential smoothing. */
  level0: number;
  /** Half the least-squares slope of the adjusted series. */
  drift: number;
  sigma2: number;
  fittedFrom: { t0: number; n: number };
  /** Seasons other than the one Theta adjusts for itself (longer than 24 steps), removed and added back. */
  adjust: SeasonProfile | null;
}

/** The seasonality test of forecast::thetaf: |r_m| > 1.645 sqrt((1 + 2 Σ_{k<m} r_k²) / n). */
export function thetaSeasonal(y: ArrayLike<number>, m: number): boolean {
  if (m <= 1 || y.length < 2 * m) return false;
  const r = acfUpTo(y, m);
  let s = 1;
  for (let k = 0; k < m - 1; k++) s += 2 * r[k] * r[k];
  return Math.abs(r[m - 1]) > 1.645 * Math.sqrt(s / y.length);
}

/** Multiplicative seasonal indices of a classical decomposition (centred moving average), mean 1. */
export function classicalIndices(y: ArrayLike<number>, m: number): number[] {
  const n = y.length;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  const trend = movingAverage(y, m);
  for (let i = 0; i < n; i++) {
    const ma = trend[i];
    if (Number.isNaN(ma)) continue;
    sums[i % m] += y[i] / ma;
    counts[i % m]++;
  }
  const idx = Array.from(sums, (v, j) => (counts[j] > 0 ? v / counts[j] : 1));
  const mean = idx.reduce((a, b) => a + b, 0) / m;
  return idx.map((v) => v / mean);
}

function sesSpec(alpha: number): EtsSpec {
  return { error: 'A', trend: 'N', season: 'N', m: 1, alpha, beta: 0, gamma: 0, phi: 1 };
}

/** SES fitted by least squares over α and the initial level (ETS(A,N,N) maximum likelihood). */
function fitSes(x: Float64Array): { alpha: number; level0: number; sigma2: number } {
  const scale = Math.abs(x[0]) > 0 ? Math.abs(x[0]) : 1;
  const obj = (v: number[]): number => {
    const st = { level: x[0] + v[1] * scale * 0.1, trend: 0, season: new Float64Array(1) };
    return filter(sesSpec(0.0001 + 0.9998 * sigmoid(v[0])), x, st).sse;
  };
  let r = nelderMead(obj, [0, 0], { step: 1, maxIter: 400 });
  r = nelderMead(obj, r.x, { step: 0.2, maxIter: 200 });
  return {
    alpha: 0.0001 + 0.9998 * sigmoid(r.x[0]),
    level0: x[0] + r.x[1] * scale * 0.1,
    sigma2: r.fx / Math.max(1, x.length - 2),
  };
}

function adjusted(y: Float64Array, season: number[] | null, m: number, offset: number): Float64Array {
  return season ? Float64Array.from(y, (v, i) => v / season[(i + offset) % m]) : y;
}

/** Position in the seasonal cycle of the first point of `s`, counted on the calendar from where the fit started. */
function phaseOf(p: ThetaParams, s: SeriesView): number {
  const k = periodIndex(s.freq, p.fittedFrom.t0, s.t[0]);
  return ((k % p.m) + p.m) % p.m;
}

export const theta: ForecastMethod<ThetaParams> = {
  family: 'theta',
  label: 'Theta method',
  fit(full: SeriesView, signal: AbortSignal, _deadline?: number, like?: ThetaParams): ThetaParams {
    checkAborted(signal);
    const keep = full.m > 1 && full.m <= MAX_ETS_PERIOD ? full.m : null;
    const adjust = fitProfile(full, keep);
    const s = { ...adjustView(full, adjust), m: keep ?? 1 };
    const m = s.m;
    const positive = s.y.every((v) => v > 0);
    const seasonal = like ? like.season !== null : positive && thetaSeasonal(s.y, m);
    const season = seasonal && positive ? classicalIndices(s.y, m) : null;
    const x = adjusted(s.y, season, m, 0);
    const n = x.length;
    // Least-squares slope of x on 0..n-1.
    const tm = (n - 1) / 2;
    let xm = 0;
    for (const v of x) xm += v / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (i - tm) * (x[i] - xm);
      sxx += (i - tm) ** 2;
    }
    const ses = fitSes(x);
    return {
      family: 'theta',
      season,
      m,
      ...ses,
      drift: sxx > 0 ? sxy / sxx / 2 : 0,
      fittedFrom: { t0: s.t[0], n },
      adjust,
    };
  },
  forecast(p, full, h) {
    const s = adjustView(full, p.adjust);
    const offset = p.season ? phaseOf(p, s) : 0;
    const x = adjusted(s.y, p.season, p.m, offset);
    const n = x.length;
    const own = s.t[0] === p.fittedFrom.t0;
    const st = { level: own ? p.level0 : x[0], trend: 0, season: new Float64Array(1) };
    filter(sesSpec(p.alpha), x, st);
    const ses = etsForecast(sesSpec(p.alpha), st, n, h);
    // thetaf: mean + b/2 · (j - 1 + (1 - (1 - α)^n) / α) at step j.
    const shift = (1 - (1 - p.alpha) ** n) / p.alpha;
    const z = Float64Array.from(ses, (v, j) => v + p.drift * (j + shift));
    const sd = Float64Array.from(ses, (_, j) => Math.sqrt(p.sigma2 * (1 + j * p.alpha * p.alpha)));
    if (!p.season) return addSeason(pathFromNormal(z, sd, null), p.adjust, full, h);
    const sIdx = (j: number): number => p.season![(offset + n + j) % p.m];
    const base = pathFromNormal(z, sd, null);
    const seasonal: ForecastPath = {
      mean: Float64Array.from(base.mean, (v, j) => v * sIdx(j)),
      interval(level: number) {
        const b = base.interval!(level);
        return {
          lower: Float64Array.from(b.lower, (v, j) => v * sIdx(j)),
          upper: Float64Array.from(b.upper, (v, j) => v * sIdx(j)),
        };
      },
    };
    return addSeason(seasonal, p.adjust, full, h);
  },
  describe: (p) => ({
    model: p.season ? `Theta (seasonally adjusted, m=${p.m})` : 'Theta',
    ...(p.adjust ? { 'seasons removed first': p.adjust.periods.join(' ') } : {}),
    alpha: Math.round(p.alpha * 1e4) / 1e4,
    drift: Number(p.drift.toPrecision(4)),
  }),
};
