import { describe, expect, it } from 'vitest';
import type { FitInput } from './fit-types';
import { fitLogistic } from './logistic';
import { fitNaiveBayes } from './naive-bayes';
import { predictModel } from './predict-model';
import { fitSvm } from './svm';
import { makeRng } from './trees/rng';

/** Three well separated Gaussian blobs in 2-D (or two when k = 2). */
function blobs(n: number, k: number, seed = 5): FitInput {
  const rng = makeRng(seed);
  const X = new Float64Array(n * 2);
  const y = new Float64Array(n);
  const centres = [
    [-4, 0],
    [4, 0],
    [0, 6],
  ];
  for (let r = 0; r < n; r++) {
    const c = r % k;
    y[r] = c;
    X[r * 2] = centres[c][0] + rng() - 0.5;
    X[r * 2 + 1] = centres[c][1] + rng() - 0.5;
  }
  return { X, n, p: 2, y, task: k === 2 ? 'binary' : 'multiclass', nClasses: k };
}

function accuracy(input: FitInput, P: Float64Array): number {
  const k = input.nClasses;
  let ok = 0;
  for (let r = 0; r < input.n; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (P[r * k + c] > P[r * k + best]) best = c;
    if (best === input.y[r]) ok++;
  }
  return ok / input.n;
}

describe('linear classifiers and naive Bayes', () => {
  for (const k of [2, 3]) {
    it(`logistic separates ${k} blobs perfectly with probabilities that sum to 1`, () => {
      const d = blobs(300, k);
      const m = fitLogistic(d, { C: 1 });
      expect(m.link).toBe(k === 2 ? 'logistic' : 'softmax');
      const P = predictModel(m, d.X, d.n, d.p, k);
      expect(accuracy(d, P)).toBe(1);
      for (let r = 0; r < d.n; r++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += P[r * k + c];
        expect(s).toBeCloseTo(1, 10);
      }
    });
    it(`linear SVM (calibrated) separates ${k} blobs perfectly`, () => {
      const d = blobs(300, k);
      const m = fitSvm(d, { C: 1 });
      expect(accuracy(d, predictModel(m, d.X, d.n, d.p, k))).toBe(1);
    });
    it(`Gaussian naive Bayes separates ${k} blobs perfectly`, () => {
      const d = blobs(300, k);
      const m = fitNaiveBayes(d, {});
      expect(m.kind).toBe('gaussian');
      expect(accuracy(d, predictModel(m, d.X, d.n, d.p, k))).toBe(1);
    });
  }

  it('logistic regression matches the known optimum of a tiny 1-D problem', () => {
    // y = 1 for x > 0 with one flipped label on each side: the symmetric optimum has intercept 0.
    const X = Float64Array.from([-3, -2, -1, 1, 2, 3, -0.5, 0.5]);
    const y = Float64Array.from([0, 0, 0, 1, 1, 1, 1, 0]);
    const m = fitLogistic({ X, n: 8, p: 1, y, task: 'binary', nClasses: 2 }, { C: 100 });
    expect(m.intercept[0]).toBeCloseTo(0, 4);
    // Stationarity: Σ (p_i - y_i) x_i + w / C = 0.
    const w = m.coef[0][0];
    let g = w / 100;
    for (let i = 0; i < 8; i++) g += (1 / (1 + Math.exp(-w * X[i])) - y[i]) * X[i];
    expect(Math.abs(g)).toBeLessThan(1e-4);
  });

  it('multinomial naive Bayes uses word counts (Laplace smoothing) as scikit-learn does', () => {
    // Two docs per class over a 3-word vocabulary.
    const X = Float64Array.from([2, 0, 0, 1, 1, 0, 0, 0, 3, 0, 1, 1]);
    const y = Float64Array.from([0, 0, 1, 1]);
    const m = fitNaiveBayes({ X, n: 4, p: 3, y, task: 'binary', nClasses: 2 }, { kind: 'multinomial', alpha: 1 });
    expect(m.kind).toBe('multinomial');
    // class 0 counts [3,1,0] + 1 → [4,2,1] / 7.
    expect(m.means[0].map(Math.exp)).toEqual([4 / 7, 2 / 7, 1 / 7].map((v) => expect.closeTo(v, 12)));
    expect(m.classLogPrior.map(Math.exp)).toEqual([0.5, 0.5].map((v) => expect.closeTo(v, 12)));
  });
});
