import { fSf } from '../monitor/stat-tests';
import { ols } from './arima-model';
import { fourierColumns } from './fourier';
import { candidatePeriods, type Frequency } from './frequency';
import type { SeriesView } from './types';

/** Sample autocorrelation of x at `lag`. */
export function acf(x: ArrayLike<number>, lag: number): number {
  return acfUpTo(x, lag)[lag - 1] ?? 0;
}

/** Sample autocorrelations of x at lags 1..maxLag. */
export function acfUpTo(x: ArrayLike<number>, maxLag: number): number[] {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] / n;
  let den = 0;
  for (let i = 0; i < n; i++) den += (x[i] - mean) ** 2;
  const out: number[] = [];
  for (let lag = 1; lag <= maxLag; lag++) {
    if (lag >= n || den === 0) {
      out.push(0);
      continue;
    }
    let num = 0;
    for (let i = lag; i < n; i++) num += (x[i] - mean) * (x[i - lag] - mean);
    out.push(num / den);
  }
  return out;
}

export interface SeasonalityInfo {
  /** Primary (shortest detected) seasonal period, rounded to whole steps (1 = no seasonality). */
  period: number;
  /** Every detected seasonal period, shortest first; may be non-integer (365.25 days, 52.18 weeks). */
  periods: number[];
  /** Each candidate period with its seasonal strength (0..1) and autocorrelation at that lag. */
  tested: Array<{ period: number; acf: number; strength: number; detected: boolean }>;
}

/** Centred moving average of width round(p) (2×p for an even width); NaN where the window does not fit. */
export function movingAverage(y: ArrayLike<number>, p: number): Float64Array {
  const n = y.length;
  const w = Math.max(2, Math.round(p));
  const out = new Float64Array(n).fill(NaN);
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + y[i];
  const half = Math.floor(w / 2);
  for (let i = half; i + half < n; i++) {
    if (w % 2 === 1) out[i] = (cum[i + half + 1] - cum[i - half]) / w;
    else out[i] = (cum[i + half] - cum[i - half + 1] + 0.5 * (y[i - half] + y[i + half])) / w;
  }
  return out;
}

/**
 * Seasonal component of period p by phase averaging of the detrended series (phases rounded for
 * non-integer periods), centred on zero. Returns the component at every index.
 */
export function seasonalComponent(y: ArrayLike<number>, p: number): { season: Float64Array; detrended: Float64Array } {
  const n = y.length;
  const trend = movingAverage(y, p);
  const bins = Math.max(2, Math.round(p));
  const sums = new Float64Array(bins);
  const counts = new Float64Array(bins);
  const detrended = new Float64Array(n).fill(NaN);
  const phase = (i: number): number => Math.round(i - p * Math.floor(i / p)) % bins;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(trend[i])) continue;
    detrended[i] = y[i] - trend[i];
    sums[phase(i)] += detrended[i];
    counts[phase(i)]++;
  }
  let mean = 0;
  let used = 0;
  for (let b = 0; b < bins; b++) {
    if (counts[b] > 0) {
      sums[b] /= counts[b];
      mean += sums[b];
      used++;
    }
  }
  mean /= Math.max(1, used);
  const season = Float64Array.from({ length: n }, (_, i) => (counts[phase(i)] > 0 ? sums[phase(i)] - mean : 0));
  return { season, detrended };
}

/**
 * Seasonal component of period p that may change from cycle to cycle, as STL's (s.window = 11, degree 0):
 * on the detrended series, each phase is smoothed across cycles by a tricube-weighted mean over the
 * `span` nearest cycles, then centred by a moving average over one period. A season whose swing grows
 * with the level (gas, UKgas) is strong here and weak under one fixed profile.
 */
