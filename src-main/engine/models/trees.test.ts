import { describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { fitForest } from './forest';
import { fitGbm } from './gbm';
import { fitFamily } from './registry';
import { predictModel } from './predict-model';
import { applyBinning, fitBinning } from './trees/binning';
import { makeRng } from './trees/rng';

describe('histogram trees', () => {
  it('binning puts x < cut on the left of the stored threshold and keeps bin 0 for missing', () => {
    const X = Float64Array.from([1, 2, 2, 3, NaN, 10]);
    const b = fitBinning(X, 6, 1);
    expect(Array.from(b.cuts[0])).toEqual([1.5, 2.5, 6.5]);
    // Codes are offset into the concatenated histogram (offset 0 for the first feature).
    expect(Array.from(applyBinning(b, X, 6, 1))).toEqual([1, 2, 2, 3, 0, 4]);
  });

  it('bin codes equal a brute-force count of cuts on skewed, discrete, tiny-range and missing data', () => {
    const rng = makeRng(21);
    const n = 5000;
    const p = 4;
    const X = new Float64Array(n * p);
    for (let r = 0; r < n; r++) {
      X[r * p] = Math.exp(rng() * 10);
      X[r * p + 1] = Math.round(rng() * 20);
      X[r * p + 2] = rng() < 0.1 ? NaN : rng();
      X[r * p + 3] = rng() < 0.5 ? 0 : rng() * 1e-9;
    }
    const b = fitBinning(X, n, p);
    const codes = applyBinning(b, X, n, p);
    let bad = 0;
    for (let r = 0; r < n; r++) {
      for (let f = 0; f < p; f++) {
        const x = X[r * p + f];
        const expected = Number.isNaN(x) ? 0 : 1 + b.cuts[f].filter((c) => c <= x).length;
        if (codes[r * p + f] - b.offsets[f] !== expected) bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it('gradient boosting learns a step function (regression) almost exactly', () => {
    const n = 400;
    const X = Float64Array.from({ length: n }, (_, i) => i / n);
    const y = Float64Array.from(X, (x) => (x < 0.3 ? 1 : x < 0.7 ? 5 : -2));
    const m = fitGbm(
      { X, n, p: 1, y, task: 'regression', nClasses: 0 },
      { n_estimators: 100, learning_rate: 0.3, max_depth: 3 },
    );
    const P = predictModel(m, X, n, 1, 0);
    let maxErr = 0;
    for (let i = 0; i < n; i++) maxErr = Math.max(maxErr, Math.abs(P[i] - y[i]));
    expect(maxErr).toBeLessThan(1e-3);
  });

  it('gradient boosting reaches 100% on a separable XOR and sends missing values the learned way', () => {
    const rng = makeRng(2);
    const n = 2000;
    const X = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      // Fewer than 255 distinct values per feature, so every gap between quadrants is a bin edge.
      const a = (rng() < 0.5 ? -1 : 1) * (0.1 + Math.round(rng() * 50) / 50);
      const b = (rng() < 0.5 ? -1 : 1) * (0.1 + Math.round(rng() * 50) / 50);
      X[r * 2] = a;
      X[r * 2 + 1] = b;
      y[r] = a * b > 0 ? 1 : 0;
      // Missing first feature always means class 1: the missing direction must carry that.
      if (r % 10 === 0) {
        X[r * 2] = NaN;
        y[r] = 1;
      }
    }
    const m = fitGbm(
      { X, n, p: 2, y, task: 'binary', nClasses: 2 },
      { n_estimators: 200, learning_rate: 0.3, max_depth: 4 },
    );
    expect(m.link).toBe('logistic');
    const P = predictModel(m, X, n, 2, 2);
    let ok = 0;
    for (let r = 0; r < n; r++) if ((P[r * 2 + 1] > 0.5 ? 1 : 0) === y[r]) ok++;
    expect(ok / n).toBe(1);
    const probe = predictModel(m, Float64Array.from([NaN, -0.8, NaN, 0.8]), 2, 2, 2);
    expect(probe[1]).toBeGreaterThan(0.9);
    expect(probe[3]).toBeGreaterThan(0.9);
  });

  it('softmax boosting separates three classes and early stopping keeps the best round', () => {
    const rng = makeRng(4);
    const n = 900;
    const X = new Float64Array(n);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      y[r] = r % 3;
      X[r] = y[r] * 10 + rng();
    }
    const valid = { X: X.slice(0, 300), n: 300, y: y.slice(0, 300) };
    const m = fitGbm(
      { X, n, p: 1, y, task: 'multiclass', nClasses: 3, valid },
      { n_estimators: 200, learning_rate: 0.1, early_stopping: 5 },
    );
    expect(m.trees.length).toBe(m.bestIteration * 3);
    const P = predictModel(m, X, n, 1, 3);
    for (let r = 0; r < n; r++) expect(P[r * 3 + y[r]]).toBeGreaterThan(0.9);
  });

  for (const family of ['random_forest', 'extra_trees'] as const) {
    it(`${family} separates two classes and averages trees into probabilities`, () => {
      const rng = makeRng(8);
      const n = 600;
      const X = new Float64Array(n * 3);
      const y = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < 3; j++) X[r * 3 + j] = rng();
        y[r] = X[r * 3] + X[r * 3 + 1] > 1 ? 1 : 0;
      }
      const m = fitForest(family, { X, n, p: 3, y, task: 'binary', nClasses: 2, seed: 1 }, { n_estimators: 30 });
      expect(m.aggregate).toBe('mean');
      const P = predictModel(m, X, n, 3, 2);
      let ok = 0;
      for (let r = 0; r < n; r++) if ((P[r * 2 + 1] > 0.5 ? 1 : 0) === y[r]) ok++;
      expect(ok / n).toBeGreaterThan(0.97);
    });
  }

  it('refuses out-of-range hyperparameters with a hyperparameter-range error naming the range', async () => {
    const input = {
      X: new Float64Array(10),
      n: 10,
      p: 1,
      y: new Float64Array(10),
      task: 'regression' as const,
      nClasses: 0,
    };
    await expect(fitFamily('gradient_boosting', input, { n_estimators: 20000 })).rejects.toMatchObject({
      code: 'hyperparameter-range',
      message: expect.stringContaining('from 10 to 5000'),
    });
    await expect(fitFamily('ridge', input, { alpha: 5000 })).rejects.toBeInstanceOf(CodedError);
    await expect(fitFamily('logistic', { ...input, task: 'binary', nClasses: 2 }, { C: 0 })).rejects.toMatchObject({
      code: 'hyperparameter-range',
    });
    await expect(fitFamily('gradient_boosting', input, { learning_rate: 0.9 })).rejects.toMatchObject({
      code: 'hyperparameter-range',
    });
    await expect(fitFamily('random_forest', input, { max_depth: 0 })).rejects.toMatchObject({
      code: 'hyperparameter-range',
    });
  });
});
