import { checkAborted } from '../analytics/task-result';
import { checkBudget } from './budget';
import { MIN_PROFILE_CYCLES } from './deseason';
import type { AnyMethod } from './methods';
import { averageMetrics, combineValues, forecastMetrics, maseScale, pooledBounds } from './metrics';
import type { BacktestScores, SingleForecaster } from './model-json';
import type { ForecastChoice, ForecastPath, SeriesView } from './types';

/**
 * Rolling-origin plan: each origin is a training length; every fold forecasts `horizon` steps after it.
 * Empty `origins` means the history is too short to test a forecast this long (selection falls back on AICc).
 */
export interface BacktestPlan {
  horizon: number;
  origins: number[];
}

/**
 * The shortest training part of a fold. Below it an ARIMA with drift and Box-Cox, or a Holt trend, fitted on
 * a dozen points extrapolates wildly and its few folds say little (airmiles: 19 points, 3 folds of 12-14
 * points chose a Box-Cox random walk with drift at 6x the best peer); the choice then falls back on AICc.
 */
export const MIN_FOLD_TRAIN = 24;

/**
 * Longest primary season whose two cycles a fold must hold. ETS, Theta and seasonal ARIMA estimate a season
 * of up to 24 steps themselves and need two cycles of it; a longer one (a year of days) is carried by Fourier
 * terms or by a smooth profile (deseason.ts), which a fold of MIN_PROFILE_CYCLES cycles estimates. Without this a daily series with a yearly season and under 2 years + h of history had
 * no fold and fell back on AICc (ice_river: 877 days, h = 219).
 */
export const MAX_FOLD_SEASON = 24;

/**
 * Up to `maxFolds` origins at the horizon the person asked for, spread evenly from the shortest allowed
 * training part to the series end minus one horizon (folds may overlap when the horizon is long: more
 * folds make the choice less of a coin toss). Each fold keeps at least half the series and two seasons
 * plus two points (1.2 seasons past MAX_FOLD_SEASON; at least MIN_FOLD_TRAIN) for training; when
 * not even one fold fits, the plan is empty. With the series' `missing` mask, a fold whose horizon falls in a
 * gap moves to the nearest origin whose horizon has values (`observedOrigins`).
 */
export function planBacktest(n: number, horizon: number, m: number, maxFolds = 5, missing?: Uint8Array): BacktestPlan {
  const seasonTrain = m <= MAX_FOLD_SEASON ? 2 * m + 2 : Math.ceil(MIN_PROFILE_CYCLES * (m + 1));
  const minTrain = Math.max(MIN_FOLD_TRAIN, seasonTrain, Math.floor(n / 2));
  const last = n - horizon;
  if (last < minTrain) return { horizon, origins: [] };
  const span = last - minTrain;
  // Folds at least a tenth of a horizon apart (and one step).
  const folds = Math.max(1, Math.min(maxFolds, Math.floor(span / Math.max(1, Math.ceil(horizon / 10))) + 1));
  const origins: number[] = [];
  for (let k = 0; k < folds; k++) {
    const o = folds === 1 ? last : Math.round(minTrain + (span * k) / (folds - 1));
    if (origins.length === 0 || o > origins[origins.length - 1]) origins.push(o);
  }
  return { horizon, origins: missing ? observedOrigins(origins, horizon, minTrain, last, missing) : origins };
}

/**
 * Origins whose horizon holds at least half as many values as the series does on average (and one): an origin
 * whose horizon lies in a long gap moves to the nearest origin in [minTrain, last] that has them, or is dropped.
 * A fold with no actual value has no score, and when every fold fell in a gap no candidate had one (gold with its
 * last 200 days but 40 missing, h = 60; spacetime's PM10 with 211 of 716 days missing) and the choice was blind.
 */
