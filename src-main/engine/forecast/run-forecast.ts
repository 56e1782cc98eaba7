import { CodedError } from '@shared/errors';
import { ProgressReporter } from '../util/progress';
import { writeCsv } from '../analytics/csv-out';
import { checkAborted, type TaskContext, type TaskResult } from '../analytics/task-result';
import { planBacktest, type BacktestPlan } from './backtest';
import { shownBands } from './calibration';
import { runCandidates, type CandidateOutcome } from './candidates';
import { forecastChart, forecastData } from './forecast-chart';
import { buildRows, scaleOf } from './forecast-rows';
import { formatDate, skippedDays, stepsWithinDays } from './frequency';
import { forecastWith } from './methods';
import type { BacktestScores, ForecastModelJson, ForecastRow, ForecastSeries } from './model-json';
import { detectSeasonality, viewOf } from './seasonality';
import { loadSeries } from './series';
import { chooseForecast, type Selection } from './selection';
import type { ForecastChoice, SeriesView } from './types';
import { ARTIFACT_FILES } from '../artifacts/files';
import { budgetNow } from '../util/budget-clock';
import { artifactPath, writeArtifact } from '../artifacts/store';

export { forecastFromHistory } from './forecast-from-history';
export type { ForecastModelJson, ForecastRow, ForecastSeries } from './model-json';

export interface ForecastInput {
  dataPath: string;
  date: string;
  target: string;
  /** Steps ahead, in the data's own periods. */
  horizon: number;
  /**
   * The horizon is a span of the calendar in the data's periods (a goal's "next 8 weeks" on daily data is 56
   * days): on a calendar that leaves days out (trading days) it becomes the kept days within it (40); on any
   * other grid it is the steps. Without it, always steps (`automl predict --horizon`, the benchmark).
   */
  calendarHorizon?: boolean;
  /**
   * Wall-clock budget for the whole run. Fitting stops at the deadline (between folds, ARIMA orders, boosting
   * rounds); unfinished methods become 'out_of_time' rows. Seasonal naive always runs so a forecast exists.
   */
  budgetSeconds?: number;
  artifactDir: string;
  /**
   * How rows sharing a period are combined, when the caller knows (a level such as a temperature is averaged however
   * many rows share a period); absent: summed when over a fifth of the rows share one (transactions), else averaged.
   */
  aggregation?: 'sum' | 'mean';
  /**
   * The series of a table holding several side by side that `dataPath` holds (the caller wrote it there:
   * engine/series): recorded in the model, the details and forecast.csv (a first column naming it).
   */
  series?: ForecastSeries;
}

/** What the review panel and report show for a forecast. */
export interface ForecastDetails {
  frequency: string;
  /**
   * Days of the week the calendar leaves out because they never occur in the data (trading days: Saturday,
   * Sunday); absent when every day is in the calendar.
   */
  skippedDays?: string[];
  /** The calendar days asked for when they became fewer steps on such a calendar (56 days = 40 trading days). */
  horizonDays?: number;
  /** Primary seasonal period (steps) and every period found. */
  seasonPeriod: number;
  seasonPeriods: number[];
  seasonalityTested: Array<{ period: number; acf: number; strength: number; detected: boolean }>;
  points: number;
  start: string;
  end: string;
  rowsRead: number;
  duplicatePeriods: number;
  aggregation: 'sum' | 'mean';
  /** The series forecast when the table holds several side by side. */
  series?: ForecastSeries;
  gapsFilled: number;
  fill: 'zero' | 'interpolate';
  backtest: { horizon: number; folds: number };
  /** How the model was chosen, in words when it was not a backtest. */
  selection: Selection;
  bestMethod: ForecastChoice;
  /**
   * Backtest scores of the chosen model (MASE and the measured 80% / 95% interval coverage; with
   * `intervalCalibrated`, the coverage of the widened bands on each fold with the widening fitted on the others).
   */
  bestScores?: BacktestScores;
  /** Where the intervals come from: the model's error distribution or the backtest errors. */
  intervalSource: 'model' | 'backtest';
  /** The bands were widened per step so the backtest folds cover their level (calibration.ts). */
  intervalCalibrated: boolean;
  forecast: ForecastRow[];
  /** The last points of the history (at most 400) for the chart. */
  history: Array<{ date: string; value: number }>;
}

