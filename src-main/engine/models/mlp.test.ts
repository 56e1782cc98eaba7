import { describe, expect, it } from 'vitest';
import { fitMlp } from './mlp';
import { predictModel } from './predict-model';
import { makeRng } from './trees/rng';
import { tfReady } from './tf-backend';

describe('MLP (tfjs wasm)', () => {
  it('fits a smooth non-linear regression and exports weights that reproduce it in plain JS', async () => {
    const rng = makeRng(3);
    const n = 800;
    const X = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      X[r * 2] = rng() * 2 - 1;
      X[r * 2 + 1] = rng() * 2 - 1;
      y[r] = 100 + 20 * Math.sin(2 * X[r * 2]) + 10 * X[r * 2 + 1] ** 2;
    }
    const m = await fitMlp(
      { X, n, p: 2, y, task: 'regression', nClasses: 0, seed: 1 },
      { hidden: 32, epochs: 60, learning_rate: 0.02 },
    );
    expect(m.layers.map((l) => l.weights.length)).toEqual([2, 32, 16]);
    expect(m.yScale).toBeGreaterThan(1);
    const pred = predictModel(m, X, n, 2, 0);
    let sse = 0;
    let sst = 0;
    let mean = 0;
    for (let r = 0; r < n; r++) mean += y[r] / n;
    for (let r = 0; r < n; r++) {
      sse += (pred[r] - y[r]) ** 2;
      sst += (y[r] - mean) ** 2;
    }
    expect(1 - sse / sst).toBeGreaterThan(0.97);
  });

  it('separates two classes perfectly and stops early on a validation set', async () => {
    const rng = makeRng(5);
    const n = 400;
    const X = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      y[r] = r % 2;
      X[r * 2] = (y[r] ? 2 : -2) + rng() - 0.5;
      X[r * 2 + 1] = rng() - 0.5;
    }
    const m = await fitMlp({ X, n, p: 2, y, task: 'binary', nClasses: 2, seed: 2 }, { hidden: 16, epochs: 40 });
    expect(m.link).toBe('logistic');
    const P = predictModel(m, X, n, 2, 2);
    for (let r = 0; r < n; r++) expect(P[r * 2 + 1] > 0.5 ? 1 : 0).toBe(y[r]);
    // Early stopping: validation labels that are pure noise stop training after `early_stopping` bad epochs.
    const noise = Float64Array.from(y, () => (rng() < 0.5 ? 1 : 0));
    const steps: number[] = [];
    await fitMlp(
      {
        X,
        n,
        p: 2,
        y,
        task: 'binary',
        nClasses: 2,
        valid: { X, n, y: noise },
        onIteration: (s) => steps.push(s),
        seed: 2,
      },
      { hidden: 16, epochs: 200, early_stopping: 3 },
    );
    expect(steps.length).toBeLessThan(50);
  });

  it('class weights move the mean predicted probability of a rare class from its prevalence toward one half', async () => {
    // 10% positives on overlapping inputs: a plain fit is calibrated to the prevalence, a balanced fit is not.
    const rng = makeRng(9);
    const n = 600;
    const X = new Float64Array(n);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      y[r] = r % 10 === 0 ? 1 : 0;
      X[r] = (y[r] ? 0.7 : 0) + rng();
    }
    const w = Float64Array.from(y, (v) => (v ? n / (2 * 60) : n / (2 * 540)));
    const meanP = async (weights?: Float64Array): Promise<number> => {
      const m = await fitMlp(
        { X, n, p: 1, y, task: 'binary', nClasses: 2, weights, seed: 1 },
        { hidden: 8, epochs: 40, learning_rate: 0.02 },
      );
      const P = predictModel(m, X, n, 1, 2);
      let s = 0;
      for (let r = 0; r < n; r++) s += P[r * 2 + 1] / n;
      return s;
    };
    const plain = await meanP();
    const balanced = await meanP(w);
    expect(plain).toBeLessThan(0.15);
    expect(balanced).toBeGreaterThan(plain + 0.08);
  });

  it('runs on the wasm backend', async () => {
    expect(await tfReady()).toBe('wasm');
  });
});
