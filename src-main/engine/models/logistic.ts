import type { LinearModel } from '../pipeline/types';
import type { FitInput, Params } from './fit-types';
import { num } from './hyperparams';
import { lbfgs } from './lbfgs';

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
): { coef: number[][]; intercept: number[] } {
  const o = nClasses > 2 ? nClasses : 1;
  const d = o * (p + 1);
  const z = new Float64Array(o);
  const f = (theta: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const wr = w ? w[r] : 1;
      if (wr === 0) continue;
      const base = r * p;
      const yr = y[r];
      for (let k = 0; k < o; k++) {
        let s = theta[k * (p + 1) + p];
        const wo = k * (p + 1);
        for (let j = 0; j < p; j++) s += theta[wo + j] * X[base + j];
        z[k] = s;
      }
      if (o === 1) {
        const s = z[0];
        // log(1 + e^s) - y s, computed stably.
        loss += wr * ((s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - yr * s);
        const pr = 1 / (1 + Math.exp(-s));
        z[0] = wr * (pr - yr);
      } else {
        let mx = -Infinity;
        for (let k = 0; k < o; k++) mx = Math.max(mx, z[k]);
        let sum = 0;
        for (let k = 0; k < o; k++) sum += Math.exp(z[k] - mx);
        const lse = mx + Math.log(sum);
        loss += wr * (lse - z[yr]);
        for (let k = 0; k < o; k++) z[k] = wr * (Math.exp(z[k] - lse) - (k === yr ? 1 : 0));
      }
      for (let k = 0; k < o; k++) {
        const gk = z[k];
        if (gk === 0) continue;
        const wo = k * (p + 1);
        for (let j = 0; j < p; j++) g[wo + j] += gk * X[base + j];
        g[wo + p] += gk;
      }
    }
    const lam = 1 / C;
    for (let k = 0; k < o; k++) {
      const wo = k * (p + 1);
      for (let j = 0; j < p; j++) {
        loss += 0.5 * lam * theta[wo + j] * theta[wo + j];
        g[wo + j] += lam * theta[wo + j];
      }
    }
    return loss;
  };
  // Past the budget deadline the current iterate is kept: L-BFGS iterates are usable models at every step.
  const { x } = lbfgs(f, new Float64Array(d), {
    maxIter,
    tol: 1e-9,
    shouldStop: () => (signal?.aborted ?? false) || (deadline !== undefined && Date.now() > deadline),
  });
  const coef: number[][] = [];
  const intercept: number[] = [];
  for (let k = 0; k < o; k++) {
    coef.push(Array.from(x.subarray(k * (p + 1), k * (p + 1) + p)));
    intercept.push(x[k * (p + 1) + p]);
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
    300,
    input.deadline,
  );
  return { family: 'logistic', coef, intercept, link: input.task === 'multiclass' ? 'softmax' : 'logistic' };
}
