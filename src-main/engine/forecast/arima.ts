import { checkAborted } from '../analytics/task-result';
import { fitArimaOrder, forecastArima, type ArimaCoefficients, type ArimaOrder, type Regressors } from './arima-model';
import { chooseHarmonics, HARMONICS_CAP, likelyDifferencing, searchArima, type SearchResult } from './arima-search';
import { BudgetExceeded } from './budget';
import { candidateLambda, logJacobian, modelScale, pathFromNormal } from './boxcox';
import { maxHarmonics, stepIndices, type FourierSpec } from './fourier';
import { periodsOf, type ForecastMethod, type SeriesView } from './types';

export interface ArimaParams {
  family: 'arima' | 'dhr';
  order: ArimaOrder;
  reg: Regressors;
  coef: ArimaCoefficients;
  /** Box-Cox λ of the model scale, or null (none). */
  lambda: number | null;
  aicc: number;
  /**
   * With Box-Cox: the model the search chose on the original scale (its order may differ), the structure
   * the backtest compares with the transformed one.
   */
  untransformed?: Pick<ArimaParams, 'order' | 'reg' | 'coef' | 'aicc'>;
}

/** Longest season a seasonal ARIMA part is used for; longer (and non-integer) seasons get Fourier terms. */
export const MAX_SARIMA_PERIOD = 24;

function structure(s: SeriesView, family: 'arima' | 'dhr'): { m: number; fourierPeriods: number[] } {
  const periods = periodsOf(s);
  const mS = family === 'arima' && s.m > 1 && s.m <= MAX_SARIMA_PERIOD && s.y.length >= 3 * s.m ? s.m : 1;
  return { m: mS, fourierPeriods: periods.filter((p) => Math.round(p) !== mS) };
}

function search(
  s: SeriesView,
  family: 'arima' | 'dhr',
  lambda: number | null,
  signal: AbortSignal,
  deadline?: number,
): SearchResult {
  const z = modelScale(s.y, lambda, s.missing);
  const origin = s.t[0];
  const idx = stepIndices(s.freq, origin, s.t);
  const { m, fourierPeriods } = structure(s, family);
  let fourier: FourierSpec | null = null;
  if (fourierPeriods.length > 0) {
    fourier = chooseHarmonics(z, idx, fourierPeriods, likelyDifferencing(z, m));
    if (fourier.K.every((k) => k === 0)) fourier = null;
  }
  const found = searchArima(z, idx, { m, fourier, origin, signal, deadline });
  return fourierPeriods.length > 0 ? moreHarmonics(z, idx, found, fourierPeriods, deadline) : found;
}

/**
 * Adds harmonics to the chosen model while its exact likelihood's AICc improves (each period in turn, stopping
 * after two additions that do not help). The least-squares choice assumes white noise on the differenced series;
 * where the model differences once and its MA part all but undoes that (a trending daily series with a yearly
 * season), the season shrinks under the differenced noise and gets no harmonics, while the model's likelihood
 * wants them. Stops quietly when the budget runs out (the model found so far stands).
 */
function moreHarmonics(
  z: Float64Array,
  idx: Float64Array,
  found: SearchResult,
  periods: number[],
  deadline?: number,
): SearchResult {
  let best = found;
  const K = periods.map((p) => best.reg.fourier?.K[best.reg.fourier.periods.indexOf(p)] ?? 0);
  try {
    periods.forEach((p, i) => {
      let misses = 0;
      for (let k = K[i] + 1; k <= maxHarmonics(p, HARMONICS_CAP) && misses < 2; k++) {
        const trial = { periods, K: K.map((v, j) => (j === i ? k : v)) };
        const reg = { ...best.reg, fourier: trial };
        const fit = fitArimaOrder(z, idx, best.order, reg, { fast: true, start: best.fit.x, deadline });
        if (fit && fit.aicc < best.fit.aicc) {
          best = { ...best, reg, fit };
          K[i] = k;
          misses = 0;
        } else misses++;
      }
    });
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
  }
  return best;
}

