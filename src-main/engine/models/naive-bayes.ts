import type { NaiveBayesModel } from '../pipeline/types';
import type { FitInput, Params } from './fit-types';
import { num } from './hyperparams';

/**
 * Naive Bayes. Multinomial (Laplace alpha) when every feature is non-negative and params.kind says so
 * (TF-IDF text); Gaussian otherwise, with scikit-learn's var_smoothing (a fraction of the largest variance).
 */
export function fitNaiveBayes(input: FitInput, params: Params): NaiveBayesModel {
  const { X, n, p, y, nClasses: C, weights } = input;
  const wOf = (r: number): number => (weights ? weights[r] : 1);
  const classW = new Float64Array(C);
  for (let r = 0; r < n; r++) classW[y[r]] += wOf(r);
  const total = classW.reduce((a, b) => a + b, 0);
  const classLogPrior = Array.from(classW, (c) => Math.log(Math.max(c, 1e-12) / total));
  let nonNegative = true;
  for (let i = 0; i < X.length && nonNegative; i++) if (X[i] < 0) nonNegative = false;
  if (params.kind === 'multinomial' && nonNegative) {
    const alpha = num(params, 'alpha', 0.1);
    const counts = Array.from({ length: C }, () => new Float64Array(p));
    for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) counts[y[r]][j] += wOf(r) * X[r * p + j];
    const means = counts.map((row) => {
      const s = row.reduce((a, b) => a + b, 0) + alpha * p;
      return Array.from(row, (c) => Math.log((c + alpha) / s));
    });
    return { family: 'naive_bayes', kind: 'multinomial', classLogPrior, means };
  }
  const mean = Array.from({ length: C }, () => new Float64Array(p));
  const sq = Array.from({ length: C }, () => new Float64Array(p));
  for (let r = 0; r < n; r++) {
    const c = y[r];
    const w = wOf(r);
    for (let j = 0; j < p; j++) {
      const x = X[r * p + j];
      mean[c][j] += w * x;
      sq[c][j] += w * x * x;
    }
  }
  let maxVar = 0;
  const gm = new Float64Array(p);
  const gs = new Float64Array(p);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < p; j++) {
      gm[j] += X[r * p + j] / n;
      gs[j] += (X[r * p + j] * X[r * p + j]) / n;
    }
  for (let j = 0; j < p; j++) maxVar = Math.max(maxVar, gs[j] - gm[j] * gm[j]);
  const eps = num(params, 'var_smoothing', 1e-9) * Math.max(maxVar, 1e-12);
  const means: number[][] = [];
  const variances: number[][] = [];
  for (let c = 0; c < C; c++) {
    const w = Math.max(classW[c], 1e-12);
    means.push(Array.from(mean[c], (s) => s / w));
    variances.push(Array.from(sq[c], (s, j) => Math.max(s / w - (mean[c][j] / w) ** 2, 0) + eps));
  }
  return { family: 'naive_bayes', kind: 'gaussian', classLogPrior, means, variances };
}
