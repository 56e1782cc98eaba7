import { CodedError } from '@shared/errors';
import type { LinearModel } from '../pipeline/types';
import { choleskySolve } from './cholesky';
import type { FitInput, Params } from './fit-types';
import { num } from './hyperparams';
import { budgetNow } from '../util/budget-clock';

/** Degree-2 expansion as types.ts defines it: x followed by x_i * x_j for i <= j. */
export function expandPolynomial(X: Float64Array, n: number, p: number): { X: Float64Array; p: number } {
  const q = p + (p * (p + 1)) / 2;
  const out = new Float64Array(n * q);
  for (let r = 0; r < n; r++) {
    const src = r * p;
    let k = r * q;
    for (let j = 0; j < p; j++) out[k++] = X[src + j];
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) out[k++] = X[src + i] * X[src + j];
  }
  return { X: out, p: q };
}

/** Widest polynomial expansion fitted by normal equations (a (q+1)² system). */
export const POLY_MAX_FEATURES = 1200;

/**
 * Weighted least squares with an unpenalised intercept: minimise Σ w (y - Xb - c)² + alpha ||b||²
 * (scikit-learn's Ridge objective; alpha = 0 is ordinary least squares).
 */
export function solveRidge(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  alpha: number,
  w?: Float64Array,
): { coef: Float64Array; intercept: number } {
  const d = p + 1;
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const wr = w ? w[r] : 1;
    for (let j = 0; j < p; j++) row[j] = X[r * p + j];
    row[p] = 1;
    const yr = y[r] * wr;
    for (let i = 0; i < d; i++) {
      const ri = row[i] * wr;
      if (ri === 0) continue;
      b[i] += row[i] * yr;
      const base = i * d;
      for (let j = i; j < d; j++) A[base + j] += ri * row[j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) A[i * d + j] = A[j * d + i];
  for (let j = 0; j < p; j++) A[j * d + j] += alpha;
  const sol = choleskySolve(A, b, d);
  return { coef: sol.subarray(0, p), intercept: sol[p] };
}

/**
 * Elastic net by cyclic coordinate descent on scikit-learn's objective:
 * (1/2N) Σ w (y - Xb - c)² + alpha * l1 * ||b||₁ + alpha * (1 - l1) / 2 * ||b||².
 */
export function solveElasticNet(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  alpha: number,
  l1: number,
  w?: Float64Array,
  maxIter = 1000,
  tol = 1e-6,
  deadline?: number,
): { coef: Float64Array; intercept: number } {
  let sw = 0;
  const wv = w ?? new Float64Array(n).fill(1);
  for (let r = 0; r < n; r++) sw += wv[r];
  const mx = new Float64Array(p);
  let my = 0;
  for (let r = 0; r < n; r++) {
    my += wv[r] * y[r];
    for (let j = 0; j < p; j++) mx[j] += wv[r] * X[r * p + j];
  }
  my /= sw;
  for (let j = 0; j < p; j++) mx[j] /= sw;
  // Column-major centred copy: coordinate descent walks one column at a time.
  const Xc = new Float64Array(n * p);
  const norm = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    for (let r = 0; r < n; r++) {
      const v = X[r * p + j] - mx[j];
      Xc[j * n + r] = v;
      norm[j] += wv[r] * v * v;
    }
    norm[j] /= sw;
  }
  const resid = new Float64Array(n);
  for (let r = 0; r < n; r++) resid[r] = y[r] - my;
  const b = new Float64Array(p);
  const l1pen = alpha * l1;
  const l2pen = alpha * (1 - l1);
  for (let it = 0; it < maxIter; it++) {
    let maxDelta = 0;
    let maxB = 0;
    for (let j = 0; j < p; j++) {
      if (norm[j] === 0) continue;
      const col = j * n;
      let rho = 0;
      for (let r = 0; r < n; r++) rho += wv[r] * Xc[col + r] * resid[r];
      rho = rho / sw + norm[j] * b[j];
      const nb = (Math.sign(rho) * Math.max(Math.abs(rho) - l1pen, 0)) / (norm[j] + l2pen);
      const delta = nb - b[j];
      if (delta !== 0) {
        for (let r = 0; r < n; r++) resid[r] -= delta * Xc[col + r];
        b[j] = nb;
      }
      maxDelta = Math.max(maxDelta, Math.abs(delta));
      maxB = Math.max(maxB, Math.abs(nb));
    }
    if (maxDelta <= tol * Math.max(maxB, 1e-12) || maxDelta < 1e-12) break;
    if (deadline !== undefined && budgetNow() > deadline) break;
  }
  let intercept = my;
  for (let j = 0; j < p; j++) intercept -= mx[j] * b[j];
  return { coef: b, intercept };
}

/** Fits linear, ridge, lasso, elasticnet or polynomial regression. */
export function fitLinearRegression(
  family: 'linear' | 'ridge' | 'lasso' | 'elasticnet' | 'polynomial',
  input: FitInput,
  params: Params,
): LinearModel {
  const { n, y, weights } = input;
  let { X, p } = input;
  if (family === 'polynomial') {
    const q = p + (p * (p + 1)) / 2;
    if (q > POLY_MAX_FEATURES) {
      throw new CodedError(
        'invalid-input',
        `polynomial: ${p} features expand to ${q} terms (limit ${POLY_MAX_FEATURES}). Drop columns or use ridge or gradient_boosting instead.`,
      );
    }
    // Normal equations cost n·q² and cannot stop half way: refuse what would blow a desktop-sized budget.
    if (n * q * q > 3e9) {
      throw new CodedError(
        'limit-exceeded',
        `polynomial: ${n} rows × ${q} terms is too large to solve in the budget. Use ridge or gradient_boosting, or drop columns.`,
      );
    }
    ({ X, p } = expandPolynomial(X, n, p));
  }
  let sol: { coef: Float64Array; intercept: number };
  if (family === 'lasso' || family === 'elasticnet') {
    const l1 = family === 'lasso' ? 1 : num(params, 'l1_ratio', 0.5);
    sol = solveElasticNet(X, n, p, y, num(params, 'alpha', 0.01), l1, weights, 1000, 1e-6, input.deadline);
  } else {
    const alpha = family === 'linear' ? 0 : num(params, 'alpha', 1);
    sol = solveRidge(X, n, p, y, alpha, weights);
  }
  return {
    family,
    ...(family === 'polynomial' ? { polynomialDegree: 2 as const } : {}),
    coef: [Array.from(sol.coef)],
    intercept: [sol.intercept],
    link: 'identity',
  };
}
