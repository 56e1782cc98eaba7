import { describe, expect, it } from 'vitest';
import type { BacktestResult } from './backtest';
import { planBacktest } from './backtest';
import { poolOf, type TriedStructure } from './candidates';
import { averagePaths } from './methods';
import type { FittedForecaster, SingleForecaster } from './model-json';
import type { ForecastChoice } from './types';
import { chooseForecast } from './selection';

const structure = (family: SingleForecaster['family'], mase: number): TriedStructure => ({
  params: { family } as SingleForecaster,
  result: { family, metrics: { mae: mase, rmse: mase, smape: 0, mase } } as BacktestResult,
});

/** A structure with these fold MASEs (its mean the backtest MASE). */
const folds = (family: SingleForecaster['family'], m: number[]): TriedStructure => ({
  params: { family } as SingleForecaster,
  result: {
    family,
    metrics: { mae: 0, rmse: 0, smape: 0, mase: m.reduce((a, b) => a + b, 0) / m.length },
    perFold: m.map((mase) => ({ mae: 0, rmse: 0, smape: 0, mase })),
  } as BacktestResult,
});

describe('selection of the final forecast', () => {
  it('pools the structures within 10% of the best backtest, harmonic regression left out', () => {
    const tried = [structure('ets', 1), structure('arima', 1.05), structure('theta', 1.2), structure('dhr', 0.9)];
    expect(poolOf(tried).map((t) => t.params.family)).toEqual(['ets', 'arima']);
    expect(poolOf([structure('theta', 2), structure('ets', 1)]).map((t) => t.params.family)).toEqual(['ets']);
    // One structure per family: the second ETS (a near-copy) does not outvote ARIMA in the median.
    const pool = poolOf([structure('ets', 1), structure('ets', 1.01), structure('arima', 1.05)]);
    expect(pool.map((t) => [t.params.family, t.result.metrics.mase])).toEqual([
      ['ets', 1],
      ['arima', 1.05],
    ]);
  });

  it('pools every statistical structure within 2x of the best on a series under 60 points, trees left out', () => {
    const tried = [
      structure('ets', 1),
      structure('ets', 1.5),
      structure('arima', 1.9),
      structure('dhr', 1.2),
      structure('theta', 2.5),
      structure('gbm_lags', 0.8),
    ];
    expect(poolOf(tried, 48).map((t) => [t.params.family, t.result.metrics.mase])).toEqual([
      ['ets', 1],
      ['dhr', 1.2],
      ['ets', 1.5],
      ['arima', 1.9],
    ]);
    // From 60 points on, the usual pool: each family's best within 10% (trees alone only when they beat
    // seasonal naive in every fold, which they cannot show here).
    expect(poolOf(tried, 60).map((t) => t.params.family)).toEqual(['ets']);
  });

  it('lets the boosted trees stand alone only when they beat seasonal naive in every fold', () => {
    const naive = folds('seasonal_naive', [10, 10, 30]);
    const ets = folds('ets', [10, 10.5, 29]);
    // Lowest mean, but worse than seasonal naive in one fold: left out (a random walk's lucky folds).
    expect(poolOf([naive, ets, folds('gbm_lags', [5, 12, 10])]).map((t) => t.params.family)).toEqual([
      'ets',
      'seasonal_naive',
    ]);
    expect(poolOf([naive, ets, folds('gbm_lags', [5, 9, 10])]).map((t) => t.params.family)).toEqual(['gbm_lags']);
    // Close to the others (and worse than seasonal naive in one fold): they join the pool, not alone.
    expect(poolOf([naive, ets, folds('gbm_lags', [8, 12, 28])]).map((t) => t.params.family)).toEqual([
      'gbm_lags',
      'ets',
      'seasonal_naive',
    ]);
    const results = new Map<ForecastChoice, BacktestResult>(
      [naive, folds('theta', [20, 20, 40]), folds('gbm_lags', [5, 12, 10])].map((t) => [t.params.family, t.result]),
    );
    const fitted = new Map<ForecastChoice, FittedForecaster>([['theta', { family: 'combination', members: [] }]]);
    expect(chooseForecast(results, fitted, 100, 10).family).toBe('seasonal_naive');
  });

  it('leaves the boosted trees out of the choice on a series without a season', () => {
    // A trending yearly series: the trees beat naive in every fold and have the lowest backtest.
    const tried = [folds('seasonal_naive', [10, 12, 14]), folds('ets', [6, 7, 8]), folds('gbm_lags', [3, 4, 5])];
    expect(poolOf(tried, 80, true).map((t) => t.params.family)).toEqual(['gbm_lags']);
    expect(poolOf(tried, 80, false).map((t) => t.params.family)).toEqual(['ets']);
    const results = new Map<ForecastChoice, BacktestResult>(tried.map((t) => [t.params.family, t.result]));
    const fitted = new Map<ForecastChoice, FittedForecaster>([['ets', { family: 'combination', members: [] }]]);
    expect(chooseForecast(results, fitted, 80, 16, true).family).toBe('gbm_lags');
    expect(chooseForecast(results, fitted, 80, 16, false).family).toBe('ets');
  });

  it('tests a fold only on at least 24 points, so a tiny series falls back on AICc', () => {
    expect(planBacktest(19, 5, 1).origins).toEqual([]);
    expect(planBacktest(40, 8, 1).origins[0]).toBe(24);
    expect(planBacktest(100, 20, 1).origins[0]).toBe(50);
  });

  it('moves a fold whose horizon falls in a long gap to one with values, so every fold can be scored', async () => {
    // A daily random walk of 1108 days whose days 907-1067 are missing (gold with a 161-day gap), h = 60: the
    // evenly spread origins 925 and 1048 look at the gap; 925 holds no value at all and scored NaN for every model.
    const n = 1108;
    const missing = new Uint8Array(n);
    missing.fill(1, 907, 1068);
    expect(planBacktest(n, 60, 1).origins).toContain(925);
    const plan = planBacktest(n, 60, 1, 5, missing);
    expect(plan.origins).toHaveLength(5);
    for (const o of plan.origins)
      expect(missing.subarray(o, o + 60).filter((v) => !v).length, `origin ${o}`).toBeGreaterThan(25);
    // A complete series keeps its plan.
    expect(planBacktest(n, 60, 1, 5, new Uint8Array(n))).toEqual(planBacktest(n, 60, 1));
    // End to end: every candidate gets a finite backtest MASE.
    const { fitForecast } = await import('./run-forecast');
    const { ProgressReporter } = await import('../util/progress');
    const { makeFrequency } = await import('./frequency');
    const { rng, testContext } = await import('./test-helpers');
    const r = rng(3);
    const y = new Float64Array(n);
    for (let i = 1; i < n; i++) y[i] = y[i - 1] + (r() - 0.5);
    for (let i = 907; i < 1068; i++) y[i] = y[906] + ((y[1068] - y[906]) * (i - 906)) / (1068 - 906);
    const view = {
      y,
      t: Float64Array.from(y, (_, i) => Date.UTC(1985, 0, 1 + i)),
      m: 1,
      freq: makeFrequency('day', 1),
      missing,
    };
    const { outcome } = fitForecast(view, 60, testContext().ctx, new ProgressReporter(() => {}), undefined);
    expect(outcome.results.size).toBeGreaterThan(2);
    for (const [family, res] of outcome.results) expect(Number.isFinite(res.metrics.mase), family).toBe(true);
  });

  it('a yearly season of days needs 1.2 cycles per fold, a monthly one two cycles', () => {
    // 877 days, h = 219: two years per fold left no fold; 1.2 years leaves five.
    const daily = planBacktest(877, 219, 365);
    expect(daily.origins).toHaveLength(5);
    expect(daily.origins[0]).toBe(440);
    expect(planBacktest(45, 20, 12).origins).toEqual([]);
  });

  it('the median of three paths is the middle one at every step, bounds included', () => {
    const path = (v: number) => ({
      mean: Float64Array.from([v, 2 * v]),
      interval: () => ({ lower: Float64Array.from([v - 1, v - 1]), upper: Float64Array.from([v + 1, v + 1]) }),
    });
    const m = averagePaths([path(1), path(10), path(3)], 'median');
    expect(Array.from(m.mean)).toEqual([3, 6]);
    expect(Array.from(m.interval!(0.95).upper)).toEqual([4, 4]);
    expect(Array.from(averagePaths([path(1), path(3)], 'median').mean)).toEqual([2, 4]);
  });

  it('chooses the pooled median when there is one, else the best pooled single, else the AICc combination', () => {
    const r = (family: BacktestResult['family'], mase: number) =>
      [family, { family, metrics: { mae: 1, rmse: 1, smape: 1, mase } } as BacktestResult] as const;
    const any: FittedForecaster = { family: 'combination', members: [] };
    const fitted = new Map<ForecastChoice, FittedForecaster>([['ets', any]]);
    expect(chooseForecast(new Map([r('dhr', 0.5), r('ets', 1), r('theta', 1.5)]), fitted, 100, 10).family).toBe('ets');
    const withEnsemble = new Map<ForecastChoice, FittedForecaster>([['ensemble', any]]);
    expect(chooseForecast(new Map([r('ensemble', 1), r('ets', 0.9)]), withEnsemble, 100, 10).family).toBe('ensemble');
    const noFolds = chooseForecast(
      new Map(),
      new Map<ForecastChoice, FittedForecaster>([['combination', any]]),
      20,
      30,
    );
    expect(noFolds.selection.by).toBe('aicc');
    expect(noFolds.family).toBe('combination');
  });
});
