/**
 * The one evaluator of fitted models, per family: the leaderboard (tabular/evaluate.ts, score.ts), the reference
 * evaluator behind export and predict (pipeline/predict.ts), the explainers and the ONNX parity fixtures all score
 * models here. Semantics (pipeline/predict.ts's header lists them with the feature steps; the ONNX writer mirrors
 * them, so the order of the additions below is the order ONNX adds in):
 * - linear: polynomial degree 2 appends x[i] * x[j] for i <= j (i outer); raw[o] = intercept[o] + (coef[o] . x, from
 *   0, dense features in order, then the sparse tail's non-zeros when the model was fitted with one).
 * - trees: trees/tree-predictor.ts.
 * - mlp: h = act((h W, from 0, inputs in order) + b) per layer; regression y = link(raw) * yScale + yCenter.
 * - naive Bayes: jll[c] = prior[c] - 0.5 * (sum_f (x_f - m_cf)^2 / v_cf + sum_f log(2 pi v_cf)) (gaussian) or
 *   prior[c] + sum_f x_f * logp_cf (multinomial); the link is softmax.
 * - kernel: k_j = exp(-gamma * sum_f (x_f - l_jf)^2) per landmark j (the ONNX writer expands the square);
 *   raw[o] = bias[o] + (weights[o] . k, from 0).
 * - link: logistic = elementwise sigmoid, softmax = per row. Binary with one output p gives [1 - p, p].
 */
import { CodedError } from '@shared/errors';
import type { FittedModel, KernelModel, LinearModel, MlpModel, NaiveBayesModel } from '../pipeline/types';
import type { Csr } from '../preprocess/transform';
import { softmaxRows } from '../util/softmax';
import { rbfFeatures } from './kernel';
import { treeRaw } from './trees/tree-predictor';

export { treeLeaf } from './trees/tree-predictor';

export type Link = 'identity' | 'logistic' | 'softmax';

function malformed(what: string): CodedError {
  return new CodedError(
    'invalid-input',
    `The fitted pipeline is malformed: ${what}. Retrain the model or re-export it.`,
  );
}

/**
 * Scores a fitted model on a feature matrix: n x k row-major, k = 1 for regression (the prediction; pass
 * nClasses 0) and k = nClasses for classification (probabilities; a binary model's one output p becomes [1-p, p]).
 * `tail`: sparse columns after the p dense ones (linear models fitted with a tail).
 */
export function predictModel(
  model: FittedModel,
  X: Float64Array,
  n: number,
  p: number,
  nClasses: number,
  tail?: Csr,
): Float64Array {
  const raw = modelRaw(model, X, n, p, tail);
  const k = n === 0 ? 0 : raw.length / n;
  const out = applyLink(raw, n, k, modelLink(model));
  if (model.family === 'mlp' && model.yScale !== undefined) {
    const { yScale, yCenter = 0 } = model;
    for (let i = 0; i < out.length; i++) out[i] = out[i] * yScale + yCenter;
  }
  if (nClasses === 0 || n === 0 || k === nClasses) return out;
  if (k !== 1 || nClasses !== 2) throw malformed(`the model has ${k} outputs for ${nClasses} classes`);
  const both = new Float64Array(n * 2);
  for (let r = 0; r < n; r++) {
    both[r * 2] = 1 - out[r];
    both[r * 2 + 1] = out[r];
  }
  return both;
}

/** Raw model outputs (before the link), row-major n x O. */
export function modelRaw(m: FittedModel, X: Float64Array, n: number, F: number, tail?: Csr): Float64Array {
  switch (m.family) {
    case 'gradient_boosting':
    case 'random_forest':
    case 'extra_trees':
      return treeRaw(m, X, n, F);
    case 'mlp':
      return mlpRaw(m, X, n, F);
    case 'naive_bayes':
      return naiveBayesRaw(m, X, n, F);
    case 'kernel':
      return kernelRaw(m, X, n, F);
    default:
      return linearRaw(m, X, n, F, tail);
  }
}

export function modelLink(m: FittedModel): Link {
  return m.family === 'naive_bayes' ? 'softmax' : m.link;
}

/** The link on raw outputs (n x O): a new array, except identity, which returns `raw` itself. */
export function applyLink(raw: Float64Array, n: number, O: number, link: Link): Float64Array {
  if (link === 'identity') return raw;
  if (link === 'logistic') {
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = 1 / (1 + Math.exp(-raw[i]));
    return out;
  }
  return softmaxRows(raw, n, O);
}

/** Indices (i, j), i <= j, of the degree-2 expansion appended after the F original features. */
export function polynomialPairs(F: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < F; i++) for (let j = i; j < F; j++) pairs.push([i, j]);
  return pairs;
}

