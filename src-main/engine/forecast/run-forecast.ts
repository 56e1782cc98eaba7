import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import { ProgressReporter, publishRow } from '../analytics/progress';
import { writeCsv } from '../analytics/csv-out';
import { checkAborted, type TaskContext, type TaskResult } from '../analytics/task-result';
import { backtest, combineBacktests, planBacktest, stepSigmas, type BacktestResult } from './backtest';
import { forecastChart, forecastData } from './forecast-chart';
import { buildRows, scaleOf, sigmasFor } from './forecast-rows';
import { formatDate } from './frequency';
import { FORECAST_METHODS, forecastWith } from './methods';
import type { ForecastMetrics } from './metrics';
import type { FittedForecaster, ForecastModelJson, ForecastRow, SingleForecaster } from './model-json';
import { detectSeasonality } from './seasonality';
import { loadSeries } from './series';
import type { ForecastChoice, SeriesView } from './types';
import { ARTIFACT_FILES } from '../artifacts/files';
import { artifactPath, writeArtifact } from '../artifacts/store';

export { forecastFromHistory } from './forecast-from-history';
export type { ForecastModelJson, ForecastRow } from './model-json';

export interface ForecastInput {
  dataPath: string;
  date: string;
  target: string;
  /** Steps ahead, in the data's own periods. */
  horizon: number;
  /**
   * Wall-clock budget for the whole run. Fitting stops at the deadline (between folds, ARIMA orders, boosting
   * rounds); unfinished methods become 'failed' rows. Seasonal naive always runs so a forecast exists.
   */
  budgetSeconds?: number;
  artifactDir: string;
}

/** What the review panel and report show for a forecast. */
export interface ForecastDetails {
  frequency: string;
  seasonPeriod: number;
  seasonalityTested: Array<{ period: number; acf: number }>;
  points: number;
  start: string;
  end: string;
  rowsRead: number;
  duplicatePeriods: number;
  aggregation: 'sum' | 'mean';
  gapsFilled: number;
  fill: 'zero' | 'interpolate';
  backtest: { horizon: number; folds: number };
  bestMethod: ForecastChoice;
  forecast: ForecastRow[];
  /** The last points of the history (at most 400) for the chart. */
  history: Array<{ date: string; value: number }>;
}

const Z95 = 1.959964;

/**
 * Absolute deadline (epoch ms) for model fitting, or undefined without a budget. A small share of the
 * budget (5%, at most 1 s) is kept back for the final forecast and the artifact files.
 */
export function budgetDeadline(startedAt: number, budgetSeconds: number | undefined): number | undefined {
  if (budgetSeconds === undefined || !Number.isFinite(budgetSeconds) || budgetSeconds <= 0) return undefined;
  return startedAt + 1000 * (budgetSeconds - Math.min(0.05 * budgetSeconds, 1));
}

function metricsRecord(m: ForecastMetrics): LeaderboardRow['metrics'] {
  return { mae: m.mae, rmse: m.rmse, smape: m.smape, mase: m.mase, ...(m.mape !== undefined ? { mape: m.mape } : {}) };
}