export function varyingSeasonalComponent(
  y: ArrayLike<number>,
  p: number,
  span = 11,
): { season: Float64Array; detrended: Float64Array } {
  const n = y.length;
  const trend = movingAverage(y, p);
  const detrended = Float64Array.from({ length: n }, (_, i) => y[i] - trend[i]);
  const bins = Math.max(2, Math.round(p));
  const raw = new Float64Array(n).fill(NaN);
  for (let b = 0; b < bins; b++) {
    const at: number[] = [];
    for (let i = b; i < n; i += bins) if (!Number.isNaN(detrended[i])) at.push(i);
    const k = at.length;
    if (k === 0) continue;
    const q = Math.min(span, k);
    for (let j = 0; j < k; j++) {
      // The q nearest cycles (shifted inwards at the ends), tricube weights on the cycle distance.
      const lo = Math.max(0, Math.min(j - Math.floor(q / 2), k - q));
      const h = Math.max(j - lo, lo + q - 1 - j) + 1 + Math.max(0, (span - k) / 2);
      let sw = 0;
      let s = 0;
      for (let c = lo; c < lo + q; c++) {
        const w = (1 - (Math.abs(c - j) / h) ** 3) ** 3;
        sw += w;
        s += w * detrended[at[c]];
      }
      raw[at[j]] = s / sw;
    }
  }
  // Centre: remove the mean over the surrounding period (the nearest full window at the ends).
  const season = new Float64Array(n);
  const defined = [...raw.keys()].filter((i) => !Number.isNaN(raw[i]));
  if (defined.length < bins) return { season, detrended };
  const first = defined[0];
  const last = defined[defined.length - 1];
  for (let i = first; i <= last; i++) {
    if (Number.isNaN(raw[i])) continue;
    const lo = Math.max(first, Math.min(i - Math.floor(bins / 2), last - bins + 1));
    let s = 0;
    for (let j = lo; j < lo + bins; j++) s += raw[j];
    season[i] = raw[i] - s / bins;
  }
  return { season, detrended };
}

/**
 * Strength of seasonality (Wang, Smith & Hyndman 2006): 1 - Var(remainder) / Var(season + remainder)
 * on the detrended series, 0 when the seasonal pattern explains nothing.
 */
export function strengthOf(season: Float64Array, detrended: Float64Array): number {
  let sr = 0;
  let r = 0;
  let msr = 0;
  let mr = 0;
  let c = 0;
  for (let i = 0; i < detrended.length; i++) {
    if (Number.isNaN(detrended[i])) continue;
    msr += detrended[i];
    mr += detrended[i] - season[i];
    c++;
  }
  msr /= c;
  mr /= c;
  for (let i = 0; i < detrended.length; i++) {
    if (Number.isNaN(detrended[i])) continue;
    sr += (detrended[i] - msr) ** 2;
    r += (detrended[i] - season[i] - mr) ** 2;
  }
  return sr > 0 ? Math.max(0, 1 - r / sr) : 0;
}

/**
 * Sums of squares of y about its mean (`total`) and about an intercept and two Fourier pairs of period p at the
 * steps `idx` (`rest`), fitted by least squares; null when the fit fails.
 */
function cycleFit(y: Float64Array, idx: number[], p: number): { total: number; rest: number } | null {
  const cols = [new Float64Array(y.length).fill(1), ...fourierColumns({ periods: [p], K: [2] }, idx)];
  const b = y.length > 0 ? ols(y, cols) : null;
  if (!b) return null;
  const mean = y.reduce((a, v) => a + v, 0) / y.length;
  let total = 0;
  let rest = 0;
  y.forEach((v, t) => {
    total += (v - mean) ** 2;
    rest += (v - cols.reduce((f, c, j) => f + b[j] * c[t], 0)) ** 2;
  });
  return { total, rest };
}

/** Share of the variance of `detrended` (NaN skipped) that an intercept and two Fourier pairs of period p explain. */
function smoothCycleShare(detrended: Float64Array, p: number): number {
  const idx = [...detrended.keys()].filter((i) => !Number.isNaN(detrended[i]));
  const fit = cycleFit(
    Float64Array.from(idx, (i) => detrended[i]),
    idx,
    p,
  );
  return fit && fit.total > 0 ? 1 - fit.rest / fit.total : 0;
}

/** Significance the cycle in a series' changes must reach (changesFollowCycle). */
const CYCLE_CHANGES_P = 0.05;

