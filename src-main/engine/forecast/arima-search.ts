import { checkAborted } from '../analytics/task-result';
import { difference, kpss, type Differencing } from './arima-core';
import { fitArimaOrder, ols, type ArimaFitResult, type ArimaOrder, type Regressors } from './arima-model';
import { checkBudget } from './budget';
import { fourierColumns, fourierWidth, maxHarmonics, type FourierSpec } from './fourier';
import { strengthOf, varyingSeasonalComponent } from './seasonality';

/** KPSS 5% critical value (level stationarity, Kwiatkowski et al. 1992). */
const KPSS_5 = 0.463;

/** Number of first differences (0-2) by repeated KPSS tests, as forecast::ndiffs. Missing values are skipped. */
export function ndiffs(x: Float64Array, maxD = 2): number {
  let d = 0;
  let w: Float64Array = x.filter((v) => !Number.isNaN(v));
  while (d < maxD && w.length > 10 && kpss(w) > KPSS_5) {
    d++;
    w = difference(w, { d: 1, D: 0, m: 1 });
  }
  return d;
}

/**
 * Seasonal differences (0 or 1) by the seasonal-strength heuristic of forecast::nsdiffs (strength ≥ 0.64),
 * with a season that may change over the cycles as the STL decomposition R measures it on.
 */
export function nsdiffs(x: Float64Array, m: number): number {
  if (m <= 1 || x.length < 2 * m + 4) return 0;
  const filled = x.some((v) => Number.isNaN(v)) ? x.filter((v) => !Number.isNaN(v)) : x;
  const { season, detrended } = varyingSeasonalComponent(filled, m);
  return strengthOf(season, detrended) >= 0.64 ? 1 : 0;
}

/** Most Fourier pairs per season. */
export const HARMONICS_CAP = 12;

/**
 * The differencing the search will likely choose for a series with a SARIMA part of period m (1 = none):
 * D by seasonal strength, then d by KPSS on the seasonally differenced series (at most 1, as the search).
 */
export function likelyDifferencing(z: Float64Array, m: number): Differencing {
  const D = m > 1 ? nsdiffs(z, m) : 0;
  const d = D > 0 ? ndiffs(difference(z, { d: 0, D, m }), 1) : Math.min(1, ndiffs(z));
  return { d, D, m };
}

/**
 * Harmonics per period by AICc of a least-squares fit of the differenced series on Fourier terms
 * (each period in turn, the others held at their current choice). The differencing is the model's
 * (`likelyDifferencing`): with first differences where the model takes a weekly seasonal difference, a
 * yearly season of daily data shrank to 2% of its size against the noise and got no harmonics (Chicago
 * ridership: K = 0, while the ARIMA model's exact likelihood improves with every K up to 12).
 */
