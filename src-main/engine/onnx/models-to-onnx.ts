/** Linear, MLP and naive Bayes models as standard double-precision ops; trees live in trees-to-onnx.ts. */
import type { FittedModel, KernelModel, LinearModel, MlpModel, NaiveBayesModel } from '../pipeline/types';
import { gaussianLogNorm, polynomialPairs } from '../models/predict-model';
import { GraphBuilder } from './graph-builder';
import { treeRaw } from './trees-to-onnx';

function linearRaw(g: GraphBuilder, X: string, m: LinearModel, F: number): string {
  let x = X;
  let W = F;
  if (m.polynomialDegree === 2) {
    const pairs = polynomialPairs(F);
    const xi = g.node(
      'Gather',
      [
        X,
        g.constInt64(
          pairs.map((p) => p[0]),
          [pairs.length],
          'poly_i',
        ),
      ],
      { axis: 1 },
    );
    const xj = g.node(
      'Gather',
      [
        X,
        g.constInt64(
          pairs.map((p) => p[1]),
          [pairs.length],
          'poly_j',
        ),
      ],
      { axis: 1 },
    );
    x = g.node('Concat', [X, g.node('Mul', [xi, xj])], { axis: 1 });
    W = F + pairs.length;
  }
  const O = m.coef.length;
  m.coef.forEach((row, o) => {
    if (row.length !== W) throw new Error(`coef row ${o} has ${row.length} weights for ${W} features`);
  });
  return g.node(
    'Gemm',
    [x, g.constDouble(m.coef.flat(), [O, W], 'coef'), g.constDouble(m.intercept, [O], 'intercept')],
    { transB: 1 },
  );
}

function mlpRaw(g: GraphBuilder, X: string, m: MlpModel, F: number): string {
  let h = X;
  let width = F;
  m.layers.forEach((layer, l) => {
    const out = layer.bias.length;
    if (layer.weights.length !== width)
      throw new Error(`MLP layer ${l} expects ${layer.weights.length} inputs but gets ${width}`);
    h = g.node('Gemm', [
      h,
      g.constDouble(layer.weights.flat(), [width, out], 'w'),
      g.constDouble(layer.bias, [out], 'b'),
    ]);
    if (layer.activation === 'relu') h = g.node('Relu', [h]);
    else if (layer.activation === 'tanh') h = g.node('Tanh', [h]);
    width = out;
  });
  return h;
}

function naiveBayesRaw(g: GraphBuilder, X: string, m: NaiveBayesModel, F: number): string {
  const C = m.classLogPrior.length;
  const prior = g.constDouble(m.classLogPrior, [C], 'log_prior');
  if (m.kind === 'multinomial') {
    return g.node('Gemm', [X, g.constDouble(m.means.flat(), [C, F], 'feature_log_prob'), prior], { transB: 1 });
  }
  // [N,1,F] - [C,F] -> [N,C,F]: the direct form, no expansion of the square (keeps precision on large x).
  const x3 = g.node('Unsqueeze', [X, g.constInt64([1], [1])]);
  const d = g.node('Sub', [x3, g.constDouble(m.means.flat(), [C, F], 'means')]);
  const q = g.node('Div', [g.node('Mul', [d, d]), g.constDouble((m.variances ?? []).flat(), [C, F], 'variances')]);
  const s = g.node('ReduceSum', [q, g.constInt64([2], [1])], { keepdims: 0 });
  const withNorm = g.node('Add', [s, g.constDouble(gaussianLogNorm(m), [C], 'log_norm')]);
  return g.node('Add', [prior, g.node('Mul', [withNorm, g.constDouble([-0.5], [1])])]);
}

/**
 * RBF kernel features, then the linear layer. The squared distance is expanded, |x|^2 + (|l|^2 - 2 x.l), so the
 * graph holds N x M values, never N x M x F (the reference evaluator sums (x - l)^2 directly: the same to rounding).
 */
function kernelRaw(g: GraphBuilder, X: string, m: KernelModel, F: number): string {
  const M = m.landmarks.length;
  m.landmarks.forEach((l, j) => {
    if (l.length !== F) throw new Error(`landmark ${j} has ${l.length} features for ${F}`);
  });
  const ll = m.landmarks.map((l) => l.reduce((a, v) => a + v * v, 0));
  // -2 x.l + |l|^2 in one Gemm (the landmarks are stored times -2: exact, a power of two).
  const minus2L = m.landmarks.flat().map((v) => -2 * v);
  const cross = g.node(
    'Gemm',
    [X, g.constDouble(minus2L, [M, F], 'landmarks_m2'), g.constDouble(ll, [1, M], 'landmark_sq')],
    { transB: 1 },
  );
  const xx = g.node('ReduceSum', [g.node('Mul', [X, X]), g.constInt64([1], [1])], { keepdims: 1 });
  const d = g.node('Add', [xx, cross]);
  const k = g.node('Exp', [g.node('Mul', [d, g.constDouble([-m.gamma], [1])])]);
  const O = m.weights.length;
  m.weights.forEach((row, o) => {
    if (row.length !== M) throw new Error(`kernel weight row ${o} has ${row.length} weights for ${M} landmarks`);
  });
  return g.node('Gemm', [k, g.constDouble(m.weights.flat(), [O, M], 'kernel_w'), g.constDouble(m.bias, [O], 'b')], {
    transB: 1,
  });
}

/** [N,F] double features -> [N,O] double raw model outputs (before the link). */
export function modelRaw(g: GraphBuilder, X: string, m: FittedModel, F: number): string {
  switch (m.family) {
    case 'gradient_boosting':
    case 'random_forest':
    case 'extra_trees':
      return treeRaw(g, X, m, F);
    case 'mlp':
      return mlpRaw(g, X, m, F);
    case 'naive_bayes':
      return naiveBayesRaw(g, X, m, F);
    case 'kernel':
      return kernelRaw(g, X, m, F);
    default:
      return linearRaw(g, X, m, F);
  }
}
