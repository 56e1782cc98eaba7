import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { pairedDifference, rowLosses, selectionMetric, SIMPLER_MODEL_SES, winsBeyondNoise } from './prefer-simple';

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

  it('keeps a winner better by more than SIMPLER_MODEL_SES standard errors, within one', () => {
    // 200 rows: the winner is exact where the simple model is off by 1 on 30 rows, off by 1 where the simple model is
    // exact on 24: the paired loss difference has mean 0.03 and standard error 0.037 (0.8 of one).
    const n = 200;
    const y = new Float64Array(n);
    const simple = new Float64Array(n);
    const winner = new Float64Array(n);
    for (let i = 0; i < 30; i++) simple[i] = 1;
    for (let i = 30; i < 54; i++) winner[i] = 1;
    const d = pairedDifference(rowLosses('regression', y, simple, 0), rowLosses('regression', y, winner, 0));
    expect(d.mean).toBeCloseTo(0.03, 12);
    expect(d.mean / d.se).toBeGreaterThan(SIMPLER_MODEL_SES);
    expect(d.mean / d.se).toBeLessThan(1);
    expect(winsBeyondNoise('regression', y, winner, simple, 0, SIMPLER_MODEL_SES)).toBe(true);
    expect(winsBeyondNoise('regression', y, winner, simple, 0)).toBe(false);
  });
});

describe('selection metric', () => {
  it('classifiers judged on a count of right answers are chosen by log loss; other metrics by themselves', () => {
    expect(selectionMetric('classification', 'accuracy')).toBe('log_loss');
    expect(selectionMetric('classification', 'f1_macro')).toBe('log_loss');
    expect(selectionMetric('classification', 'roc_auc')).toBe('roc_auc');
    expect(selectionMetric('regression', 'rmse')).toBe('rmse');
  });

  it('out-of-fold log loss finds the better of two close classifiers more often than accuracy does', () => {
    // 300 out-of-fold rows of a binary task; model A is the true probability blurred a little, model B blurred more
    // (worse on new rows for both metrics). Over many draws, count how often each criterion prefers A.
    const rng = makeRng(5);
    const n = 300;
    const gauss = () => Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng());
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    let byAcc = 0;
    let byLoss = 0;
    const draws = 200;
    for (let d = 0; d < draws; d++) {
      const y = new Float64Array(n);
      const a = new Float64Array(2 * n);
      const b = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const z = 2 * gauss();
        y[i] = rng() < sig(z) ? 1 : 0;
        const pa = sig(z + 0.6 * gauss());
        const pb = sig(z + 0.9 * gauss());
        a.set([1 - pa, pa], 2 * i);
        b.set([1 - pb, pb], 2 * i);
      }
      const ma = computeMetrics('classification', y, a, 2);
      const mb = computeMetrics('classification', y, b, 2);
      if ((ma.accuracy as number) > (mb.accuracy as number)) byAcc++;
      if ((ma.log_loss as number) < (mb.log_loss as number)) byLoss++;
    }
    expect(byLoss).toBeGreaterThan(byAcc + draws * 0.05);
  });
});
