import { cssSum, difference, differencingLags, expand, integrate, pacfToAr } from './arima-core';
import { fourierColumns, futureIndices, stepIndices, type FourierSpec } from './fourier';
import type { Frequency } from './frequency';
import { concentratedLikelihood, kalmanFilter, psiWeights, solveSpd, stateForecast, type ArmaPoly } from './kalman';
import { nelderMead } from './nelder-mead';
import { minimizeSmooth } from './optimize';

/** (p,d,q)(P,D,Q)[m] */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  m: number;
}

/**
 * Regressors of a regression with ARIMA errors, on the (Box-Cox) level of the series: an intercept
 * (no differencing), a drift (one difference: the time index), and Fourier terms for seasons.
 * Time indices count steps from `origin` (epoch ms) on the series' calendar, so new history lines up.
 */
export interface Regressors {
  constant: 'none' | 'intercept' | 'drift';
  fourier: FourierSpec | null;
  origin: number;
}

export interface ArimaCoefficients {
  ar: number[];
  ma: number[];
  sar: number[];
  sma: number[];
  /** Regression coefficients: the constant first (when any), then the Fourier terms. */
  beta: number[];
  sigma2: number;
  /** The AR/MA coefficients on the optimiser's scale (partial autocorrelations through tanh), to restart from. */
  x?: number[];
}

export interface ArimaFitResult extends ArimaCoefficients {
  aicc: number;
  /** -2 log-likelihood of the differenced series (σ² and β at their ML/GLS values). */
  m2ll: number;
  nobs: number;
}

export function regressorColumns(reg: Regressors, idx: Float64Array): Float64Array[] {
  const cols: Float64Array[] = [];
  if (reg.constant === 'intercept') cols.push(new Float64Array(idx.length).fill(1));
  if (reg.constant === 'drift') cols.push(Float64Array.from(idx));
  if (reg.fourier) cols.push(...fourierColumns(reg.fourier, idx));
  return cols;
}

export function polynomial(c: Pick<ArimaCoefficients, 'ar' | 'ma' | 'sar' | 'sma'>, m: number): ArmaPoly {
  return {
    ar: expand(c.ar, c.sar, m),
    ma: expand(
      c.ma.map((v) => -v),
      c.sma.map((v) => -v),
      m,
    ).map((v) => -v),
  };
}

function unpack(x: number[], o: ArimaOrder): Pick<ArimaCoefficients, 'ar' | 'ma' | 'sar' | 'sma'> {
  let i = 0;
  const take = (k: number): number[] => x.slice(i, (i += k));
  return {
    ar: pacfToAr(take(o.p)),
    ma: pacfToAr(take(o.q)).map((v) => -v),
    sar: pacfToAr(take(o.P)),
    sma: pacfToAr(take(o.Q)).map((v) => -v),
  };
}

/** Ordinary least squares of y on columns (NaN rows of y skipped); returns coefficients or null. */
export function ols(y: Float64Array, X: Float64Array[]): number[] | null {
  const k = X.length;
  if (k === 0) return [];
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(y[t])) continue;
    for (let i = 0; i < k; i++) {
      b[i] += X[i][t] * y[t];
      for (let j = 0; j <= i; j++) A[i * k + j] += X[i][t] * X[j][t];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) A[j * k + i] = A[i * k + j];
  return solveSpd(A, b, k);
}

export interface FitOptions {
  /**
   * 'css': coefficients by conditional sum of squares (regressors by OLS first), then one exact likelihood
   * evaluation for the AICc: the fast criterion of the order search. 'ml' (default): exact maximum likelihood.
   */
  method?: 'css' | 'ml';
  /** Fourier columns are regressed out once by OLS (fast; for the order search) instead of GLS per evaluation. */
  fast?: boolean;
  /** Starting point on the unconstrained scale (e.g. the coefficients of a neighbouring model). */
  start?: number[];
  maxIter?: number;
  /** Epoch ms: the optimiser throws BudgetExceeded past it. */
  deadline?: number;
}

/**
 * Fits one order by exact maximum likelihood (Kalman filter), regression coefficients and σ² concentrated
 * out. `z` is the (transformed) series with NaN for missing values; `idx` its time indices.
 */
