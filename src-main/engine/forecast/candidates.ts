import { CodedError } from '@shared/errors';
import type { LeaderboardRow } from '@shared/project';
import { publishRow } from '../analytics/progress';
import type { ProgressReporter } from '../util/progress';
import { checkAborted, type TaskContext } from '../analytics/task-result';
import { budgetNow } from '../util/budget-clock';
import { BudgetExceeded } from './budget';
import { backtest, combineBacktests, type BacktestPlan, type BacktestResult } from './backtest';
import { COMBINATION_MEMBERS, FORECAST_METHODS, methodFor } from './methods';
import type { BacktestScores, FittedForecaster, SingleForecaster } from './model-json';
import type { ForecastChoice, ForecastFamily, SeriesView } from './types';

export interface CandidateOutcome {
  rows: LeaderboardRow[];
  /** Backtest of every finished candidate (empty when the plan has no folds). */
  results: Map<ForecastChoice, BacktestResult>;
  fitted: Map<ForecastChoice, FittedForecaster>;
  /**
   * Every structure backtested, the alternatives included. `params` is the structure (an alternative is
   * not fitted to the whole series); `whole` the same structure fitted to the whole series, when it was.
   */
  tried: TriedStructure[];
}

export interface TriedStructure {
  params: SingleForecaster;
  whole?: SingleForecaster;
  result: BacktestResult;
}

/**
 * The families whose structures make up the final pool. Harmonic regression is left out: with several
 * Fourier pairs it fits the backtest folds best and then extrapolates worst (measured on the tuning set).
 * stlf joined in session 12 (replayed on the benchmark's dumps with its folds added, its Box-Cox structures included:
 * tuning 1.094 -> 1.075, 7 -> 8 at or below the best peer; validation 1.206 -> 1.202; fresh 1.417 -> 1.418).
 */
export const POOL_FAMILIES: ForecastFamily[] = ['seasonal_naive', 'theta', 'gbm_lags', 'ets', 'stlf', 'arima'];
/**
 * The pool families of a series with a season (`seasonal`), or without one: then no boosted trees. On lags alone,
 * with no season to learn, the trees' recursive forecast cannot follow a trend or a level they never saw (they
 * beat seasonal naive, i.e. naive, in every fold of a trending series and were chosen alone on NelPlo's real GNP:
 * 2.45 MASE against ETS 0.86). Replayed on the benchmark's dumps (rules.ts `noTreesM1`, exact): tuning 1.086
 * unchanged, validation 1.225 -> 1.216 (silver 1.43 -> 1.06; gasprice 0.97 -> 1.09 worse), fresh 1.512 -> 1.417
 * (NelPlo GNP 3.34 -> 1.39, LakeHuron h 5 1.45 -> 1.16, realgdp h 8 2.83 -> 2.35); 8 of 72 series change, 6 better.
 * As the M4 competition found for yearly series: machine-learned models on lags lost to simple statistics.
 */
export function poolFamilies(seasonal: boolean): ForecastFamily[] {
  return seasonal ? POOL_FAMILIES : POOL_FAMILIES.filter((f) => f !== 'gbm_lags');
}
/** Structures within this factor of the best backtest MASE join the pool (one alone is simply chosen). */
export const POOL_RATIO = 1.1;

/**
 * Whether a backtest may be chosen alone. The boosted trees only when they beat seasonal naive in every fold:
 * trees cannot extrapolate a level they never saw, so on a random walk their recursive forecast drifts away,
 * while a lucky fold or two can still give them the lowest mean. They may still join a pool of close
 * candidates (`poolOf`), where the others temper them.
 */
export function selectable(r: BacktestResult, naive: BacktestResult | undefined): boolean {
  if (r.family !== 'gbm_lags') return true;
  if (!naive || naive.perFold.length !== r.perFold.length) return false;
  return r.perFold.every((f, i) => f.mase < naive.perFold[i].mase);
}

/**
 * Series shorter than this choose from a wider pool: every statistical structure tried (harmonic regression and
 * each family's alternatives included, no trees) within SHORT_POOL_RATIO of the best backtest. Their folds train
 * on 30 points or less, so the backtest tells close candidates apart even less than on longer series. On the
 * benchmark's dumps (rules.ts `short60pool2`, exact replays) it changed 5 series of 63, all for the better:
 * tuning 1.088 -> 1.086 (USAccDeaths 1.211 -> 1.155), validation 1.228 -> 1.225 (nhtemp 1.773 -> 1.659), fresh
 * 1.517 -> 1.348 (UKInflation 4.51 -> 1.89, BondYield 2.96 -> 2.03, fdeaths 1.135 -> 1.076). Under 50 points
 * and under 80 did no better; the ETS+ARIMA+Theta mean instead: 1.086 / 1.228 / 1.355.
 */
export const SHORT_SERIES = 60;
export const SHORT_POOL_RATIO = 2;
const SHORT_POOL_FAMILIES: ForecastFamily[] = ['seasonal_naive', 'theta', 'dhr', 'ets', 'arima'];

/** The structures within `ratio` of the best backtest among `list`, best first. */
function closeToBest(list: TriedStructure[], ratio = POOL_RATIO): TriedStructure[] {
  if (list.length === 0) return [];
  const best = Math.min(...list.map((t) => t.result.metrics.mase));
  return list
    .filter((t) => t.result.metrics.mase <= ratio * best + 1e-12)
    .sort((a, b) => a.result.metrics.mase - b.result.metrics.mase);
}