/**
 * Absolute deadline (epoch ms) for model fitting, or undefined without a budget. A small share of the
 * budget (5%, at most 1 s) is kept back for the final forecast and the artifact files.
 */
export function budgetDeadline(startedAt: number, budgetSeconds: number | undefined): number | undefined {
  if (budgetSeconds === undefined || !Number.isFinite(budgetSeconds) || budgetSeconds <= 0) return undefined;
  return startedAt + 1000 * (budgetSeconds - Math.min(0.05 * budgetSeconds, 1));
}

/**
 * Every candidate fitted and backtested on the view at the requested horizon, and the forecast chosen
 * among them (the part of `runForecast` before the final forecast and the files; the benchmark calls it too).
 */
export function fitForecast(
  view: SeriesView,
  horizon: number,
  ctx: TaskContext,
  progress: ProgressReporter,
  deadline: number | undefined,
): { outcome: CandidateOutcome & { plan: BacktestPlan }; family: ForecastChoice; selection: Selection } {
  const plan = planBacktest(view.y.length, horizon, view.m, undefined, view.missing);
  const outcome = runCandidates(view, plan, ctx, progress, deadline);
  const { family, selection } = chooseForecast(outcome.results, outcome.fitted, view.y.length, horizon, view.m > 1);
  return { outcome: { ...outcome, plan }, family, selection };
}

/**
 * Fits every forecasting method, picks the best by a rolling-origin backtest at the requested horizon
 * (lowest mean MASE; by AICc and the ETS/ARIMA/Theta combination when the history is too short for one
 * fold), and forecasts `horizon` steps with 80% and 95% intervals.
 */
