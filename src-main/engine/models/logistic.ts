import type { LinearModel } from '../pipeline/types';
import type { FitInput, Params } from './fit-types';
import { num } from './hyperparams';
import { lbfgs } from './lbfgs';
import { inverseCurvature, rowAxpy, rowAxpyMulti, rowDot, rowDotMulti } from './row-ops';
import type { Csr } from '../preprocess/transform';
import { budgetNow } from '../util/budget-clock';

/**
 * L2-regularised logistic regression as scikit-learn defines it: minimise Σ w·CE + ||W||² / (2C).
 * Binary: one output with a logistic link; multiclass: multinomial softmax. Solved with L-BFGS.
 */
export function fitLogisticCore(
  X: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  nClasses: number,
  C: number,
  w?: Float64Array,
  signal?: AbortSignal,
  maxIter = 300,
  deadline?: number,
  /** Sparse columns after the p dense ones (coef rows then have p + tail.p weights). */
  tail?: Csr,
  /** Precondition L-BFGS by the Hessian's diagonal bound (row-ops.ts inverseCurvature), dense and tail alike. */
  precondition = false,
): { coef: number[][]; intercept: number[] } {
  const o = nClasses > 2 ? nClasses : 1;
  const width = p + (tail?.p ?? 0);
  // Weights feature-major (row-ops.ts rowDotMulti): feature j's o weights at j * o .. j * o + o - 1, the o
  // intercepts after them. On 12-class text the per-class layout read o cache lines per n-gram.
  const d = o * (width + 1);
  const bias = width * o;
  const z = new Float64Array(o);
  const f = (theta: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const wr = w ? w[r] : 1;
      if (wr === 0) continue;
      const yr = y[r];
      if (o === 1) {
        const s = theta[bias] + rowDot(theta, 0, X, p, r, tail);
        // log(1 + e^s) - y s, computed stably.
        loss += wr * ((s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - yr * s);
        const gs = wr * (1 / (1 + Math.exp(-s)) - yr);
        if (gs === 0) continue;
        rowAxpy(g, 0, gs, X, p, r, tail);
        g[bias] += gs;
        continue;
      }
      for (let k = 0; k < o; k++) z[k] = theta[bias + k];
      rowDotMulti(z, o, theta, X, p, r, tail);
      let mx = -Infinity;
      for (let k = 0; k < o; k++) mx = Math.max(mx, z[k]);
      let sum = 0;
      for (let k = 0; k < o; k++) sum += Math.exp(z[k] - mx);
      const lse = mx + Math.log(sum);
      loss += wr * (lse - z[yr]);
      for (let k = 0; k < o; k++) z[k] = wr * (Math.exp(z[k] - lse) - (k === yr ? 1 : 0));
      rowAxpyMulti(g, o, z, X, p, r, tail);
      for (let k = 0; k < o; k++) g[bias + k] += z[k];
    }
    const lam = 1 / C;
    for (let j = 0; j < bias; j++) {
      loss += 0.5 * lam * theta[j] * theta[j];
      g[j] += lam * theta[j];
    }
    return loss;
  };
  // Converged when every component of the mean loss's gradient is below 1e-4 (scikit-learn's tol = 1e-4 taken per
  // row: 1e-4 × Σw on this summed loss). Iterating further changes no prediction that matters and cost most of a fit
  // (a 19-class, 550-row fit ran all 200 iterations; see bench/accuracy/one.ts).
  let sw = 0;
  for (let r = 0; r < n; r++) sw += w ? w[r] : 1;
  // Past the budget deadline the current iterate is kept: L-BFGS iterates are usable models at every step.
  const { x } = lbfgs(f, new Float64Array(d), {
    maxIter,
    ...(precondition ? { diagonal: inverseCurvature(X, n, p, tail, w, o, 0.25, 1 / C) } : {}),
    ftol: 1e-9,
    gtol: 1e-4 * sw,
    shouldStop: () => (signal?.aborted ?? false) || (deadline !== undefined && budgetNow() > deadline),
  });
  const coef: number[][] = [];
  const intercept: number[] = [];
  for (let k = 0; k < o; k++) {
    const row = new Array<number>(width);
    for (let j = 0; j < width; j++) row[j] = x[j * o + k];
    coef.push(row);
    intercept.push(x[bias + k]);
  }
  return { coef, intercept };
}

export function fitLogistic(input: FitInput, params: Params): LinearModel {
  const { coef, intercept } = fitLogisticCore(
    input.X,
    input.n,
    input.p,
    input.y,
    input.nClasses,
    num(params, 'C', 1),
    input.weights,
    input.signal,
    // scikit-learn's default iteration cap; on wide sparse text each iteration is a pass over every n-gram.
    input.tail ? 100 : 200,
    input.deadline,
    input.tail,
    // A frequent n-gram's or a common one-hot level's curvature is thousands of times a rare one's: the diagonal
    // saves most iterations on text (C=1 on 4,000 tweets: 7.2 -> 3.3 s) and is the same on the dense layout.
    true,
  );
  return { family: 'logistic', coef, intercept, link: input.task === 'multiclass' ? 'softmax' : 'logistic' };
}