/** Fits every forecasting method, picks the best by rolling-origin MASE, forecasts `horizon` steps with 95% intervals. */
export async function runForecast(input: ForecastInput, ctx: TaskContext): Promise<TaskResult<ForecastDetails>> {
  const { signal, emit } = ctx;
  const startedAt = Date.now();
  if (!Number.isInteger(input.horizon) || input.horizon < 1 || input.horizon > 100_000) {
    throw new CodedError(
      'invalid-input',
      `Horizon must be a whole number of periods of at least 1 (got ${input.horizon}).`,
    );
  }
  const progress = new ProgressReporter(emit);
  progress.report(0, 'Reading the series');
  const series = await loadSeries(input.dataPath, input.date, input.target);
  checkAborted(signal);
  const season = detectSeasonality(series.y, series.freq);
  const view: SeriesView = { y: series.y, t: series.t, m: season.period, freq: series.freq };
  const plan = planBacktest(series.y.length, input.horizon, view.m);
  progress.report(0.05, `${series.freq.label} series, ${series.y.length} points, season ${view.m}`);

  const rows: LeaderboardRow[] = [];
  const results = new Map<ForecastChoice, BacktestResult>();
  const lastParams = new Map<ForecastChoice, FittedForecaster>();
  const methods = FORECAST_METHODS;
  const deadline = budgetDeadline(startedAt, input.budgetSeconds);
  for (let i = 0; i < methods.length; i++) {
    const method = methods[i];
    const row: LeaderboardRow = {
      modelId: method.family,
      family: method.family,
      label: method.label,
      params: {},
      metrics: {},
      fitSeconds: 0,
      status: 'running',
    };
    // The first (cheapest) method always runs without a deadline so that a forecast exists.
    const methodDeadline = results.size > 0 ? deadline : undefined;
    if (methodDeadline !== undefined && Date.now() > methodDeadline) {
      rows.push({ ...row, status: 'failed', error: 'Skipped: the time budget ran out before this method started.' });
      continue;
    }
    checkAborted(signal);
    rows.push(row);
    emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: rows.slice(), metric: 'mase' } });
    try {
      const base = 0.05 + (0.85 * i) / methods.length;
      const r = backtest(
        method,
        view,
        plan,
        signal,
        (done) =>
          progress.report(
            base + (0.85 / methods.length) * (done / plan.origins.length),
            `${method.label}: fold ${done} of ${plan.origins.length}`,
            { modelId: method.family, family: method.family },
          ),
        methodDeadline,
      );
      const fitted = method.fit(view, signal, methodDeadline);
      results.set(method.family, r);
      lastParams.set(method.family, fitted);
      Object.assign(row, {
        status: 'done',
        metrics: metricsRecord(r.metrics),
        params: method.describe(fitted),
        fitSeconds: r.fitSeconds,
      });
    } catch (err) {
      if (err instanceof CodedError && err.code === 'cancelled') throw err;
      Object.assign(row, { status: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
    publishRow(emit, rows, row, 'mase');
  }
  if (results.size === 0) throw new CodedError('internal', 'No forecasting method could be fitted to this series.');
  // Averaging the two best methods often beats either (forecast combination); it competes on the same folds.
  const ranked = [...results.values()].sort((a, b) => a.metrics.mase - b.metrics.mase);
  if (ranked.length >= 2) {
    const [a, b] = ranked;
    const combined = combineBacktests(a, b);
    results.set('ensemble', combined);
    lastParams.set('ensemble', {
      family: 'ensemble',
      members: [lastParams.get(a.family) as SingleForecaster, lastParams.get(b.family) as SingleForecaster],
    });
    const row: LeaderboardRow = {
      modelId: 'ensemble',
      family: 'ensemble',
      label: `Average of ${a.family} and ${b.family}`,
      params: { members: `${a.family} + ${b.family}` },
      metrics: metricsRecord(combined.metrics),
      fitSeconds: combined.fitSeconds,
      status: 'done',
    };
    rows.push(row);
    publishRow(emit, rows, row, 'mase');
  }
  const best = [...results.values()].reduce((a, b) => (b.metrics.mase < a.metrics.mase - 1e-12 ? b : a));
  const fitted = lastParams.get(best.family)!;

  progress.report(0.92, 'Forecasting');
  const nonNegative = series.y.every((v) => v >= 0);
  const sigmas = stepSigmas(best.errors, input.horizon);
  const pred = forecastWith(fitted, view, input.horizon);
  const lastT = series.t[series.t.length - 1];
  const forecast = buildRows(pred, sigmasFor(sigmas, input.horizon), Z95, series.freq, lastT, nonNegative);

  const fmt = (t: number): string => formatDate(series.freq, t);
  const model: ForecastModelJson = {
    kind: 'forecast',
    version: 1,
    dateColumn: input.date,
    target: input.target,
    frequency: series.freq,
    seasonPeriod: view.m,
    aggregation: series.aggregation,
    fill: series.fill,
    nonNegative,
    method: best.family,
    fitted,
    lastDates: Array.from(series.t.subarray(Math.max(0, series.t.length - Math.max(view.m, 3))), fmt),
    trainedOn: { start: fmt(series.t[0]), end: fmt(lastT), points: series.y.length },
    interval: { level: 0.95, z: Z95, sigmas, scaleRef: scaleOf(series.y, view.m) },
    backtest: {
      horizon: plan.horizon,
      folds: plan.origins.length,
      metrics: Object.fromEntries([...results].map(([k, v]) => [k, v.metrics])),
    },
  };
  const modelPath = writeArtifact(input.artifactDir, 'forecastModel', model);
  const csvPath = await writeCsv(
    artifactPath(input.artifactDir, 'forecast'),
    ['date', 'prediction', 'lower', 'upper'],
    forecast.map((r) => [r.date, r.prediction, r.lower, r.upper]),
  );
  emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'model-json', path: modelPath } });
  emit({ type: 'ARTIFACT_ADDED', payload: { kind: 'predictions', path: csvPath } });

  const tail = Math.max(0, series.y.length - 400);
  const history = Array.from(series.y.subarray(tail), (v, i) => ({ date: fmt(series.t[tail + i]), value: v }));
  const details: ForecastDetails = {
    frequency: series.freq.label,
    seasonPeriod: view.m,
    seasonalityTested: season.tested,
    points: series.y.length,
    start: model.trainedOn.start,
    end: model.trainedOn.end,
    rowsRead: series.rowsRead,
    duplicatePeriods: series.duplicatePeriods,
    aggregation: series.aggregation,
    gapsFilled: series.gapsFilled,
    fill: series.fill,
    backtest: { horizon: plan.horizon, folds: plan.origins.length },
    bestMethod: best.family,
    forecast,
    history,
  };
  const chartData = forecastData(series.t, series.y, forecast, series.freq);
  progress.report(1, `Best: ${best.family} (MASE ${best.metrics.mase.toFixed(3)})`);
  return {
    summary: {
      task: 'forecast',
      metric: 'mase',
      leaderboard: rows,
      bestModelId: best.family,
      elapsedSeconds: progress.elapsedSeconds(),
      cancelled: false,
      artifactDir: input.artifactDir,
      diagnostics: { forecast: chartData, backtestErrors: best.errors, sigmas },
    },
    details,
    artifacts: [
      { name: ARTIFACT_FILES.forecastModel, path: modelPath },
      { name: ARTIFACT_FILES.forecast, path: csvPath },
    ],
    charts: forecastChart(chartData, input.target),
  };
}
