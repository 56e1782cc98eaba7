import { lbfgs } from '../models/lbfgs';
import { tf, tfReady } from './tf-backend';
import type { Head, Rows } from './heads';

export interface LogisticOptions {
  /** L2 strength on the standardised weights (loss is the weighted mean log-loss). */
  lambda: number;
  /** Per-row weights (e.g. class weights); default 1. */
  sampleWeight?: number[];
  maxIter?: number;
  /** Warm start: parameters from a previous fit with the same data (class-major W then b). */
  init?: Float64Array;
  /** Told after each L-BFGS iteration (loss curves). */
  onIteration?: (iteration: number, loss: number) => void;
  /** Asked before each iteration (cancel): true stops with the current parameters. */
  shouldStop?: () => boolean;
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
 * Loss and gradient are two matrix products per evaluation, run on tfjs (WASM, XNNPACK): ~30x faster than
 * plain loops on 2,000 x 1,280 embeddings. The standardisation is folded into the returned weights, so the
 * head reads raw embeddings.
 */
export async function fitLogistic(x: Rows, y: number[], c: number, opts: LogisticOptions): Promise<LogisticFit> {
  await tfReady();
  const { n, d } = x;
  const { mean, std } = standardiser(x);
  const z = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) z[i * d + k] = (x.data[i * d + k] - mean[k]) / std[k];
  const sw = opts.sampleWeight ?? new Array<number>(n).fill(1);
  const swSum = sw.reduce((a, b) => a + b, 0);
  const theta0 = opts.init ?? new Float64Array(c * d + c);
  const Z = tf.tensor2d(z, [n, d]);
  const Y = tf.oneHot(tf.tensor1d(y, 'int32'), c).toFloat();
  const SW = tf.tensor2d(
    sw.map((w) => w / swSum),
    [n, 1],
  );
  const objective = (t: Float64Array, grad: Float64Array): number => {
    const [lossT, gW, gb] = tf.tidy(() => {
      const W = tf.tensor2d(Float32Array.from(t.subarray(0, c * d)), [c, d]);
      const b = tf.tensor1d(Float32Array.from(t.subarray(c * d)));
      const logits = tf.add(tf.matMul(Z, W, false, true), b);
      const lse = tf.logSumExp(logits, 1, true);
      const loss = tf.sum(tf.mul(SW, tf.sub(lse, tf.sum(tf.mul(logits, Y), 1, true))));
      const G = tf.mul(tf.sub(tf.exp(tf.sub(logits, lse)), Y), SW);
      return [loss, tf.matMul(G, Z, true, false), tf.sum(G, 0)];
    });
    const gw = gW.dataSync();
    const gbv = gb.dataSync();
    const loss = lossT.dataSync()[0];
    tf.dispose([lossT, gW, gb]);
    let reg = 0;
    for (let q = 0; q < c * d; q++) {
      reg += t[q] * t[q];
      grad[q] = gw[q] + opts.lambda * t[q];
    }
    for (let j = 0; j < c; j++) grad[c * d + j] = gbv[j];
    return loss + 0.5 * opts.lambda * reg;
  };
  let res;
  try {
    res = lbfgs(objective, theta0, {
      maxIter: opts.maxIter ?? 150,
      gtol: 1e-5,
      ftol: 1e-7,
      onIteration: opts.onIteration,
      shouldStop: opts.shouldStop,
    });
  } finally {
    tf.dispose([Z, Y, SW]);
  }
  const theta = res.x;
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
