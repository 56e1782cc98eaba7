import type { LinearModel } from '../pipeline/types';
import type { FitInput, Params } from './fit-types';
import { num } from './hyperparams';
import { lbfgs } from './lbfgs';
import { fitLogisticCore } from './logistic';
import { inverseCurvature, rowAxpy, rowDot } from './row-ops';
import type { Csr } from '../preprocess/transform';
import { budgetNow } from '../util/budget-clock';

/** One linear SVM (scikit-learn LinearSVC's squared hinge): Σ w·max(0, 1 - t(wx+b))² + ||w||² / (2C). */
function fitSquaredHinge(
  X: Float64Array,
  n: number,
  p: number,
  t: Float64Array,
  C: number,
  w?: Float64Array,
  signal?: AbortSignal,
  deadline?: number,
  tail?: Csr,
): Float64Array {
  const width = p + (tail?.p ?? 0);
  const f = (theta: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const s = theta[width] + rowDot(theta, 0, X, p, r, tail);
      const m = 1 - t[r] * s;
      if (m <= 0) continue;
      const wr = w ? w[r] : 1;
      loss += wr * m * m;
      const gs = -2 * wr * m * t[r];
      rowAxpy(g, 0, gs, X, p, r, tail);
      g[width] += gs;
    }
    for (let j = 0; j < width; j++) {
      loss += (0.5 / C) * theta[j] * theta[j];
      g[j] += theta[j] / C;
    }
    return loss;
  };
  return lbfgs(f, new Float64Array(width + 1), {
    maxIter: tail ? 100 : 300,
    diagonal: inverseCurvature(X, n, p, tail, w, 1, 2, 1 / C),
    ftol: 1e-9,
    shouldStop: () => (signal?.aborted ?? false) || (deadline !== undefined && budgetNow() > deadline),
  }).x;
}

/**
 * Linear SVM (one-vs-rest), then Platt-style calibration of its decision scores by a (multinomial) logistic
 * regression. Calibration is linear in the scores, so it folds into one LinearModel: coef = A·W, intercept = A·b + c.
 */
export function fitSvm(input: FitInput, params: Params): LinearModel {
  const { X, n, p, y, nClasses, weights, signal, tail } = input;
  const width = p + (tail?.p ?? 0);
  const C = num(params, 'C', 1);
  const K = nClasses > 2 ? nClasses : 1;
  const W: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const positive = K === 1 ? 1 : k;
    const t = new Float64Array(n);
    for (let r = 0; r < n; r++) t[r] = y[r] === positive ? 1 : -1;
    W.push(fitSquaredHinge(X, n, p, t, C, weights, signal, input.deadline, tail));
  }
  const S = new Float64Array(n * K);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < K; k++) S[r * K + k] = W[k][width] + rowDot(W[k], 0, X, p, r, tail);
  }
  const cal = fitLogisticCore(S, n, K, y, nClasses, 100, weights, signal, 300, input.deadline);
  const coef: number[][] = [];
  const intercept: number[] = [];
  for (let o = 0; o < cal.coef.length; o++) {
    const row = new Array<number>(width).fill(0);
    let b = cal.intercept[o];
    for (let k = 0; k < K; k++) {
      const a = cal.coef[o][k];
      for (let j = 0; j < width; j++) row[j] += a * W[k][j];
      b += a * W[k][width];
    }
    coef.push(row);
    intercept.push(b);
  }
  return { family: 'svm', coef, intercept, link: K === 1 ? 'logistic' : 'softmax' };
}