function linearRaw(m: LinearModel, X: Float64Array, n: number, F: number, tail?: Csr): Float64Array {
  const poly = m.polynomialDegree === 2;
  const W = poly ? F + (F * (F + 1)) / 2 : F;
  const width = W + (tail?.p ?? 0);
  const O = m.coef.length;
  const coef = m.coef.map((w, o) => {
    if (w.length !== width) throw malformed(`coef row ${o} has ${w.length} weights for ${width} features`);
    return Float64Array.from(w);
  });
  const out = new Float64Array(n * O);
  // With the polynomial expansion, each row is expanded into `x` first; otherwise X is read in place.
  const x = poly ? new Float64Array(W) : X;
  for (let r = 0; r < n; r++) {
    let base = r * F;
    if (poly) {
      let k = 0;
      for (let f = 0; f < F; f++) x[k++] = X[base + f];
      for (let i = 0; i < F; i++) for (let j = i; j < F; j++) x[k++] = X[base + i] * X[base + j];
      base = 0;
    }
    for (let o = 0; o < O; o++) {
      const w = coef[o];
      let s = 0;
      for (let f = 0; f < W; f++) s += w[f] * x[base + f];
      if (tail) for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) s += w[W + tail.indices[q]] * tail.values[q];
      out[r * O + o] = m.intercept[o] + s;
    }
  }
  return out;
}

function mlpRaw(m: MlpModel, X: Float64Array, n: number, F: number): Float64Array {
  let h = X;
  let width = F;
  for (const layer of m.layers) {
    const outW = layer.bias.length;
    if (layer.weights.length !== width)
      throw malformed(`an MLP layer expects ${layer.weights.length} inputs but gets ${width}`);
    const { weights, bias, activation: act } = layer;
    const next = new Float64Array(n * outW);
    for (let r = 0; r < n; r++) {
      const at = r * outW;
      // Inputs outer, outputs inner (one weight row at a time), summed from 0; a zero input adds nothing (one-hot).
      for (let i = 0; i < width; i++) {
        const xi = h[r * width + i];
        if (xi === 0) continue;
        const wi = weights[i];
        for (let o = 0; o < outW; o++) next[at + o] += xi * wi[o];
      }
      for (let o = 0; o < outW; o++) {
        const v = next[at + o] + bias[o];
        next[at + o] = act === 'relu' ? (v > 0 ? v : 0) : act === 'tanh' ? Math.tanh(v) : v;
      }
    }
    h = next;
    width = outW;
  }
  return h;
}

function kernelRaw(m: KernelModel, X: Float64Array, n: number, F: number): Float64Array {
  const M = m.landmarks.length;
  const L = new Float64Array(M * F);
  m.landmarks.forEach((l, j) => {
    if (l.length !== F) throw malformed(`landmark ${j} has ${l.length} features for ${F}`);
    L.set(l, j * F);
  });
  const K = rbfFeatures(X, n, F, L, M, m.gamma);
  const O = m.weights.length;
  const W = m.weights.map((w, o) => {
    if (w.length !== M) throw malformed(`kernel weight row ${o} has ${w.length} weights for ${M} landmarks`);
    return Float64Array.from(w);
  });
  const out = new Float64Array(n * O);
  for (let r = 0; r < n; r++)
    for (let o = 0; o < O; o++) {
      const w = W[o];
      let s = 0;
      for (let j = 0; j < M; j++) s += w[j] * K[r * M + j];
      out[r * O + o] = m.bias[o] + s;
    }
  return out;
}

/** log(2 pi v) summed over features, per class (precomputed the same way by the ONNX writer). */
export function gaussianLogNorm(m: NaiveBayesModel): number[] {
  return (m.variances ?? []).map((row) => row.reduce((a, v) => a + Math.log(2 * Math.PI * v), 0));
}

function naiveBayesRaw(m: NaiveBayesModel, X: Float64Array, n: number, F: number): Float64Array {
  const C = m.classLogPrior.length;
  const out = new Float64Array(n * C);
  const gaussian = m.kind === 'gaussian';
  const variances = m.variances;
  if (gaussian && !variances) throw malformed('a gaussian naive Bayes model has no variances');
  const logNorm = gaussian ? gaussianLogNorm(m) : [];
  // Classes outer, rows inner: one class's parameters stay in cache.
  for (let c = 0; c < C; c++) {
    const mu = Float64Array.from(m.means[c]);
    const va = gaussian && variances ? Float64Array.from(variances[c]) : mu;
    const prior = m.classLogPrior[c];
    for (let r = 0; r < n; r++) {
      const base = r * F;
      let s = 0;
      if (gaussian) {
        for (let f = 0; f < F; f++) {
          const d = X[base + f] - mu[f];
          s += (d * d) / va[f];
        }
        out[r * C + c] = prior + -0.5 * (s + logNorm[c]);
      } else {
        for (let f = 0; f < F; f++) s += X[base + f] * mu[f];
        out[r * C + c] = prior + s;
      }
    }
  }
  return out;
}