/**
 * Each pool family's best-backtest structure, when it is within POOL_RATIO of the best, best first. One per
 * family: near-copies of one model (ETS with φ estimated at 0.91 and set to 0.9) would otherwise outvote the
 * others in the combination (births: ARIMA + two damped ETS took the ETS path). On the tuning dumps one per family
 * scored a geometric mean over the best peer of 1.087 against 1.103 for every structure (rules.ts familyBest).
 * Boosted trees that are not `selectable` may join a pool but not stand alone (then the pool is made without
 * them): with the mean pool this helped 4 series and cost 2 on the two sets' dumps (GermanUnemployment 2.49 ->
 * 2.08, gasprice 1.09 -> 0.97, DutchSales, nottem; taylor 0.77 -> 0.85, PepperPrice), rules.ts `treesAloneMean`.
 */
export function poolOf(tried: TriedStructure[], points = Infinity, seasonal = true): TriedStructure[] {
  const families = poolFamilies(seasonal);
  if (points < SHORT_SERIES)
    return closeToBest(
      tried.filter((t) => SHORT_POOL_FAMILIES.includes(t.params.family) && Number.isFinite(t.result.metrics.mase)),
      SHORT_POOL_RATIO,
    );
  const naive = tried.find((t) => t.params.family === 'seasonal_naive')?.result;
  const bestOf = new Map<ForecastFamily, TriedStructure>();
  for (const t of tried) {
    const f = t.params.family;
    if (!families.includes(f) || !Number.isFinite(t.result.metrics.mase)) continue;
    const held = bestOf.get(f);
    if (!held || t.result.metrics.mase < held.result.metrics.mase) bestOf.set(f, t);
  }
  const pool = closeToBest([...bestOf.values()]);
  if (pool.length === 1 && !selectable(pool[0].result, naive))
    return closeToBest([...bestOf.values()].filter((t) => t !== pool[0]));
  return pool;
}

/**
 * A short name of a structure: the model's own name when it has one (on the Box-Cox scale when it is: a pool may
 * hold the same ARIMA with and without it), else the method's label.
 */
function describeStructure(p: SingleForecaster): string {
  const method = methodFor(p.family);
  const d = method.describe(p);
  // Methods without a structure string (seasonal naive, boosted trees on lags) go by their label, never their id.
  if (typeof d.model !== 'string') return method.label;
  return typeof d.boxcox === 'number' ? `${d.model} on a Box-Cox scale (λ ${d.boxcox})` : d.model;
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
    if (methodDeadline !== undefined && budgetNow() > methodDeadline) {
      rows.push({
        ...row,
        status: 'out_of_time',
        error: 'The time budget ran out before this method started; a longer budget tries it.',
      });
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
      const own: TriedStructure[] = [{ params, whole: params, result: r }];
      for (const alt of plan.origins.length > 0 ? method.alternatives(params) : []) {
        const ra = backtest(method, view, plan, signal, undefined, methodDeadline, alt);
        const t: TriedStructure = { params: alt, result: ra };
        own.push(t);
        if (ra.metrics.mase < r.metrics.mase) {
          params = method.fit(view, signal, methodDeadline, alt);
          t.whole = params;
          r = ra;
        }
      }
      if (plan.origins.length > 0) tried.push(...own);
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
      const status = err instanceof BudgetExceeded ? 'out_of_time' : 'failed';
      Object.assign(row, { status, error: err instanceof Error ? err.message : String(err) });
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
  // The mean of the structures whose backtest is within 10% of the best: with long horizons the folds
  // overlap and a single winner is often luck, so close candidates are combined rather than picked. The mean,
  // not the median: with two to four members the median follows one member at each step and drops what the
  // others know (three runs of the benchmark's dumps, rules.ts `familyMean`: the mean within 1.15x of the best
  // peer on 2 more validation series, geometric mean 1.237 -> 1.226, tuning unchanged at 1.087).
  const pool = poolOf(tried, view.y.length, view.m > 1);
  if (pool.length >= 2) {
    try {
      const members = pool.map((t) => {
        t.whole ??= methodFor(t.params.family).fit(view, signal, deadline, t.params);
        return t.whole;
      });
      const e = combineBacktests(
        pool.map((t) => t.result),
        'ensemble',
        'mean',
      );
      results.set('ensemble', e);
      fitted.set('ensemble', { family: 'ensemble', members, combine: 'mean' });
      const names = members.map((m) => describeStructure(m));
      const row: LeaderboardRow = {
        modelId: 'ensemble',
        family: 'ensemble',
        label: `Mean of ${names.join(', ')}`,
        params: { members: names.join(' + ') },
        metrics: metricsRecord(e.metrics),
        fitSeconds: e.fitSeconds,
        status: 'done',
      };
      rows.push(row);
      publishRow(emit, rows, row, 'mase');
    } catch (err) {
      if (err instanceof CodedError && err.code === 'cancelled') throw err;
      // Out of time refitting a member: the pool's best single structure stands.
    }
  }
  return { rows, results, fitted, tried };
}
