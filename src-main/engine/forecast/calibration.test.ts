import { describe, expect, it } from 'vitest';
import { combineBacktests, type BacktestResult } from './backtest';
import { normalQuantile } from './boxcox';
import { calibrateBands, shownBands } from './calibration';
import { bandsOf } from './forecast-rows';
import { averagePaths } from './methods';
import { rng } from './test-helpers';

/** Standard normal draws (Box-Muller) from a seeded generator. */
function normals(n: number, seed: number): number[] {
  const u = rng(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

/**
 * A backtest of `folds` folds, `h` steps each: forecasts of 0, actual errors with standard deviation `trueSd`,
 * and (with `modelSd`) model bands that assume that standard deviation instead.
 */
function backtestOf(folds: number, h: number, trueSd: number, modelSd?: number, seed = 7): BacktestResult {
  const z = normals(folds * h, seed);
  const preds = Array.from({ length: folds }, () => Array.from({ length: h }, () => 0));
  const actuals = preds.map((p, f) => p.map((_, j) => trueSd * z[f * h + j]));
  const band = (q: number): number[][] => preds.map((p) => p.map(() => q * (modelSd ?? 0)));
  const q80 = normalQuantile(0.8);
  const q95 = normalQuantile(0.95);
  return {
    family: 'ets',
    metrics: { mae: 0, rmse: 0, smape: 0, mase: 1 },
    perFold: [],
    preds,
    actuals,
    scales: preds.map(() => 1),
    ...(modelSd !== undefined
      ? { bands: { lower80: band(-q80), upper80: band(q80), lower95: band(-q95), upper95: band(q95) } }
      : {}),
    fitSeconds: 0,
  };
}

describe('band calibration from the backtest', () => {
  it('widens bands that assume half the real spread until the folds cover the level', () => {
    const cal = calibrateBands(backtestOf(5, 200, 2, 1))!;
    // The truth is 2: every step's factor near 2 for both levels.
    const mid = (v: number[]): number => v[Math.floor(v.length / 2)];
    expect(mid(cal.scale95)).toBeGreaterThan(1.6);
    expect(mid(cal.scale95)).toBeLessThan(2.5);
    expect(mid(cal.scale80)).toBeGreaterThan(1.6);
    expect(mid(cal.scale80)).toBeLessThan(2.5);
    // Measured on folds the factors did not see, the widened bands cover about their level.
    expect(cal.coverage95).toBeGreaterThan(0.9);
    expect(cal.coverage80).toBeGreaterThan(0.72);
    expect(cal.coverage80).toBeLessThan(0.9);
  });

  it('never narrows a band that is already wide enough, and needs three folds', () => {
    const cal = calibrateBands(backtestOf(5, 100, 1, 3))!;
    expect(cal.scale95.every((s) => s === 1)).toBe(true);
    expect(cal.scale80.every((s) => s === 1)).toBe(true);
    expect(calibrateBands(backtestOf(2, 100, 2, 1))).toBeUndefined();
  });

  it('stretches the shown bands around the forecast, backtest-sigma bands too', () => {
    const mean = Float64Array.from([10, 10, 10]);
    const path = {
      mean,
      interval: () => ({ lower: Float64Array.from([9, 8, 7]), upper: Float64Array.from([12, 13, 14]) }),
    };
    const b = bandsOf(path, [], 3, { scale80: [1, 2, 2], scale95: [3] });
    expect(Array.from(b.lower80)).toEqual([9, 6, 4]);
    expect(Array.from(b.upper80)).toEqual([12, 16, 18]);
    // One factor carried to every step.
    expect(Array.from(b.upper95)).toEqual([16, 19, 22]);
    // No model interval: normal bands with the backtest sigmas (about 1 here), calibrated on the folds.
    const shown = shownBands({ mean: Float64Array.from({ length: 200 }, () => 0) }, backtestOf(5, 200, 1), 200);
    expect(shown.source).toBe('backtest');
    expect(shown.calibration).toBeDefined();
    expect(shown.calibration!.coverage95).toBeGreaterThan(0.9);
    // Never inside the uncalibrated band (stepSigmas' running maximum already over-states a flat spread here).
    expect(shown.bands.upper95[100]).toBeGreaterThanOrEqual(normalQuantile(0.95) * shown.sigmas[100] - 1e-12);
    expect(shown.bands.upper95[100]).toBeGreaterThan(1.7);
  });

  it('stretches the 95% band at least as much as the 80% band', () => {
    // Errors of twice the model's spread but bounded (uniform, no tail): the 80% band needs about 2x, while the
    // folds alone would ask the 95% band for only about 1.1x (its half-width is already 1.53 times larger).
    const r = backtestOf(5, 200, 1, 1);
    const u = rng(3);
    r.actuals = r.preds.map((p) => p.map(() => 2.2 * (2 * u() - 1)));
    const cal = calibrateBands(r)!;
    const mid = (v: number[]): number => v[Math.floor(v.length / 2)];
    expect(mid(cal.scale80)).toBeGreaterThan(1.3);
    cal.scale95.forEach((v, j) => expect(v).toBeGreaterThanOrEqual(cal.scale80[j]));
    expect(cal.coverage95).toBeGreaterThan(0.97);
  });

  it('gives a pool with a member without interval (boosted trees) the widths of the others, calibrated on its backtest', () => {
    // Known case: ETS at 10 with the band 8..12, trees at 14 with none: the pool is 12 with the band 10..14.
    const ets = {
      mean: Float64Array.from([10]),
      interval: () => ({ lower: Float64Array.from([8]), upper: Float64Array.from([12]) }),
    };
    const trees = { mean: Float64Array.from([14]) };
    const pool = averagePaths([ets, trees]);
    expect(Array.from(pool.mean)).toEqual([12]);
    expect(Array.from(pool.interval!(0.95).lower)).toEqual([10]);
    expect(Array.from(pool.interval!(0.95).upper)).toEqual([14]);
    // The pool's backtest gets the same bands, so the shown band is the model's, widened where the folds need
    // it: ETS' band assumes a spread of 1, the errors have 2 (without pooled bands: backtest-sigma bands).
    const etsFolds = backtestOf(5, 200, 2, 1);
    const treeFolds: BacktestResult = {
      ...backtestOf(5, 200, 2),
      family: 'gbm_lags',
      preds: etsFolds.preds.map((p) => p.map(() => 1)),
    };
    const folds = combineBacktests([etsFolds, treeFolds], 'ensemble', 'mean');
    expect(folds.bands!.upper95[0][0]).toBeCloseTo(0.5 + normalQuantile(0.95), 12);
    const path = averagePaths([
      {
        mean: new Float64Array(200),
        interval: () => ({
          lower: Float64Array.from({ length: 200 }, () => -normalQuantile(0.95)),
          upper: Float64Array.from({ length: 200 }, () => normalQuantile(0.95)),
        }),
      },
      { mean: Float64Array.from({ length: 200 }, () => 1) },
    ]);
    const shown = shownBands(path, folds, 200);
    expect(shown.source).toBe('model');
    expect(shown.calibration).toBeDefined();
    expect(shown.calibration!.scale95[100]).toBeGreaterThan(1.5);
    expect(shown.calibration!.coverage95).toBeGreaterThan(0.9);
  });
});
