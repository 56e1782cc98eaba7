/**
 * The model half of the reference evaluator (pipeline/predict.ts): raw outputs of each model family on a
 * feature matrix, and the link. Semantics are listed in predict.ts's header; the ONNX writer mirrors them.
 */
import { CodedError } from '@shared/errors';
import type { FittedModel, LinearModel, MlpModel, NaiveBayesModel, TreeModel } from '../pipeline/types';
import { softmaxRows } from '../util/softmax';

function malformed(what: string): CodedError {
  return new CodedError(
    'invalid-input',
    `The fitted pipeline is malformed: ${what}. Retrain the model or re-export it.`,
  );
}

/** Indices (i, j), i <= j, of the degree-2 expansion appended after the F original features. */
export function polynomialPairs(F: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < F; i++) for (let j = i; j < F; j++) pairs.push([i, j]);
  return pairs;
}

function linearRaw(m: LinearModel, X: Float64Array, n: number, F: number): Float64Array {
  const pairs = m.polynomialDegree === 2 ? polynomialPairs(F) : [];
  const W = F + pairs.length;
  const O = m.coef.length;
  const out = new Float64Array(n * O);
  const x = new Float64Array(W);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < F; f++) x[f] = X[r * F + f];
    pairs.forEach(([i, j], k) => (x[F + k] = x[i] * x[j]));
    for (let o = 0; o < O; o++) {
      const w = m.coef[o];
      if (w.length !== W) throw malformed(`coef row ${o} has ${w.length} weights for ${W} features`);
      let s = 0;
      for (let f = 0; f < W; f++) s += w[f] * x[f];
      out[r * O + o] = m.intercept[o] + s;
    }
  }
  return out;
}

/** Leaf node index reached by row `r` in `tree`. */
export function treeLeaf(tree: TreeModel['trees'][number], X: Float64Array, rowOff: number): number {
  let i = 0;
  while (tree.left[i] !== -1) {
    const x = X[rowOff + tree.feature[i]];
    i = x < tree.threshold[i] || (Number.isNaN(x) && tree.missingLeft[i]) ? tree.left[i] : tree.right[i];
  }
  return i;
}

/** A tree in typed arrays, built once per tree object (trees are immutable once fitted): the same walk, faster. */
interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values, node-major: values[node * O + o]. */
  values: Float64Array;
}

const flatCache = new WeakMap<TreeModel['trees'][number], FlatTree>();

function flatTree(tree: TreeModel['trees'][number], O: number): FlatTree {
  let f = flatCache.get(tree);
  if (f && f.values.length === tree.left.length * O) return f;
  const values = new Float64Array(tree.left.length * O);
  tree.left.forEach((l, i) => {
    if (l === -1) for (let o = 0; o < O; o++) values[i * O + o] = tree.values[i][o];
  });
  f = {
    feature: Int32Array.from(tree.feature),
    threshold: Float64Array.from(tree.threshold),
    missingLeft: Uint8Array.from(tree.missingLeft, (b) => (b ? 1 : 0)),
    left: Int32Array.from(tree.left),
    right: Int32Array.from(tree.right),
    values,
  };
  flatCache.set(tree, f);
  return f;
}

function treeRaw(m: TreeModel, X: Float64Array, n: number, F: number): Float64Array {
  const O = m.baseScore.length;
  const T = m.trees.length;
  const out = new Float64Array(n * O);
  // Trees outer, rows inner: one tree's arrays stay in cache while every row walks it. Each row still adds
  // its trees' values in tree order, starting from 0.
  const sum = new Float64Array(n * O);
  for (const tree of m.trees) {
    const t = flatTree(tree, O);
    for (let r = 0; r < n; r++) {
      const base = r * F;
      let i = 0;
      while (t.left[i] !== -1) {
        const x = X[base + t.feature[i]];
        i = x < t.threshold[i] || (x !== x && t.missingLeft[i] === 1) ? t.left[i] : t.right[i];
      }
      for (let o = 0; o < O; o++) sum[r * O + o] += t.values[i * O + o];
    }
  }
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < O; o++)
      out[r * O + o] =
        m.aggregate === 'mean' ? (T > 0 ? sum[r * O + o] * (1 / T) : 0) : m.baseScore[o] + sum[r * O + o];
  }
  return out;
}

function activate(v: number, a: 'relu' | 'tanh' | 'linear'): number {
  if (a === 'relu') return v > 0 ? v : 0;
  if (a === 'tanh') return Math.tanh(v);
  return v;
}

function mlpRaw(m: MlpModel, X: Float64Array, n: number, F: number): Float64Array {
  let h = X;
  let width = F;
  for (const layer of m.layers) {
    const outW = layer.bias.length;
    if (layer.weights.length !== width)
      throw malformed(`an MLP layer expects ${layer.weights.length} inputs but gets ${width}`);
    const next = new Float64Array(n * outW);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < outW; o++) {
        let s = 0;
        for (let i = 0; i < width; i++) s += h[r * width + i] * layer.weights[i][o];
        next[r * outW + o] = activate(s + layer.bias[o], layer.activation);
      }
    }
    h = next;
    width = outW;
  }
  return h;
}

/** log(2 pi v) summed over features, per class (precomputed the same way by the ONNX writer). */
export function gaussianLogNorm(m: NaiveBayesModel): number[] {
  return (m.variances ?? []).map((row) => row.reduce((a, v) => a + Math.log(2 * Math.PI * v), 0));
}

function naiveBayesRaw(m: NaiveBayesModel, X: Float64Array, n: number, F: number): Float64Array {
  const C = m.classLogPrior.length;
  const out = new Float64Array(n * C);
  const logNorm = m.kind === 'gaussian' ? gaussianLogNorm(m) : [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let f = 0; f < F; f++) {
        const x = X[r * F + f];
        if (m.kind === 'gaussian') {
          const d = x - m.means[c][f];
          s += (d * d) / (m.variances as number[][])[c][f];
        } else s += x * m.means[c][f];
      }
      out[r * C + c] = m.kind === 'gaussian' ? m.classLogPrior[c] + -0.5 * (s + logNorm[c]) : m.classLogPrior[c] + s;
    }
  }
  return out;
}

/** Raw model outputs, row-major n x O. */
export function modelRaw(m: FittedModel, X: Float64Array, n: number, F: number): Float64Array {
  switch (m.family) {
    case 'gradient_boosting':
    case 'random_forest':
    case 'extra_trees':
      return treeRaw(m, X, n, F);
    case 'mlp':
      return mlpRaw(m, X, n, F);
    case 'naive_bayes':
      return naiveBayesRaw(m, X, n, F);
    default:
      return linearRaw(m, X, n, F);
  }
}

export function modelLink(m: FittedModel): 'identity' | 'logistic' | 'softmax' {
  return m.family === 'naive_bayes' ? 'softmax' : m.link;
}

export function applyLink(
  raw: Float64Array,
  n: number,
  O: number,
  link: 'identity' | 'logistic' | 'softmax',
): Float64Array {
  if (link === 'identity') return raw;
  if (link === 'logistic') {
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = 1 / (1 + Math.exp(-raw[i]));
    return out;
  }
  return softmaxRows(raw, n, O);
}
