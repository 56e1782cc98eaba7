import { describe, expect, it } from 'vitest';
import type { FitInput } from './fit-types';
import { fitKernel, MAX_FIT_ROWS, MAX_LANDMARKS } from './kernel';
import { fitLogistic } from './logistic';
import { predictModel } from './predict-model';
import { makeRng } from './trees/rng';

/** Two concentric rings in 2-D (class 1 outside): no line separates them. */
function rings(n: number, seed: number): { X: Float64Array; y: Float64Array } {
  const rng = makeRng(seed);
  const X = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const outer = i % 2;
    const r = (outer ? 2 : 1) + (rng() - 0.5) * 0.4;
    const a = rng() * 2 * Math.PI;
    X[i * 2] = r * Math.cos(a);
    X[i * 2 + 1] = r * Math.sin(a);
    y[i] = outer;
  }
  return { X, y };
}

function accuracy(p: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if ((p[i * 2 + 1] > 0.5 ? 1 : 0) === y[i]) ok++;
  return ok / y.length;
}

describe('RBF kernel model', () => {
  it('separates two rings that a linear model cannot', () => {
    const train = rings(300, 1);
    const test = rings(200, 2);
    const input: FitInput = { X: train.X, n: 300, p: 2, y: train.y, task: 'binary', nClasses: 2, seed: 0 };
    const kernel = fitKernel(input, { gamma_scale: 1, C: 10 });
    const linear = fitLogistic(input, { C: 1 });
    const kAcc = accuracy(predictModel(kernel, test.X, 200, 2, 2), test.y);
    const lAcc = accuracy(predictModel(linear, test.X, 200, 2, 2), test.y);
    expect(kAcc).toBeGreaterThan(0.95);
    expect(lAcc).toBeLessThan(0.7);
    expect(kernel.landmarks).toHaveLength(300);
  });

  it('fits a smooth curve (kernel ridge) and keeps at most MAX_LANDMARKS landmarks', () => {
    const n = 700;
    const rng = makeRng(3);
    const X = Float64Array.from({ length: n }, () => rng() * 6 - 3);
    const y = Float64Array.from(X, (x) => Math.sin(2 * x) + (rng() - 0.5) * 0.1);
    const model = fitKernel({ X, n, p: 1, y, task: 'regression', nClasses: 0, seed: 0 }, { gamma_scale: 3, C: 100 });
    expect(model.landmarks).toHaveLength(MAX_LANDMARKS);
    const grid = Float64Array.from({ length: 50 }, (_, i) => -2.9 + (5.8 * i) / 49);
    const p = predictModel(model, grid, 50, 1, 0);
    let worst = 0;
    grid.forEach((x, i) => (worst = Math.max(worst, Math.abs(p[i] - Math.sin(2 * x)))));
    expect(worst).toBeLessThan(0.1);
  });

  it('learns from a seeded sample of MAX_FIT_ROWS rows of a large table', () => {
    const n = MAX_FIT_ROWS * 3;
    const { X, y } = rings(n, 7);
    const test = rings(400, 8);
    const model = fitKernel({ X, n, p: 2, y, task: 'binary', nClasses: 2, seed: 0 }, { C: 10 });
    expect(accuracy(predictModel(model, test.X, 400, 2, 2), test.y)).toBeGreaterThan(0.95);
    expect(model.landmarks).toHaveLength(MAX_LANDMARKS);
    // Landmarks come from the sampled rows, each a row of the table.
    const rowsOf = new Set(Array.from({ length: n }, (_, r) => `${X[r * 2]},${X[r * 2 + 1]}`));
    expect(model.landmarks.every((l) => rowsOf.has(`${l[0]},${l[1]}`))).toBe(true);
  });

  it('predicts three classes as probabilities that sum to one', () => {
    const rng = makeRng(5);
    const n = 240;
    const X = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 3;
      X[i * 2] = Math.cos((2 * Math.PI * c) / 3) * 2 + (rng() - 0.5);
      X[i * 2 + 1] = Math.sin((2 * Math.PI * c) / 3) * 2 + (rng() - 0.5);
      y[i] = c;
    }
    const model = fitKernel({ X, n, p: 2, y, task: 'multiclass', nClasses: 3, seed: 0 }, { C: 1 });
    const p = predictModel(model, X, n, 2, 3);
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const row = [p[i * 3], p[i * 3 + 1], p[i * 3 + 2]];
      expect(row[0] + row[1] + row[2]).toBeCloseTo(1, 12);
      if (row.indexOf(Math.max(...row)) === y[i]) ok++;
    }
    expect(ok / n).toBeGreaterThan(0.95);
  });
});
