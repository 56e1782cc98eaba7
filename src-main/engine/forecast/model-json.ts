import type { EtsParams } from './ets';
import type { Frequency } from './frequency';
import type { ForecastMetrics } from './metrics';
import type { SeasonalNaiveParams } from './seasonal-naive';
import type { ForecastChoice } from './types';
import type { ArimaParams } from './arima';
import type { GbmLagsParams } from './gbm-lags';

export type SingleForecaster = SeasonalNaiveParams | EtsParams | ArimaParams | GbmLagsParams;

/** Mean of the members' forecasts (the two methods with the best backtest). */
export interface EnsembleForecaster {
  family: 'ensemble';
  members: SingleForecaster[];
}

export type FittedForecaster = SingleForecaster | EnsembleForecaster;

/**
 * forecast-model.json: everything needed to forecast again from new history without refitting:
 * how to read and regularise the history (columns, frequency, aggregation), the chosen method's
 * fitted parameters, and the interval widths per step.
 */
export interface ForecastModelJson {
  kind: 'forecast';
  version: 1;
  dateColumn: string;
  target: string;
  frequency: Frequency;
  /** Seasonal period in steps (1 = none). */
  seasonPeriod: number;
  aggregation: 'sum' | 'mean';
  fill: 'zero' | 'interpolate';
  /** The history never went below zero, so forecasts and lower bounds are clipped at 0. */
  nonNegative: boolean;
  method: ForecastChoice;
  fitted: FittedForecaster;
  /** Last dates of the training history (ISO), newest last; the forecast starts one period after the last. */
  lastDates: string[];
  trainedOn: { start: string; end: string; points: number };
  interval: {
    /** Coverage of [lower, upper]. */
    level: number;
    z: number;
    /** Forecast-error standard deviation at steps 1..k (from the rolling-origin backtest). */
    sigmas: number[];
    /** Mean |y| of the last season of the training history; sigmas scale with the new history's value. */
    scaleRef: number;
  };
  backtest: { horizon: number; folds: number; metrics: Partial<Record<ForecastChoice, ForecastMetrics>> };
}

export interface ForecastRow {
  date: string;
  prediction: number;
  lower: number;
  upper: number;
}
