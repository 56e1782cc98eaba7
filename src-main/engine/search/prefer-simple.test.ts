import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { pairedDifference, rowLosses, winsBeyondNoise } from './prefer-simple';

describe('one-standard-error rule', () => {
  it('per-row losses average to the log loss and the squared error the metrics report', () => {
    const y = Float64Array.from([0, 2, 1, 1]);
    const P = Float64Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0.05, 0.9, 0.05]);
    const ll = rowLosses('classification', y, P, 3).reduce((a, b) => a + b, 0) / 4;
    expect(ll).toBeCloseTo(computeMetrics('classification', y, P, 3).log_loss as number, 12);
    const r = Float64Array.from([1, 2, 3]);
    const se = rowLosses('regression', r, Float64Array.from([1.5, 2, 1]), 0);
    expect(Array.from(se)).toEqual([0.25, 0, 4]);
    const d = pairedDifference(Float64Array.from([1, 2, 3]), Float64Array.from([0, 0, 0]));
    expect(d.mean).toBe(2);
    expect(d.se).toBeCloseTo(Math.sqrt(1 / 3), 12);
  });

  it('keeps a winner that is clearly better and falls back to the simple model within noise', () => {
    const rng = makeRng(7);
    const n = 400;
    const y = new Float64Array(n);
    const simple = new Float64Array(n);
    const close = new Float64Array(n);
    const clear = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng() * 10;
      simple[i] = y[i] + (rng() - 0.5) * 4;
      close[i] = simple[i];
      // Half the error everywhere: far beyond the noise.
      clear[i] = y[i] + (simple[i] - y[i]) * 0.5;
    }
    // Better on average, but only through one row out of 400 (and a little worse on another): within one standard error.
    simple[0] = y[0] + 2;
    close[0] = y[0];
    simple[1] = y[1] + 1;
    close[1] = y[1] + 1.2;
    expect(winsBeyondNoise('regression', y, clear, simple, 0)).toBe(true);
    expect(winsBeyondNoise('regression', y, close, simple, 0)).toBe(false);
    // A winner worse than the simple model never wins.
    expect(winsBeyondNoise('regression', y, simple, clear, 0)).toBe(false);
  });
});
