import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import { publishRow, type ProgressReporter } from '../analytics/progress';
import { checkAborted, type TaskContext } from '../analytics/task-result';
import { backtest, combineBacktests, type BacktestPlan, type BacktestResult } from './backtest';
import { COMBINATION_MEMBERS, FORECAST_METHODS } from './methods';
import type { BacktestScores, FittedForecaster, SingleForecaster } from './model-json';
import type { ForecastChoice, SeriesView } from './types';

export interface CandidateOutcome {
  rows: LeaderboardRow[];
  /** Backtest of every finished candidate (empty when the plan has no folds). */
  results: Map<ForecastChoice, BacktestResult>;
  fitted: Map<ForecastChoice, FittedForecaster>;
  /**
   * Every structure backtested, the alternatives included (`params` of an alternative is the structure only,
   * not fitted to the whole series unless it won); for the benchmark's analysis of selection rules.
   */
  tried: Array<{ params: SingleForecaster; result: BacktestResult }>;
}

export function metricsRecord(m: BacktestScores): LeaderboardRow['metrics'] {
  return {
    mae: m.mae,
    rmse: m.rmse,
    smape: m.smape,
    mase: m.mase,
    ...(m.mape !== undefined ? { mape: m.mape } : {}),
    ...(m.coverage80 !== undefined ? { coverage_80: m.coverage80, coverage_95: m.coverage95 } : {}),
  };
}

/**
 * Fits every applicable method on the whole series (structure chosen by AICc inside each family), then
 * backtests it on the plan's folds with the same structure; adds the combination of ETS, ARIMA and Theta.
 * The first method (seasonal naive) runs without a deadline so a forecast always exists.
 */
export function runCandidates(
  view: SeriesView,
  plan: BacktestPlan,
  ctx: TaskContext,
  progress: ProgressReporter,
  deadline: number | undefined,
): CandidateOutcome {
  const { signal, emit } = ctx;
  const rows: LeaderboardRow[] = [];
  const results = new Map<ForecastChoice, BacktestResult>();
  const fitted = new Map<ForecastChoice, FittedForecaster>();
  const tried: CandidateOutcome['tried'] = [];
  const methods = FORECAST_METHODS.filter((m) => m.applies(view));
  const share = 0.85 / methods.length;
  methods.forEach((method, i) => {
    const row: LeaderboardRow = {
      modelId: method.family,
      family: method.family,
      label: method.label,
      params: {},
      metrics: {},
      fitSeconds: 0,
      status: 'running',
    };
    const methodDeadline = fitted.size > 0 ? deadline : undefined;
    if (methodDeadline !== undefined && Date.now() > methodDeadline) {
      rows.push({ ...row, status: 'failed', error: 'Skipped: the time budget ran out before this method started.' });
      return;
    }
    checkAborted(signal);
    rows.push(row);
    emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: rows.slice(), metric: 'mase' } });
    const base = 0.05 + share * i;
    const started = Date.now();
    try {
      progress.report(base, `${method.label}: choosing the model`, { modelId: method.family, family: method.family });
      let params = method.fit(view, signal, methodDeadline);
      let r = backtest(
        method,
        view,
        plan,
        signal,
        (done) =>
          progress.report(
            base + share * (done / Math.max(1, plan.origins.length)),
            `${method.label}: fold ${done} of ${plan.origins.length}`,
            {
              modelId: method.family,
              family: method.family,
            },
          ),
        methodDeadline,
        params,
      );
      if (plan.origins.length > 0) tried.push({ params, result: r });
      for (const alt of plan.origins.length > 0 ? method.alternatives(params) : []) {
        const ra = backtest(method, view, plan, signal, undefined, methodDeadline, alt);
        tried.push({ params: alt, result: ra });
        if (ra.metrics.mase < r.metrics.mase) {
          params = method.fit(view, signal, methodDeadline, alt);
          r = ra;
        }
      }
      fitted.set(method.family, params);
      if (plan.origins.length > 0) results.set(method.family, r);
      Object.assign(row, {
        status: 'done',
        metrics: plan.origins.length > 0 ? metricsRecord(r.metrics) : {},
        params: method.describe(params),
        fitSeconds: (Date.now() - started) / 1000,
      });
    } catch (err) {
      if (err instanceof CodedError && err.code === 'cancelled') throw err;
      Object.assign(row, { status: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
    publishRow(emit, rows, row, 'mase');
  });
  if (fitted.size === 0) throw new CodedError('internal', 'No forecasting method could be fitted to this series.');
  const members = COMBINATION_MEMBERS.filter((f) => fitted.has(f));
  if (members.length === COMBINATION_MEMBERS.length) {
    const combination: FittedForecaster = {
      family: 'combination',
      members: members.map((f) => fitted.get(f) as SingleForecaster),
    };
    fitted.set('combination', combination);
    const row: LeaderboardRow = {
      modelId: 'combination',
      family: 'combination',
      label: 'Combination (mean of ETS, ARIMA and Theta)',
      params: { members: members.join(' + ') },
      metrics: {},
      fitSeconds: 0,
      status: 'done',
    };
    if (plan.origins.length > 0) {
      const c = combineBacktests(members.map((f) => results.get(f)!));
      results.set('combination', c);
      row.metrics = metricsRecord(c.metrics);
      row.fitSeconds = c.fitSeconds;
    }
    rows.push(row);
    publishRow(emit, rows, row, 'mase');
  }
  // The mean of the two single methods with the best backtest competes on the same folds.
  const singles = [...results.values()]
    .filter((r) => r.family !== 'combination')
    .sort((a, b) => a.metrics.mase - b.metrics.mase);
  if (singles.length >= 2) {
    const pair = singles.slice(0, 2);
    const e = combineBacktests(pair, 'ensemble');
    results.set('ensemble', e);
    fitted.set('ensemble', { family: 'ensemble', members: pair.map((r) => fitted.get(r.family) as SingleForecaster) });
    const row: LeaderboardRow = {
      modelId: 'ensemble',
      family: 'ensemble',
      label: `Average of ${pair[0].family} and ${pair[1].family}`,
      params: { members: pair.map((r) => r.family).join(' + ') },
      metrics: metricsRecord(e.metrics),
      fitSeconds: e.fitSeconds,
      status: 'done',
    };
    rows.push(row);
    publishRow(emit, rows, row, 'mase');
  }
  return { rows, results, fitted, tried };
}
