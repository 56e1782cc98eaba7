import type { Frequency } from './frequency';

/** Forecasting model families (also ModelFamily names in @shared/tasks). */
export type ForecastFamily = 'seasonal_naive' | 'ets' | 'arima' | 'dhr' | 'theta' | 'gbm_lags' | 'stlf';

/**
 * A single method, the mean of ETS, ARIMA and Theta (`combination`), or the mean of the two candidates
 * with the best backtest (`ensemble`).
 */
export type ForecastChoice = ForecastFamily | 'combination' | 'ensemble';

/** A regular series as the models see it. */
export interface SeriesView {
  /** Values on the regular grid; gaps are filled (see `missing`). */
  y: Float64Array;
  /** Timestamp (epoch ms) of each y; future dates come from `freq`. */
  t: Float64Array;
  /** Primary seasonal period in whole steps (1 = none). */
  m: number;
  /**
   * Every seasonal period found, shortest first, possibly non-integer (365.25 days); empty = none.
   * Absent means [m] when m > 1.
   */
  periods?: number[];
  /** 1 where y had no value and was filled: models with a likelihood skip these points. */
  missing?: Uint8Array;
  freq: Frequency;
}

/** Seasonal periods of a view (`periods`, else the primary one). */
export function periodsOf(s: SeriesView): number[] {
  return s.periods ?? (s.m > 1 ? [s.m] : []);
}

/** A forecast path: means, and intervals when the model gives a distribution. */
export interface ForecastPath {
  mean: Float64Array;
  /** Central prediction interval at `level` (0.8, 0.95) from the model's own error distribution. */
  interval?(level: number): { lower: Float64Array; upper: Float64Array };
}

/**
 * A forecasting method. `fit` returns plain-JSON parameters; `forecast` applies those fixed parameters
 * to any history (the training series, or new history at predict time) and returns the next h values.
 */
export interface ForecastMethod<P extends { family: ForecastFamily }> {
  family: ForecastFamily;
  label: string;
  /** Whether the method applies to this series (e.g. dhr needs a season). */
  applies?(s: SeriesView): boolean;
  /**
   * `deadline` (epoch ms, optional): long fits throw BudgetExceeded (./budget) once it has passed.
   * `like`: parameters fitted on the whole series; the backtest refits the same structure (orders,
   * harmonics, transformation, ETS type) on each fold instead of searching again.
   */
  fit(s: SeriesView, signal: AbortSignal, deadline?: number, like?: P): P;
  forecast(p: P, s: SeriesView, h: number): ForecastPath;
  /**
   * Alternatives to a fitted structure that the backtest, not the information criterion, decides between
   * (a Box-Cox transformation or none). Each is refitted like `like` when it wins.
   */
  alternatives?(p: P): P[];
  /** Leaderboard params: a few readable numbers and choices. */
  describe(p: P): Record<string, number | string | boolean>;
}
