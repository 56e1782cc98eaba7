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
    // Stationarity: Σ (p_i - y_i) x_i + w / C = 0, to the fit's stopping rule (scikit-learn's tol 1e-4 per row).
    const w = m.coef[0][0];
    let g = w / 100;
    for (let i = 0; i < 8; i++) g += (1 / (1 + Math.exp(-w * X[i])) - y[i]) * X[i];
    expect(Math.abs(g)).toBeLessThan(1e-4 * 8);
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

describe('sparse tail (text TF-IDF read as CSR after the dense columns)', () => {
  /** Two dense columns and six mostly-zero columns, given densely (8 wide) and as dense 2 + CSR 6. */
  function split(k: number): { dense: FitInput; sparse: FitInput } {
    const rng = makeRng(11);
    const n = 240;
    const full = new Float64Array(n * 8);
    const X = new Float64Array(n * 2);
    const indptr = new Int32Array(n + 1);
    const indices: number[] = [];
    const values: number[] = [];
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      y[r] = r % k;
      for (let j = 0; j < 2; j++) X[r * 2 + j] = full[r * 8 + j] = rng() - 0.5 + (j === 0 ? y[r] : 0);
      for (let j = 0; j < 6; j++) {
        if (rng() < 0.7 && j !== y[r]) continue;
        const v = rng() + 0.2;
        full[r * 8 + 2 + j] = v;
        indices.push(j);
        values.push(v);
      }
      indptr[r + 1] = indices.length;
    }
    const task = k === 2 ? ('binary' as const) : ('multiclass' as const);
    const tail = { p: 6, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
    return {
      dense: { X: full, n, p: 8, y, task, nClasses: k },
      sparse: { X, n, p: 2, tail, y, task, nClasses: k },
    };
  }

  for (const k of [2, 3]) {
    it(`logistic and SVM fit the same model from the tail as from the dense matrix (${k} classes)`, () => {
      const { dense, sparse } = split(k);
      for (const fit of [fitLogistic, fitSvm]) {
        const a = fit(dense, { C: 2 });
        const b = fit(sparse, { C: 2 });
        expect(b.coef[0]).toHaveLength(8);
        for (let o = 0; o < a.coef.length; o++) {
          for (let j = 0; j < 8; j++) expect(b.coef[o][j]).toBeCloseTo(a.coef[o][j], 8);
          expect(b.intercept[o]).toBeCloseTo(a.intercept[o], 8);
        }
        const pd = predictModel(a, dense.X, dense.n, 8, k);
        const ps = predictModel(b, sparse.X, sparse.n, 2, k, sparse.tail);
        for (let i = 0; i < pd.length; i++) expect(ps[i]).toBeCloseTo(pd[i], 10);
      }
    });
  }

  it('multinomial logistic on the tail is at its optimum, class by class (weights stored feature-major)', () => {
    const { dense, sparse } = split(3);
    const C = 2;
    const m = fitLogistic(sparse, { C });
    // Stationarity of Σ CE + ||W||² / (2C) for every class's weights and intercept, from the model's coefficients and
    // the dense copy of the rows: Σ_r (p_rk - [y_r = k]) x_r + W_k / C = 0, to the stopping rule (1e-4 per row).
    const P = predictModel(m, dense.X, dense.n, 8, 3);
    for (let k = 0; k < 3; k++) {
      const g = m.coef[k].map((w) => w / C);
      let gb = 0;
      for (let r = 0; r < dense.n; r++) {
        const e = P[r * 3 + k] - (dense.y[r] === k ? 1 : 0);
        for (let j = 0; j < 8; j++) g[j] += e * dense.X[r * 8 + j];
        gb += e;
      }
      for (const v of [...g, gb]) expect(Math.abs(v)).toBeLessThan(1e-4 * dense.n);
    }
    expect(accuracy(dense, P)).toBeGreaterThan(0.9);
  });
});
