/**
 * Exact SHAP values of a linear model's margin (intercept + coef · x, before its link: log-odds for logistic and
 * SVM, the score of each class for multinomial models, the value for regression), with the background's feature
 * means as the expectation (interventional Shapley values; the base value is the mean margin over the background).
 *
 * Features are summed into their raw column (players.ts); for a linear model that is exactly the column's Shapley
 * value. Polynomial (degree 2) terms x_a·x_b are split by the Shapley rule for a product of two players: all of it
 * to the column when both features belong to the same column, otherwise half of each side's two marginal changes,
 * which needs the background mean of the product (stored in `means` after the F plain features).
 */
import { CodedError } from '@shared/errors';
import type { LinearModel } from '../pipeline/types';
import { polynomialPairs } from '../models/predict-model';
import type { ShapResult } from './tree-shap';

/** Expanded width of the model's inputs: F features plus, for degree 2, every pair i <= j. */
export function linearWidth(m: LinearModel, F: number): number {
  return m.polynomialDegree === 2 ? F + (F * (F + 1)) / 2 : F;
}

/**
 * Background means of the model's (expanded) inputs over the rows of X (n × F). Missing feature values (a linear
 * model predicts nothing for such rows) are left out of their feature's mean.
 */
export function linearMeans(m: LinearModel, X: Float64Array, n: number, F: number): number[] {
  const pairs = m.polynomialDegree === 2 ? polynomialPairs(F) : [];
  const W = F + pairs.length;
  const sum = new Float64Array(W);
  const count = new Float64Array(W);
  const add = (k: number, v: number) => {
    if (Number.isNaN(v)) return;
    sum[k] += v;
    count[k] += 1;
  };
  for (let r = 0; r < n; r++) {
    const o = r * F;
    for (let f = 0; f < F; f++) add(f, X[o + f]);
    pairs.forEach(([a, b], k) => add(F + k, X[o + a] * X[o + b]));
  }
  return Array.from(sum, (s, k) => (count[k] > 0 ? s / count[k] : 0));
}

export function linearShap(
  m: LinearModel,
  means: number[],
  X: Float64Array,
  n: number,
  F: number,
  playerOf: Int32Array,
  players: number,
): ShapResult {
  const O = m.coef.length;
  const pairs = m.polynomialDegree === 2 ? polynomialPairs(F) : [];
  const W = F + pairs.length;
  if (means.length !== W)
    throw new CodedError(
      'invalid-input',
      `The explanation data has ${means.length} feature means but the model reads ${W} features. Export the model again.`,
    );
  const base = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    let s = m.intercept[o];
    for (let f = 0; f < W; f++) s += m.coef[o][f] * means[f];
    base[o] = s;
  }
  const values = new Float64Array(n * O * players);
  for (let r = 0; r < n; r++) {
    const x = r * F;
    for (let o = 0; o < O; o++) {
      const w = m.coef[o];
      const at = (r * O + o) * players;
      for (let f = 0; f < F; f++) values[at + playerOf[f]] += w[f] * (X[x + f] - means[f]);
      pairs.forEach(([a, b], k) => {
        const c = w[F + k];
        if (c === 0) return;
        const xa = X[x + a];
        const xb = X[x + b];
        const ga = playerOf[a];
        const gb = playerOf[b];
        const both = means[F + k];
        if (ga === gb) {
          values[at + ga] += c * (xa * xb - both);
          return;
        }
        // v(∅) = E[ab], v(a) = xa E[b], v(b) = E[a] xb, v(ab) = xa xb.
        const ma = means[a];
        const mb = means[b];
        values[at + ga] += 0.5 * c * (xa * mb - both + xa * xb - ma * xb);
        values[at + gb] += 0.5 * c * (ma * xb - both + xa * xb - xa * mb);
      });
    }
  }
  return { base, values };
}