function observedOrigins(
  origins: number[],
  horizon: number,
  minTrain: number,
  last: number,
  missing: Uint8Array,
): number[] {
  // seen[i] = values observed before position i.
  const seen = new Int32Array(missing.length + 1);
  for (let i = 0; i < missing.length; i++) seen[i + 1] = seen[i] + (missing[i] ? 0 : 1);
  const needed = Math.max(1, Math.ceil((0.5 * horizon * seen[missing.length]) / Math.max(1, missing.length)));
  const enough = (o: number) => seen[Math.min(o + horizon, missing.length)] - seen[o] >= needed;
  const out = new Set<number>();
  for (const o of origins) {
    for (let d = 0; o - d >= minTrain || o + d <= last; d++) {
      const found = [o - d, o + d].find((c) => c >= minTrain && c <= last && !out.has(c) && enough(c));
      if (found !== undefined) {
        out.add(found);
        break;
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

export function sliceView(s: SeriesView, end: number): SeriesView {
  return { ...s, y: s.y.subarray(0, end), t: s.t.subarray(0, end), missing: s.missing?.subarray(0, end) };
}

export interface BacktestResult {
  family: ForecastChoice;
  metrics: BacktestScores;
  perFold: BacktestScores[];
  /** preds[fold][step]; actuals[fold][step] (NaN where the value was missing); each fold's MASE scale. */
  preds: number[][];
  actuals: number[][];
  scales: number[];
  /** Interval bounds per fold and step, when the model gives intervals. */
  bands?: { lower80: number[][]; upper80: number[][]; lower95: number[][]; upper95: number[][] };
  fitSeconds: number;
}

/** Metrics of one fold over the observed actuals, with interval coverage when bands are given. */
function scoreFold(
  actual: number[],
  pred: number[],
  scale: number,
  band?: { l80: number[]; u80: number[]; l95: number[]; u95: number[] },
): BacktestScores {
  const a: number[] = [];
  const p: number[] = [];
  let in80 = 0;
  let in95 = 0;
  actual.forEach((v, j) => {
    if (Number.isNaN(v)) return;
    a.push(v);
    p.push(pred[j]);
    if (band && v >= band.l80[j] && v <= band.u80[j]) in80++;
    if (band && v >= band.l95[j] && v <= band.u95[j]) in95++;
  });
  const m = forecastMetrics(a, p, scale);
  return band && a.length > 0 ? { ...m, coverage80: in80 / a.length, coverage95: in95 / a.length } : m;
}

function averageScores(list: BacktestScores[]): BacktestScores {
  const out: BacktestScores = averageMetrics(list);
  if (list.every((m) => m.coverage80 !== undefined)) {
    out.coverage80 = list.reduce((s, m) => s + m.coverage80!, 0) / list.length;
    out.coverage95 = list.reduce((s, m) => s + m.coverage95!, 0) / list.length;
  }
  return out;
}

/**
 * Fits the method on each fold's training part and scores its forecast of the next `horizon` points.
 * With `like` (the parameters fitted on the whole series) each fold re-estimates the same structure.
 * With a `deadline` (epoch ms) it throws BudgetExceeded between folds or inside a long fit once it has passed.
 */
export function backtest(
  method: AnyMethod,
  s: SeriesView,
  plan: BacktestPlan,
  signal: AbortSignal,
  onFold?: (done: number) => void,
  deadline?: number,
  like?: SingleForecaster,
): BacktestResult {
  const started = Date.now();
  const paths: ForecastPath[] = [];
  plan.origins.forEach((o, k) => {
    checkAborted(signal);
    checkBudget(deadline);
    const train = sliceView(s, o);
    const params = method.fit(train, signal, deadline, like);
    paths.push(method.forecast(params, train, plan.horizon));
    onFold?.(k + 1);
  });
  return scorePaths(method.family, s, plan, paths, (Date.now() - started) / 1000);
}

/** Scores forecast paths (one per fold) against the series. */
export function scorePaths(
  family: ForecastChoice,
  s: SeriesView,
  plan: BacktestPlan,
  paths: ForecastPath[],
  fitSeconds: number,
): BacktestResult {
  const preds: number[][] = [];
  const actuals: number[][] = [];
  const scales: number[] = [];
  const perFold: BacktestScores[] = [];
  const withBands = paths.length > 0 && paths.every((p) => p.interval);
  const bands = withBands
    ? { lower80: [] as number[][], upper80: [] as number[][], lower95: [] as number[][], upper95: [] as number[][] }
    : undefined;
  plan.origins.forEach((o, k) => {
    const h = plan.horizon;
    const actual = Array.from({ length: h }, (_, j) => (s.missing?.[o + j] ? NaN : s.y[o + j]));
    const pred = Array.from(paths[k].mean);
    const scale = maseScale(s.y.subarray(0, o), s.m);
    let band: Parameters<typeof scoreFold>[3];
    if (bands) {
      const b80 = paths[k].interval!(0.8);
      const b95 = paths[k].interval!(0.95);
      band = {
        l80: Array.from(b80.lower),
        u80: Array.from(b80.upper),
        l95: Array.from(b95.lower),
        u95: Array.from(b95.upper),
      };
      bands.lower80.push(band.l80);
      bands.upper80.push(band.u80);
      bands.lower95.push(band.l95);
      bands.upper95.push(band.u95);
    }
    preds.push(pred);
    actuals.push(actual);
    scales.push(scale);
    perFold.push(scoreFold(actual, pred, scale, band));
  });
  return { family, metrics: averageScores(perFold), perFold, preds, actuals, scales, bands, fitSeconds };
}

/**
 * Scores the mean (or median) of several methods from their backtests (same folds): predictions and bands
 * are combined the same way (bands by `pooledBounds` when only some members have them, as `averagePaths`).
 */
export function combineBacktests(
  members: BacktestResult[],
  family: ForecastChoice = 'combination',
  how: 'mean' | 'median' = 'mean',
): BacktestResult {
  const avg = (get: (r: BacktestResult) => number[][]): number[][] =>
    get(members[0]).map((fold, f) =>
      fold.map((_, j) =>
        combineValues(
          members.map((r) => get(r)[f][j]),
          how,
        ),
      ),
    );
  const preds = avg((r) => r.preds);
  const banded = members.filter((r) => r.bands);
  let bands: BacktestResult['bands'];
  if (banded.length === members.length)
    bands = {
      lower80: avg((r) => r.bands!.lower80),
      upper80: avg((r) => r.bands!.upper80),
      lower95: avg((r) => r.bands!.lower95),
      upper95: avg((r) => r.bands!.upper95),
    };
  else if (banded.length > 0) {
    // As averagePaths: the banded members' widths around the pool's forecast.
    const side = (lowerOf: (b: NonNullable<BacktestResult['bands']>) => number[][], upperOf: typeof lowerOf) => {
      const lo: number[][] = [];
      const up: number[][] = [];
      preds.forEach((fold, f) => {
        const b = fold.map((v, j) =>
          pooledBounds(
            v,
            members.map((r) => ({
              mean: r.preds[f][j],
              lower: r.bands ? lowerOf(r.bands)[f][j] : undefined,
              upper: r.bands ? upperOf(r.bands)[f][j] : undefined,
            })),
          ),
        );
        lo.push(b.map((x) => x.lower));
        up.push(b.map((x) => x.upper));
      });
      return [lo, up];
    };
    const [lower80, upper80] = side(
      (b) => b.lower80,
      (b) => b.upper80,
    );
    const [lower95, upper95] = side(
      (b) => b.lower95,
      (b) => b.upper95,
    );
    bands = { lower80, upper80, lower95, upper95 };
  }
  const a = members[0];
  const perFold = preds.map((p, f) =>
    scoreFold(
      a.actuals[f],
      p,
      a.scales[f],
      bands
        ? { l80: bands.lower80[f], u80: bands.upper80[f], l95: bands.lower95[f], u95: bands.upper95[f] }
        : undefined,
    ),
  );
  return {
    family,
    metrics: averageScores(perFold),
    perFold,
    preds,
    actuals: a.actuals,
    scales: a.scales,
    bands,
    fitSeconds: members.reduce((s, r) => s + r.fitSeconds, 0),
  };
}

/**
 * Standard deviation of the forecast error at each step 1..horizon from backtest errors: per-step RMS,
 * smoothed over neighbouring steps (few folds) and made non-decreasing (uncertainty grows with the step).
 * Beyond the backtest horizon it grows with the square root of the step.
 */
export function stepSigmas(r: BacktestResult, horizon: number): number[] {
  const errors = r.actuals.map((fold, f) => fold.map((a, j) => a - r.preds[f][j]));
  const h = errors[0]?.length ?? 0;
  const raw: number[] = [];
  for (let j = 0; j < h; j++) {
    let s = 0;
    let c = 0;
    for (let d = -1; d <= 1; d++) {
      const jj = j + d;
      if (jj < 0 || jj >= h) continue;
      for (const fold of errors) {
        if (Number.isNaN(fold[jj])) continue;
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