export function chooseHarmonics(
  z: Float64Array,
  idx: Float64Array,
  periods: number[],
  diff: Differencing,
  cap = HARMONICS_CAP,
): FourierSpec {
  const spec: FourierSpec = { periods, K: periods.map(() => 0) };
  const w = difference(z, diff);
  const aiccOf = (s: FourierSpec): number => {
    const cols = fourierColumns(s, idx).map((c) => difference(c, diff));
    if (diff.d + diff.D === 0) cols.push(new Float64Array(w.length).fill(1));
    const b = ols(w, cols);
    if (!b) return Infinity;
    let sse = 0;
    let n = 0;
    for (let t = 0; t < w.length; t++) {
      if (Number.isNaN(w[t])) continue;
      let e = w[t];
      cols.forEach((c, i) => (e -= b[i] * c[t]));
      sse += e * e;
      n++;
    }
    const k = cols.length + 1;
    return n - k - 1 > 0 ? n * Math.log(sse / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  };
  periods.forEach((p, i) => {
    let best = aiccOf(spec);
    let bestK = 0;
    for (let K = 1; K <= maxHarmonics(p, cap); K++) {
      spec.K[i] = K;
      const a = aiccOf(spec);
      if (a < best) {
        best = a;
        bestK = K;
      }
    }
    spec.K[i] = bestK;
  });
  return spec;
}

export interface SearchResult {
  order: ArimaOrder;
  reg: Regressors;
  fit: ArimaFitResult;
  /** Models fitted during the search. */
  tried: number;
}

export interface SearchOptions {
  /** Seasonal period of the SARIMA part (1 = none). */
  m: number;
  /** Fourier terms (already chosen) or null. */
  fourier: FourierSpec | null;
  origin: number;
  signal: AbortSignal;
  deadline?: number;
  /** Fixed differencing (else from KPSS and seasonal strength). */
  d?: number;
  D?: number;
}

const MAX_P = 5;
const MAX_Q = 5;
const MAX_SP = 2;
const MAX_ORDER = 5;

/**
 * Hyndman-Khandakar stepwise search (forecast::auto.arima): d by KPSS, D by seasonal strength, then from
 * the best of four start models move p, q, P, Q by one (alone or together) and toggle the constant while
 * AICc improves. Every model is fitted by exact maximum likelihood.
 */
export function searchArima(z: Float64Array, idx: Float64Array, o: SearchOptions): SearchResult {
  const m = o.m;
  const four = o.fourier && fourierWidth(o.fourier) > 0 ? o.fourier : null;
  let base = z;
  if (four) {
    // Differencing tests on the series with its Fourier seasonality removed.
    const cols = fourierColumns(four, idx);
    const b = ols(z, [...cols, new Float64Array(z.length).fill(1)]);
    if (b) base = Float64Array.from(z, (v, t) => v - cols.reduce((s, c, i) => s + b[i] * c[t], 0));
  }
  const D = o.D ?? (m > 1 ? nsdiffs(base, m) : 0);
  const d = o.d ?? ndiffs(D > 0 ? difference(base, { d: 0, D, m }) : base, D > 0 ? 1 : 2);
  const constant: Regressors['constant'] = d + D === 0 ? 'intercept' : d + D === 1 ? 'drift' : 'none';
  const fast = !!four && fourierWidth(four) > 0;
  const cache = new Map<string, (ArimaFitResult & { x: number[] }) | null>();
  let best: { order: ArimaOrder; withConst: boolean; fit: ArimaFitResult & { x: number[] } } | null = null;
  const seasonalOk = m > 1;
  const nEff = z.length - d - D * m;
  const tryModel = (p: number, q: number, P: number, Q: number, withConst: boolean): boolean => {
    if (p < 0 || q < 0 || P < 0 || Q < 0 || p > MAX_P || q > MAX_Q || P > MAX_SP || Q > MAX_SP) return false;
    if (!seasonalOk && (P > 0 || Q > 0)) return false;
    if (p + q + P + Q > MAX_ORDER) return false;
    if (withConst && constant === 'none') return false;
    if (nEff <= p + q + (P + Q) * m + 3) return false;
    const key = `${p},${q},${P},${Q},${withConst}`;
    if (cache.has(key)) return false;
    checkAborted(o.signal);
    checkBudget(o.deadline);
    const order = { p, d, q, P, D, Q, m: seasonalOk ? m : 1 };
    const reg: Regressors = { constant: withConst ? constant : 'none', fourier: four, origin: o.origin };
    const f = fitArimaOrder(z, idx, order, reg, { fast, method: 'css', deadline: o.deadline });
    cache.set(key, f);
    // As auto.arima: a model with an AR or MA root (nearly) on the unit circle is rejected; on the
    // partial-autocorrelation scale the fit uses, that is a coefficient of modulus near 1.
    const nearUnitRoot = f?.x.some((v) => Math.abs(Math.tanh(v)) > 0.99);
    if (f && !nearUnitRoot && Number.isFinite(f.aicc) && (!best || f.aicc < best.fit.aicc - 1e-9)) {
      best = { order, withConst, fit: f };
      return true;
    }
    return false;
  };
  const c0 = constant !== 'none';
  if (seasonalOk) {
    tryModel(2, 2, 1, 1, c0);
    tryModel(0, 0, 0, 0, c0);
    tryModel(1, 0, 1, 0, c0);
    tryModel(0, 1, 0, 1, c0);
  } else {
    tryModel(2, 2, 0, 0, c0);
    tryModel(0, 0, 0, 0, c0);
    tryModel(1, 0, 0, 0, c0);
    tryModel(0, 1, 0, 0, c0);
  }
  if (c0) tryModel(0, 0, 0, 0, false);
  let improved = true;
  let steps = 0;
  while (improved && best && steps < 100) {
    improved = false;
    steps++;
    const { p, q, P, Q } = (best as { order: ArimaOrder }).order;
    const wc = (best as { withConst: boolean }).withConst;
    const moves: Array<[number, number, number, number, boolean]> = [
      [p, q, P - 1, Q, wc],
      [p, q, P + 1, Q, wc],
      [p, q, P, Q - 1, wc],
      [p, q, P, Q + 1, wc],
      [p, q, P - 1, Q - 1, wc],
      [p, q, P + 1, Q + 1, wc],
      [p - 1, q, P, Q, wc],
      [p + 1, q, P, Q, wc],
      [p, q - 1, P, Q, wc],
      [p, q + 1, P, Q, wc],
      [p - 1, q - 1, P, Q, wc],
      [p + 1, q + 1, P, Q, wc],
      [p, q, P, Q, !wc],
    ];
    for (const mv of moves) {
      if (tryModel(...mv)) {
        improved = true;
        break;
      }
    }
  }
  if (!best) throw new Error('No ARIMA model could be fitted to this series.');
  const b = best as { order: ArimaOrder; withConst: boolean; fit: ArimaFitResult & { x: number[] } };
  const reg: Regressors = { constant: b.withConst ? constant : 'none', fourier: four, origin: o.origin };
  // The chosen order by exact maximum likelihood, started from its conditional-sum-of-squares estimate.
  const ml = fitArimaOrder(z, idx, b.order, reg, { fast, start: b.fit.x, deadline: o.deadline });
  const fit = ml && ml.aicc <= b.fit.aicc + 1e-6 ? ml : b.fit;
  return { order: b.order, reg, fit, tried: cache.size };
}