export async function runForecast(input: ForecastInput, ctx: TaskContext): Promise<TaskResult<ForecastDetails>> {
  const { signal, emit } = ctx;
  const startedAt = budgetNow();
  if (!Number.isInteger(input.horizon) || input.horizon < 1 || input.horizon > 100_000) {
    throw new CodedError(
      'invalid-input',
      `Horizon must be a whole number of periods of at least 1 (got ${input.horizon}).`,
    );
  }
  const progress = new ProgressReporter(emit);
  progress.report(0, 'Reading the series');
  const series = await loadSeries(
    input.dataPath,
    input.date,
    input.target,
    input.aggregation ? { aggregation: input.aggregation } : undefined,
  );
  checkAborted(signal);
  if (series.y.length < 8) {
    throw new CodedError(
      'dataset-empty',
      `The series has ${series.y.length} periods: too short to forecast. Provide at least 8 dated values.`,
    );
  }
  const lastT = series.t[series.t.length - 1];
  const horizon = input.calendarHorizon ? stepsWithinDays(series.freq, lastT, input.horizon) : input.horizon;
  const season = detectSeasonality(series.y, series.freq);
  const view = viewOf(series, season);
  const periodsText = season.periods.length > 0 ? season.periods.join(' and ') : 'none';
  progress.report(0.05, `${series.freq.label} series, ${series.y.length} points, seasons: ${periodsText}`);

  const deadline = budgetDeadline(startedAt, input.budgetSeconds);
  const { outcome, family: bestFamily, selection } = fitForecast(view, horizon, ctx, progress, deadline);
  const { rows, results, fitted: params } = outcome;
  const fitted = params.get(bestFamily)!;
  const best = results.get(bestFamily);

  progress.report(0.92, 'Forecasting');
  const nonNegative = series.y.every((v) => v >= 0);
  const path = forecastWith(fitted, view, horizon);
  const { bands, sigmas, source: intervalSource, calibration } = shownBands(path, best, horizon);
  const forecast = buildRows(path.mean, bands, series.freq, lastT, nonNegative);

  const fmt = (t: number): string => formatDate(series.freq, t);
  const model: ForecastModelJson = {
    kind: 'forecast',
    version: 2,
    dateColumn: input.date,
    target: input.target,
    frequency: series.freq,
    seasonPeriod: view.m,
    seasonPeriods: season.periods,
    aggregation: series.aggregation,
    fill: series.fill,
    ...(input.series ? { series: input.series } : {}),
    nonNegative,
    method: bestFamily,
    fitted,
    lastDates: Array.from(series.t.subarray(Math.max(0, series.t.length - Math.max(view.m, 3))), fmt),
    trainedOn: { start: fmt(series.t[0]), end: fmt(lastT), points: series.y.length },
    interval: {
      source: intervalSource,
      levels: [0.8, 0.95],
      sigmas,
      scaleRef: scaleOf(series.y, view.m),
      ...(calibration ? { scale80: calibration.scale80, scale95: calibration.scale95 } : {}),
    },
    backtest: {
      horizon,
      folds: outcome.plan.origins.length,
      selection: selection.by,
      metrics: Object.fromEntries([...results].map(([k, v]) => [k, v.metrics])),
    },
  };
  const modelPath = writeArtifact(input.artifactDir, 'forecastModel', model);
  // One series of several: each row names it first, as the table did (a column 'city' holding 'Seattle').
  const key = input.series?.value != null ? { column: input.series.column, value: input.series.value } : null;
  const csvPath = await writeCsv(
    artifactPath(input.artifactDir, 'forecast'),
    [...(key ? [key.column] : []), 'date', 'prediction', 'lower', 'upper', 'lower_80', 'upper_80'],
    forecast.map((r) => [...(key ? [key.value] : []), r.date, r.prediction, r.lower, r.upper, r.lower80, r.upper80]),
  );
  emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'model-json', path: modelPath } });
  emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'predictions', path: csvPath } });

  const tail = Math.max(0, series.y.length - 400);
  const history = Array.from(series.y.subarray(tail), (v, i) => ({ date: fmt(series.t[tail + i]), value: v }));
  const details: ForecastDetails = {
    frequency: series.freq.label,
    ...(series.freq.weekdays ? { skippedDays: skippedDays(series.freq.weekdays) } : {}),
    ...(horizon !== input.horizon ? { horizonDays: input.horizon } : {}),
    seasonPeriod: view.m,
    seasonPeriods: season.periods,
    seasonalityTested: season.tested,
    points: series.y.length,
    start: model.trainedOn.start,
    end: model.trainedOn.end,
    rowsRead: series.rowsRead,
    duplicatePeriods: series.duplicatePeriods,
    aggregation: series.aggregation,
    ...(input.series ? { series: input.series } : {}),
    gapsFilled: series.gapsFilled,
    fill: series.fill,
    backtest: { horizon, folds: outcome.plan.origins.length },
    selection,
    bestMethod: bestFamily,
    ...(best
      ? {
          bestScores: calibration
            ? { ...best.metrics, coverage80: calibration.coverage80, coverage95: calibration.coverage95 }
            : best.metrics,
        }
      : {}),
    intervalSource,
    intervalCalibrated: calibration !== undefined,
    forecast,
    history,
  };
  const chartData = forecastData(series.t, series.y, forecast, series.freq);
  const score = best ? ` (backtest MASE ${best.metrics.mase.toFixed(3)})` : ' (chosen by AICc)';
  progress.report(1, `Best: ${bestFamily}${score}`);
  return {
    summary: {
      task: 'forecast',
      metric: 'mase',
      leaderboard: rows,
      bestModelId: bestFamily,
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: input.artifactDir,
      diagnostics: {
        forecast: chartData,
        backtestErrors: best ? best.actuals.map((fold, f) => fold.map((a, j) => a - best.preds[f][j])) : [],
        sigmas,
      },
    },
    details,
    artifacts: [
      { name: ARTIFACT_FILES.forecastModel, path: modelPath },
      { name: ARTIFACT_FILES.forecast, path: csvPath },
    ],
    charts: forecastChart(chartData, input.target),
  };
}