function makeArima(family: 'arima' | 'dhr'): ForecastMethod<ArimaParams> {
  return {
    family,
    label:
      family === 'arima'
        ? 'ARIMA (automatic, exact likelihood)'
        : 'Dynamic harmonic regression (Fourier terms + ARIMA errors)',
    // dhr differs from arima only when arima has a seasonal ARIMA part (else both are Fourier + ARIMA).
    applies: (s) => family === 'arima' || structure(s, 'arima').m > 1,
    fit(s: SeriesView, signal: AbortSignal, deadline?: number, like?: ArimaParams): ArimaParams {
      checkAborted(signal);
      if (like) {
        const z = modelScale(s.y, like.lambda, s.missing);
        const reg = { ...like.reg, origin: s.t[0] };
        // Started from the whole-series coefficients: a fold's optimum is close by.
        const f = fitArimaOrder(z, stepIndices(s.freq, reg.origin, s.t), like.order, reg, {
          fast: !!reg.fourier,
          start: like.coef.x,
          maxIter: 15,
          deadline,
        });
        if (!f) throw new Error('The ARIMA model could not be refitted on this part of the series.');
        return { family, order: like.order, reg, coef: f, lambda: like.lambda, aicc: f.aicc };
      }
      const raw = search(s, family, null, signal, deadline);
      let best = raw;
      let lambda: number | null = null;
      const lam = candidateLambda(s);
      if (lam !== null) {
        // Same model on the Box-Cox scale; likelihoods compared on the original scale (Jacobian term).
        const z = modelScale(s.y, lam, s.missing);
        const idx = stepIndices(s.freq, s.t[0], s.t);
        const alt = fitArimaOrder(z, idx, best.order, best.reg, { fast: !!best.reg.fourier, deadline });
        const skip = best.order.d + best.order.D * best.order.m;
        const jac = -2 * logJacobian(s.y.subarray(skip), lam);
        if (alt && alt.aicc + jac < best.fit.aicc - 2) {
          lambda = lam;
          best = search(s, family, lam, signal, deadline);
        }
      }
      const params: ArimaParams = {
        family,
        order: best.order,
        reg: best.reg,
        coef: best.fit,
        lambda,
        aicc: best.fit.aicc,
      };
      if (lambda !== null) params.untransformed = { order: raw.order, reg: raw.reg, coef: raw.fit, aicc: raw.fit.aicc };
      return params;
    },
    forecast(p, s, h) {
      const z = modelScale(s.y, p.lambda, s.missing);
      const zFilled = modelScale(s.y, p.lambda);
      const f = forecastArima({ order: p.order, reg: p.reg, coef: p.coef }, z, zFilled, s.t, s.freq, h);
      return pathFromNormal(f.mean, f.sd, p.lambda);
    },
    // Box-Cox helps when the swing grows with the level but can overshoot at long horizons: the backtest
    // decides between the transformed model and the one the search chose on the original scale.
    alternatives: (p) =>
      p.lambda === null
        ? []
        : [{ family: p.family, ...(p.untransformed ?? p), lambda: null, untransformed: undefined }],
    describe: (p) => ({
      model: arimaName(p),
      ...(p.lambda !== null ? { boxcox: p.lambda } : {}),
      aicc: Math.round(p.aicc * 10) / 10,
    }),
  };
}

export function arimaName(p: Pick<ArimaParams, 'order' | 'reg'>): string {
  const o = p.order;
  const seas = o.m > 1 ? `(${o.P},${o.D},${o.Q})[${o.m}]` : '';
  const c = p.reg.constant === 'drift' ? ' with drift' : p.reg.constant === 'intercept' ? ' with mean' : '';
  const f = p.reg.fourier
    ? ` + Fourier ${p.reg.fourier.periods.map((per, i) => `K=${p.reg.fourier!.K[i]}[${per}]`).join(' ')}`
    : '';
  return `ARIMA(${o.p},${o.d},${o.q})${seas}${c}${f}`;
}

/** Automatic ARIMA: seasonal part for seasons up to 24 steps, Fourier terms for the others. */
export const arima = makeArima('arima');
/** Every season as Fourier terms, non-seasonal ARIMA errors (for series whose season ARIMA also models). */
export const dhr = makeArima('dhr');
