import type { FittedModel, LinearModel, MlpModel, NaiveBayesModel, Tree, TreeModel } from '../pipeline/types';
import { expandPolynomial } from './linear';
import { rowDot } from './row-ops';
import { softmaxRows } from '../util/softmax';
import type { Csr } from '../preprocess/transform';

/**
 * Scores a fitted model on a feature matrix, following types.ts: returns n×k row-major values where
 * k = 1 for regression (the prediction) and k = C for classification (probabilities over classes,
 * binary expanded from p(class[1]) to [1-p, p]).
 */
export function predictModel(
  model: FittedModel,
  X: Float64Array,
  n: number,
  p: number,
  nClasses: number,
  /** Sparse columns after the p dense ones (linear models fitted with a tail). */
  tail?: Csr,
): Float64Array {
  const raw = rawOutputs(model, X, n, p, tail);
  const link = model.family === 'naive_bayes' ? 'softmax' : model.link;
  const k = raw.length / Math.max(n, 1);
  let out: Float64Array;
  if (link === 'identity') out = raw;
  else if (link === 'logistic') {
    out = new Float64Array(n * k);
    for (let i = 0; i < raw.length; i++) out[i] = 1 / (1 + Math.exp(-raw[i]));
  } else {
    out = softmaxRows(raw, n, k);
  }
  if (model.family === 'mlp' && model.yScale !== undefined) {
    for (let i = 0; i < out.length; i++) out[i] = out[i] * (model.yScale ?? 1) + (model.yCenter ?? 0);
  }
  if (nClasses === 2 && k === 1) {
    const both = new Float64Array(n * 2);
    for (let r = 0; r < n; r++) {
      both[r * 2] = 1 - out[r];
      both[r * 2 + 1] = out[r];
    }
    return both;
  }
  return out;
}

/** Model outputs before the link. */
export function rawOutputs(model: FittedModel, X: Float64Array, n: number, p: number, tail?: Csr): Float64Array {
  switch (model.family) {
    case 'gradient_boosting':
    case 'random_forest':
    case 'extra_trees':
      return treeRaw(model, X, n, p);
    case 'mlp':
      return mlpRaw(model, X, n, p);
    case 'naive_bayes':
      return nbRaw(model, X, n, p);
    default:
      return linearRaw(model, X, n, p, tail);
  }
}

function linearRaw(model: LinearModel, X: Float64Array, n: number, p: number, tail?: Csr): Float64Array {
  if (model.polynomialDegree === 2) ({ X, p } = expandPolynomial(X, n, p));
  const k = model.coef.length;
  const out = new Float64Array(n * k);
  for (let o = 0; o < k; o++) {
    const w = Float64Array.from(model.coef[o]);
    for (let r = 0; r < n; r++) out[r * k + o] = model.intercept[o] + rowDot(w, 0, X, p, r, tail);
  }
  return out;
}

/** Leaf index reached by row `base` of X. */
export function leafOf(tree: Tree, X: Float64Array, base: number): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const x = X[base + tree.feature[node]];
    node = x < tree.threshold[node] || (Number.isNaN(x) && tree.missingLeft[node]) ? tree.left[node] : tree.right[node];
  }
  return node;
}

function treeRaw(model: TreeModel, X: Float64Array, n: number, p: number): Float64Array {
  const k = model.baseScore.length;
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++)
    for (let o = 0; o < k; o++) out[r * k + o] = model.aggregate === 'sum' ? model.baseScore[o] : 0;
  for (const tree of model.trees) {
    for (let r = 0; r < n; r++) {
      const v = tree.values[leafOf(tree, X, r * p)];
      for (let o = 0; o < k; o++) out[r * k + o] += v[o];
    }
  }
  if (model.aggregate === 'mean' && model.trees.length) {
    const inv = 1 / model.trees.length;
    // types.ts: forests are the plain mean of their trees (baseScore is not added).
    for (let i = 0; i < out.length; i++) out[i] *= inv;
  }
  return out;
}

function mlpRaw(model: MlpModel, X: Float64Array, n: number, p: number): Float64Array {
  let cur = X;
  let width = p;
  for (const layer of model.layers) {
    const outW = layer.bias.length;
    const next = new Float64Array(n * outW);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < outW; j++) next[r * outW + j] = layer.bias[j];
      for (let i = 0; i < width; i++) {
        const xi = cur[r * width + i];
        if (xi === 0) continue;
        const wi = layer.weights[i];
        for (let j = 0; j < outW; j++) next[r * outW + j] += xi * wi[j];
      }
      if (layer.activation !== 'linear') {
        for (let j = 0; j < outW; j++) {
          const v = next[r * outW + j];
          next[r * outW + j] = layer.activation === 'relu' ? (v > 0 ? v : 0) : Math.tanh(v);
        }
      }
    }
    cur = next;
    width = outW;
  }
  return cur;
}

function nbRaw(model: NaiveBayesModel, X: Float64Array, n: number, p: number): Float64Array {
  const k = model.classLogPrior.length;
  const out = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const mu = model.means[c];
    const va = model.variances?.[c];
    let constTerm = model.classLogPrior[c];
    if (model.kind === 'gaussian' && va) for (let j = 0; j < p; j++) constTerm -= 0.5 * Math.log(2 * Math.PI * va[j]);
    for (let r = 0; r < n; r++) {
      let s = constTerm;
      const base = r * p;
      if (model.kind === 'gaussian' && va) {
        for (let j = 0; j < p; j++) {
          const d = X[base + j] - mu[j];
          s -= (d * d) / (2 * va[j]);
        }
      } else {
        for (let j = 0; j < p; j++) s += X[base + j] * mu[j];
      }
      out[r * k + c] = s;
    }
  }
  return out;
}