/**
 * p-value of a cycle of period p in the series' changes: means over blocks of a twelfth of the cycle, their
 * differences regressed on two Fourier pairs of the cycle (F test). A season makes the level rise and fall at the
 * same phases every cycle; a random walk's changes have no phase. Two or three years of a daily price wander
 * slowly enough for two Fourier pairs to explain half of its detrended variance (the smooth-cycle rule), and did
 * so for DJIA8012 (a yearly "season" that doubled the forecast error); the changes tell them apart: DJIA's p 0.08,
 * the river flow ice_river's 0.02, Seattle's daily maximum temperature's far below. Simulated, 900 days (60 series
 * each): random walks got a yearly season 38% of the time before, 7% with this test; a yearly sine of amplitude 6
 * under AR(1) noise (φ 0.95, unit shocks) 97% -> 82%, of amplitude 3 35% -> 13% (weak seasons lost: on ice_river
 * the forecast without its season was about as good, 1.246 against 1.220 on the holdout). Block means make a
 * random walk's changes slightly autocorrelated (about 0.25), so the test is a little liberal (7% at 5%); taking
 * that into account (GLS) brings random walks to 2% but keeps only 38% of the amplitude-6 seasons, and loses
 * ice_river's.
 */
export function changesFollowCycle(y: ArrayLike<number>, p: number): number {
  const w = Math.max(1, Math.round(p / 12));
  const means: number[] = [];
  for (let i = 0; i + w <= y.length; i += w) {
    let sum = 0;
    for (let j = i; j < i + w; j++) sum += y[j];
    means.push(sum / w);
  }
  const d = Float64Array.from({ length: means.length - 1 }, (_, i) => means[i + 1] - means[i]);
  const k = 4;
  if (d.length <= k + 5) return 1;
  const fit = cycleFit(
    d,
    Array.from(d, (_, i) => i + 1),
    p / w,
  );
  if (!fit || !(fit.total > 0)) return 1;
  const { total, rest } = fit;
  if (!(rest > 0)) return 0;
  const dfRest = d.length - k - 1;
  return fSf((total - rest) / k / (rest / dfRest), k, dfRest);
}

/** The view the models see: the regular series with its seasons and missing-value marks. */
export function viewOf(
  series: { y: Float64Array; t: Float64Array; missing?: Uint8Array; freq: Frequency },
  season: SeasonalityInfo,
): SeriesView {
  return {
    y: series.y,
    t: series.t,
    m: season.period,
    periods: season.periods,
    missing: series.missing,
    freq: series.freq,
  };
}

/**
 * Detects every seasonal period that matters. Candidates come from the calendar frequency (half-hourly:
 * a day of 48 and a week of 336 steps; daily: 7 and 365.25; monthly: 12, ...). Shortest first, each one is
 * measured on the series with the seasons already found removed: it counts when it has 2 full cycles, its
 * seasonal strength is at least 0.3 and above what noise gives with that many cycles, and the
 * autocorrelation of the detrended series at that lag is significant (the test of forecast::thetaf).
 */
export function detectSeasonality(y: Float64Array, freq: Frequency): SeasonalityInfo {
  const n = y.length;
  const tested: SeasonalityInfo['tested'] = [];
  const periods: number[] = [];
  let rest = Float64Array.from(y);
  for (const p of candidatePeriods(freq)) {
    if (n < 2 * p + 4) continue;
    const { season, detrended } = seasonalComponent(rest, p);
    const strength = strengthOf(season, detrended);
    const valid = Float64Array.from(detrended.filter((v) => !Number.isNaN(v)));
    const lag = Math.round(p);
    const r = acfUpTo(valid, lag);
    let s2 = 1;
    for (let i = 0; i < lag - 1; i++) s2 += 2 * r[i] * r[i];
    const band = 1.645 * Math.sqrt(s2 / valid.length);
    const cycles = n / p;
    // A long season (a year of days) is a smooth cycle: when two Fourier pairs explain half the detrended
    // variance it counts even though the Bartlett band, which grows with every lag below p, is then too wide
    // to call its one autocorrelation significant (a daily temperature with 3 years of history).
    // Its changes must follow the cycle too (changesFollowCycle): a slowly wandering price fits a smooth curve.
    const smooth =
      p > 24 && !(r[lag - 1] > band)
        ? smoothCycleShare(detrended, p) >= 0.5 && changesFollowCycle(rest, p) < CYCLE_CHANGES_P
        : false;
    const detected = strength >= Math.max(0.3, 1.5 / cycles) && (r[lag - 1] > band || smooth);
    tested.push({ period: p, acf: r[lag - 1], strength, detected });
    if (!detected) continue;
    periods.push(p);
    rest = Float64Array.from(rest, (v, i) => v - season[i]);
  }
  return { period: periods.length > 0 ? Math.round(periods[0]) : 1, periods, tested };
}
