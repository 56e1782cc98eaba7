import { checkBudget } from './budget';
import { CodedError } from '@shared/errors';
import { checkAborted } from '../analytics/task-result';
import { averageMetrics, forecastMetrics, maseScale, type ForecastMetrics } from './metrics';
import type { ForecastChoice, ForecastFamily, ForecastMethod, SeriesView } from './types';

/** Rolling-origin plan: each origin is a training length; every fold forecasts `horizon` steps after it. */
export interface BacktestPlan {
  horizon: number;
  origins: number[];
}

/**
 * Up to `maxFolds` origins spaced one horizon apart, ending at the series end. The backtest horizon is
 * the requested horizon capped so that each fold keeps two seasons plus two points (at least 12) for training:
 * what seasonal Holt-Winters needs to start.
 */
export function planBacktest(n: number, horizon: number, m: number, maxFolds = 4): BacktestPlan {
  const minTrain = Math.max(12, 2 * m + 2);
  const h = Math.max(1, Math.min(horizon, n - minTrain));
  if (n - h < Math.max(8, 2 * m + 2)) {
    throw new CodedError(
      'dataset-empty',
      `The series has ${n} points: too short to test a ${horizon}-step forecast. Provide a longer history or a shorter horizon.`,
    );
  }
  const stride = h;
  const origins: number[] = [];
  for (let k = 0; k < maxFolds; k++) {
    const o = n - h - k * stride;
    if (o < minTrain && origins.length > 0) break;
    origins.unshift(o);
  }
  return { horizon: h, origins };
}

export function sliceView(s: SeriesView, end: number): SeriesView {
  return { ...s, y: s.y.subarray(0, end), t: s.t.subarray(0, end) };
}

export interface BacktestResult {
  family: ForecastChoice;
  metrics: ForecastMetrics;
  perFold: ForecastMetrics[];
  /** errors[fold][step] = actual - prediction. */
  errors: number[][];
  /** actuals[fold][step], and each fold's MASE scale: enough to score averages of methods. */
  actuals: number[][];
  scales: number[];
  fitSeconds: number;
}

/**
 * Fits the method on each fold's training part and scores its forecast of the next `horizon` points.
 * With a `deadline` (epoch ms) it throws BudgetExceeded between folds or inside a long fit once it has passed.
 */
export function backtest<P extends { family: ForecastFamily }>(
  method: ForecastMethod<P>,
  s: SeriesView,
  plan: BacktestPlan,
  signal: AbortSignal,
  onFold?: (done: number) => void,
  deadline?: number,
): BacktestResult {
  const started = Date.now();
  const perFold: ForecastMetrics[] = [];
  const errors: number[][] = [];
  const actuals: number[][] = [];
  const scales: number[] = [];
  plan.origins.forEach((o, k) => {
    checkAborted(signal);
    checkBudget(deadline);
    const train = sliceView(s, o);
    const params = method.fit(train, signal, deadline);
    const pred = method.forecast(params, train, plan.horizon);
    const actual = s.y.subarray(o, o + plan.horizon);
    scales.push(maseScale(train.y, s.m));
    perFold.push(forecastMetrics(actual, pred, scales[k]));
    errors.push(Array.from(actual, (a, j) => a - pred[j]));
    actuals.push(Array.from(actual));
    onFold?.(k + 1);
  });
  return {
    family: method.family,
    metrics: averageMetrics(perFold),
    perFold,
    errors,
    actuals,
    scales,
    fitSeconds: (Date.now() - started) / 1000,
  };
}

/** Scores the average of two methods from their backtests (same folds): errors average too. */
export function combineBacktests(
  a: BacktestResult,
  b: BacktestResult,
): Omit<BacktestResult, 'family'> & { family: 'ensemble' } {
  const errors = a.errors.map((fold, f) => fold.map((e, j) => (e + b.errors[f][j]) / 2));
  const perFold = errors.map((fold, f) =>
    forecastMetrics(
      a.actuals[f],
      a.actuals[f].map((v, j) => v - fold[j]),
      a.scales[f],
    ),
  );
  return {
    family: 'ensemble',
    metrics: averageMetrics(perFold),
    perFold,
    errors,
    actuals: a.actuals,
    scales: a.scales,
    fitSeconds: a.fitSeconds + b.fitSeconds,
  };
}

/**
 * Standard deviation of the forecast error at each step 1..horizon from backtest errors: per-step RMS,
 * smoothed over neighbouring steps (few folds) and made non-decreasing (uncertainty grows with the step).
 * Beyond the backtest horizon it grows with the square root of the step.
 */
export function stepSigmas(errors: number[][], horizon: number): number[] {
  const h = errors[0]?.length ?? 0;
  const raw: number[] = [];
  for (let j = 0; j < h; j++) {
    let s = 0;
    let c = 0;
    for (let d = -1; d <= 1; d++) {
      const jj = j + d;
      if (jj < 0 || jj >= h) continue;
      for (const fold of errors) {
        s += fold[jj] ** 2;
        c++;
      }
    }
    raw.push(Math.sqrt(s / Math.max(1, c)));
  }
  const out: number[] = [];
  for (let j = 0; j < horizon; j++) {
    const v = j < h ? raw[j] : (raw[h - 1] ?? 0) * Math.sqrt((j + 1) / h);
    out.push(Math.max(v, out[j - 1] ?? 0));
  }
  return out;
}
