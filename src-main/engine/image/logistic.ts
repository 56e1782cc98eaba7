import { lbfgs } from './lbfgs';
import type { Head, Rows } from './heads';

export interface LogisticOptions {
  /** L2 strength on the standardised weights (loss is the weighted mean log-loss). */
  lambda: number;
  /** Per-row weights (e.g. class weights); default 1. */
  sampleWeight?: number[];
  maxIter?: number;
  /** Warm start: parameters from a previous fit with the same data (class-major W then b). */
  init?: Float64Array;
  onIter?: (iter: number, loss: number) => boolean | void;
}

export interface LogisticFit {
  head: Extract<Head, { kind: 'logistic' }>;
  /** Raw parameters on standardised inputs, for warm starts. */
  theta: Float64Array;
  iterations: number;
  loss: number;
}

/** Column means and standard deviations (std floored so constant columns stay harmless). */
export function standardiser(x: Rows): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(x.d);
  const sq = new Float64Array(x.d);
  for (let i = 0; i < x.n; i++) {
    for (let k = 0; k < x.d; k++) {
      const v = x.data[i * x.d + k];
      mean[k] += v;
      sq[k] += v * v;
    }
  }
  const std = new Float64Array(x.d);
  for (let k = 0; k < x.d; k++) {
    mean[k] /= x.n;
    std[k] = Math.sqrt(Math.max(sq[k] / x.n - mean[k] * mean[k], 0)) || 1;
    if (std[k] < 1e-6) std[k] = 1;
  }
  return { mean, std };
}

/**
 * Multinomial logistic regression (softmax, L2, class weights) fitted with L-BFGS on standardised inputs.
 * The standardisation is folded into the returned weights, so the head reads raw embeddings.
 */
export function fitLogistic(x: Rows, y: number[], c: number, opts: LogisticOptions): LogisticFit {
  const { n, d } = x;
  const { mean, std } = standardiser(x);
  const z = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) z[i * d + k] = (x.data[i * d + k] - mean[k]) / std[k];
  const sw = opts.sampleWeight ?? new Array<number>(n).fill(1);
  const swSum = sw.reduce((a, b) => a + b, 0);
  const theta = opts.init ? Float64Array.from(opts.init) : new Float64Array(c * d + c);
  const logits = new Float64Array(c);
  const objective = (t: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let m = -Infinity;
      for (let j = 0; j < c; j++) {
        let s = t[c * d + j];
        const w = j * d;
        for (let k = 0; k < d; k++) s += z[row + k] * t[w + k];
        logits[j] = s;
        if (s > m) m = s;
      }
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.exp(logits[j] - m);
      const lse = m + Math.log(sum);
      const wi = sw[i] / swSum;
      loss += wi * (lse - logits[y[i]]);
      for (let j = 0; j < c; j++) {
        const p = Math.exp(logits[j] - lse) - (j === y[i] ? 1 : 0);
        const gp = wi * p;
        if (gp === 0) continue;
        const w = j * d;
        for (let k = 0; k < d; k++) grad[w + k] += gp * z[row + k];
        grad[c * d + j] += gp;
      }
    }
    let reg = 0;
    for (let q = 0; q < c * d; q++) {
      reg += t[q] * t[q];
      grad[q] += opts.lambda * t[q];
    }
    return loss + 0.5 * opts.lambda * reg;
  };
  const res = lbfgs(objective, theta, { maxIter: opts.maxIter ?? 150, gtol: 1e-5, ftol: 1e-8, onIter: opts.onIter });
  // Fold the standardisation: x·(W/std) + (b - Σ W·mean/std).
  const W = new Float32Array(d * c);
  const b = new Float32Array(c);
  for (let j = 0; j < c; j++) {
    let bias = theta[c * d + j];
    for (let k = 0; k < d; k++) {
      const wk = theta[j * d + k] / std[k];
      W[k * c + j] = wk;
      bias -= wk * mean[k];
    }
    b[j] = bias;
  }
  return { head: { kind: 'logistic', d, c, W, b }, theta, iterations: res.iterations, loss: res.f };
}
