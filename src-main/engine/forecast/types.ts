import type { Frequency } from './frequency';

/** Forecasting model families (also ModelFamily names in @shared/tasks). */
export type ForecastFamily = 'seasonal_naive' | 'ets' | 'arima' | 'gbm_lags';

/** A forecasting method or the average of the two best ones. */
export type ForecastChoice = ForecastFamily | 'ensemble';

/** A regular series as the models see it. */
export interface SeriesView {
  y: Float64Array;
  /** Timestamp (epoch ms) of each y; future dates come from `freq`. */
  t: Float64Array;
  /** Seasonal period in steps (1 = none). */
  m: number;
  freq: Frequency;
}

/**
 * A forecasting method. `fit` returns plain-JSON parameters; `forecast` applies those fixed parameters
 * to any history (the training series, or new history at predict time) and returns the next h values.
 */
export interface ForecastMethod<P extends { family: ForecastFamily }> {
  family: ForecastFamily;
  label: string;
  /** `deadline` (epoch ms, optional): long fits throw BudgetExceeded (./budget) once it has passed. */
  fit(s: SeriesView, signal: AbortSignal, deadline?: number): P;
  forecast(p: P, s: SeriesView, h: number): Float64Array;
  /** Leaderboard params: a few readable numbers and choices. */
  describe(p: P): Record<string, number | string | boolean>;
}
