import { describe, expect, it } from 'vitest';
import { fitLinearRegression, solveElasticNet, solveRidge } from './linear';
import { predictModel } from './predict-model';
import { makeRng } from './trees/rng';

function data(n: number, p: number, noise: number, seed = 3) {
  const rng = makeRng(seed);
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  const beta = Array.from({ length: p }, (_, j) => (j % 2 ? -1 : 1) * (j + 1));
  for (let r = 0; r < n; r++) {
    let s = 5;
    for (let j = 0; j < p; j++) {
      X[r * p + j] = rng() * 4 - 2;
      s += beta[j] * X[r * p + j];
    }
    y[r] = s + noise * (rng() - 0.5);
  }
  return { X, y, beta };
}

describe('linear regression family', () => {
  it('OLS recovers exact coefficients and intercept on noiseless data', () => {
    const { X, y, beta } = data(200, 4, 0);
    const m = fitLinearRegression('linear', { X, n: 200, p: 4, y, task: 'regression', nClasses: 0 }, {});
    m.coef[0].forEach((c, j) => expect(c).toBeCloseTo(beta[j], 8));
    expect(m.intercept[0]).toBeCloseTo(5, 8);
  });

  it('ridge matches the closed form (XᵀX + αI)⁻¹Xᵀy on centred data', () => {
    // One centred feature: b = Σxy / (Σx² + α) exactly.
    const X = Float64Array.from([-2, -1, 0, 1, 2]);
    const y = Float64Array.from([-3, -1, 0, 2, 2]);
    const sxy = -2 * -3 + -1 * -1 + 0 + 2 + 4;
    const { coef, intercept } = solveRidge(X, 5, 1, y, 3);
    expect(coef[0]).toBeCloseTo(sxy / (10 + 3), 10);
    expect(intercept).toBeCloseTo(0, 10);
  });

  it('lasso zeroes every coefficient above alpha_max and approaches OLS as alpha → 0', () => {
    const { X, y, beta } = data(300, 3, 0.1);
    const big = solveElasticNet(X, 300, 3, y, 1e3, 1);
    expect(Array.from(big.coef)).toEqual([0, 0, 0]);
    const small = solveElasticNet(X, 300, 3, y, 1e-6, 1);
    small.coef.forEach((c, j) => expect(c).toBeCloseTo(beta[j], 2));
  });

  it('elastic net matches the closed form for an orthogonal design: soft(ρ, αλ₁) / (1 + α(1 − λ₁))', () => {
    // Two centred orthogonal columns with (1/N) Σ x² = 1, so each coefficient solves its own 1-D problem.
    const X = Float64Array.from([1, 1, -1, 1, 1, -1, -1, -1]);
    const beta = [3, -0.2];
    const y = Float64Array.from({ length: 4 }, (_, r) => 2 + beta[0] * X[r * 2] + beta[1] * X[r * 2 + 1]);
    const alpha = 0.5;
    const l1 = 0.6;
    const { coef, intercept } = solveElasticNet(X, 4, 2, y, alpha, l1, undefined, 10_000, 1e-12);
    const soft = (r: number): number => (Math.sign(r) * Math.max(Math.abs(r) - alpha * l1, 0)) / (1 + alpha * (1 - l1));
    expect(coef[0]).toBeCloseTo(soft(3), 10);
    expect(coef[1]).toBeCloseTo(soft(-0.2), 10);
    expect(coef[1]).toBe(0);
    expect(intercept).toBeCloseTo(2, 10);
  });

  it('polynomial fits an interaction exactly and predicts through the expansion', () => {
    const rng = makeRng(9);
    const n = 150;
    const X = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      X[r * 2] = rng() * 2 - 1;
      X[r * 2 + 1] = rng() * 2 - 1;
      y[r] = 1 + X[r * 2] * X[r * 2 + 1] * 3;
    }
    const m = fitLinearRegression('polynomial', { X, n, p: 2, y, task: 'regression', nClasses: 0 }, { alpha: 1e-4 });
    expect(m.polynomialDegree).toBe(2);
    const pred = predictModel(m, X, n, 2, 0);
    for (let r = 0; r < n; r++) expect(pred[r]).toBeCloseTo(y[r], 2);
  });
});