export function fitArimaOrder(
  z: Float64Array,
  idx: Float64Array,
  o: ArimaOrder,
  reg: Regressors,
  opts: FitOptions = {},
): (ArimaFitResult & { x: number[] }) | null {
  const diff = { d: o.d, D: o.D, m: o.m };
  // A series with gaps keeps the differencing in the state (stats::arima): a missing value then costs one
  // observation instead of one for each difference it enters. Complete series are differenced first (the
  // same likelihood, a smaller state).
  const inState = o.d + o.D > 0 && z.some(Number.isNaN);
  const delta = inState ? differencingLags(diff) : [];
  const levels = regressorColumns(reg, idx);
  const cols = levels.map((c) => difference(c, diff));
  const wd = difference(z, diff);
  let w = inState ? z : wd;
  let X = inState ? levels : cols;
  let preBeta: number[] = [];
  const nConst = reg.constant === 'none' ? 0 : 1;
  if (opts.fast && reg.fourier && cols.length > nConst) {
    // Regress the Fourier terms out once (OLS on the differenced data, R's starting values), keep the constant.
    const b = ols(wd, cols);
    if (!b) return null;
    preBeta = b.slice(nConst);
    const four = X.slice(nConst);
    w = Float64Array.from(w, (v, t) => {
      let s = v;
      for (let i = 0; i < four.length; i++) s -= preBeta[i] * four[i][t];
      return s;
    });
    X = X.slice(0, nConst);
  }
  const k = o.p + o.q + o.P + o.Q;
  if (opts.method === 'css' && k > 0) {
    const wc = inState ? difference(w, diff) : w;
    const Xc = inState ? X.map((c) => difference(c, diff)) : X;
    const b = ols(wc, Xc);
    if (!b) return null;
    const u = Float64Array.from(wc, (v, t) => {
      let r = v;
      for (let i = 0; i < Xc.length; i++) r -= b[i] * Xc[i][t];
      return r;
    });
    const e = new Float64Array(u.length);
    const css = (x: number[]): number => {
      const poly = polynomial(unpack(x, o), o.m);
      return cssSum(u, poly.ar, poly.ma, e);
    };
    const start = opts.start && opts.start.length === k ? opts.start : new Array<number>(k).fill(0);
    opts = {
      ...opts,
      start: minimizeSmooth(css, start, { maxIter: 40, tol: 1e-7, deadline: opts.deadline }).x,
      maxIter: 0,
    };
  }
  const objective = (x: number[]): number => {
    const c = concentratedLikelihood(w, X, polynomial(unpack(x, o), o.m), delta);
    return c ? c.m2ll : Infinity;
  };
  let x = opts.start && opts.start.length === k ? opts.start.slice() : new Array<number>(k).fill(0);
  if (k > 0 && opts.maxIter !== 0) {
    // Quasi-Newton with numerical gradients; Nelder-Mead when it gets stuck on a non-finite start.
    let r = minimizeSmooth(objective, x, { maxIter: opts.maxIter ?? 60, tol: 1e-9, deadline: opts.deadline });
    if (!Number.isFinite(r.fx))
      r = nelderMead(objective, x, {
        step: 0.4,
        maxIter: 80 + 60 * k,
        tol: 1e-8,
        deadline: opts.deadline,
      });
    x = r.x;
  }
  const coefs = unpack(x, o);
  const c = concentratedLikelihood(w, X, polynomial(coefs, o.m), delta);
  if (!c) return null;
  const beta = opts.fast && reg.fourier ? [...c.beta, ...preBeta] : c.beta;
  const npar = k + beta.length + 1;
  const aic = c.m2ll + 2 * npar;
  const aicc = c.used - npar - 1 > 0 ? aic + (2 * npar * (npar + 1)) / (c.used - npar - 1) : Infinity;
  // Innovation variance with the degrees-of-freedom correction forecast::Arima uses for intervals.
  const sigma2 = (c.sigma2 * c.used) / Math.max(1, c.used - npar + 1);
  return { ...coefs, beta, sigma2, aicc, m2ll: c.m2ll, nobs: c.used, x };
}

export interface ArimaState {
  order: ArimaOrder;
  reg: Regressors;
  coef: ArimaCoefficients;
}

/**
 * Forecasts h steps of the transformed series: mean and standard deviation per step. `z` holds NaN for
 * missing values (skipped by the filter); `zFilled` the same series with gaps filled (for undoing the differences).
 */
export function forecastArima(
  st: ArimaState,
  z: Float64Array,
  zFilled: Float64Array,
  t: Float64Array,
  freq: Frequency,
  h: number,
): { mean: Float64Array; sd: Float64Array } {
  const { order: o, reg, coef } = st;
  const idx = stepIndices(freq, reg.origin, t);
  const cols = regressorColumns(reg, idx);
  const fit = (series: Float64Array): Float64Array =>
    Float64Array.from(series, (v, i) => {
      let s = v;
      cols.forEach((c, j) => (s -= coef.beta[j] * c[i]));
      return s;
    });
  const noise = fit(z);
  const noiseFilled = fit(zFilled);
  const diff = { d: o.d, D: o.D, m: o.m };
  const poly = polynomial(coef, o.m);
  const delta = differencingLags(diff);
  // With gaps the differencing is in the state, as in the fit; the filter then forecasts y itself.
  const inState = delta.length > 0 && noise.some(Number.isNaN);
  const fs = inState ? kalmanFilter([noise], poly, delta) : null;
  let nf: Float64Array;
  if (fs) nf = stateForecast(fs.aNext[0], poly.ar, h, delta);
  else {
    const f = kalmanFilter([difference(noise, diff)], poly);
    const wf = f ? stateForecast(f.aNext[0], poly.ar, h) : new Float64Array(h);
    nf = integrate(noiseFilled, wf, diff);
  }
  const fcols = regressorColumns(reg, futureIndices(freq, reg.origin, t, h));
  const mean = Float64Array.from(nf, (v, j) => {
    let s = v;
    fcols.forEach((c, i) => (s += coef.beta[i] * c[j]));
    return s;
  });
  // Differencing multiplied into the AR side for the ψ-weights.
  const arFull = differencingLags(diff, poly.ar);
  const psi = psiWeights(arFull, poly.ma, h);
  const sd = new Float64Array(h);
  let acc = 0;
  for (let j = 0; j < h; j++) {
    acc += psi[j] * psi[j];
    sd[j] = Math.sqrt(coef.sigma2 * acc);
  }
  return { mean, sd };
}
