import type { ArimaParams } from './arima';
import type { EtsParams } from './ets';
import type { Frequency } from './frequency';
import type { GbmLagsParams } from './gbm-lags';
import type { ForecastMetrics } from './metrics';
import type { SeasonalNaiveParams } from './seasonal-naive';
import type { StlfParams } from './stlf';
import type { ThetaParams } from './theta';
import type { ForecastChoice } from './types';

export type SingleForecaster = SeasonalNaiveParams | EtsParams | ArimaParams | ThetaParams | GbmLagsParams | StlfParams;

/**
 * Several forecasts made into one: the mean of ETS, ARIMA and Theta (`combination`, the M3/M4 lesson), or
 * the mean of the candidates whose backtest is within 10% of the best (`ensemble`; bundles made before
 * 2026-12-07 hold `combine: 'median'`, which is still honoured).
 */
export interface MeanForecaster {
  family: 'combination' | 'ensemble';
  members: SingleForecaster[];
  /** How the members' forecasts (and interval bounds) are combined; absent in older bundles: the mean. */
  combine?: 'mean' | 'median';
}

export type FittedForecaster = SingleForecaster | MeanForecaster;

/** Backtest scores of one candidate: errors plus the measured coverage of its intervals. */
export type BacktestScores = ForecastMetrics & { coverage80?: number; coverage95?: number };

/**
 * forecast-model.json: everything needed to forecast again from new history without refitting:
 * how to read and regularise the history (columns, frequency, aggregation), the chosen method's
 * fitted parameters, and how its intervals are made.
 */
export interface ForecastModelJson {
  kind: 'forecast';
  version: 2;
  dateColumn: string;
  target: string;
  frequency: Frequency;
  /** Primary seasonal period in steps (1 = none). */
  seasonPeriod: number;
  /** Every seasonal period found (steps, possibly non-integer), shortest first. */
  seasonPeriods: number[];
  aggregation: 'sum' | 'mean';
  fill: 'zero' | 'interpolate';
  /**
   * The series of a table holding several side by side that was forecast: a new history is read the same way (its
   * rows of that series, or every series combined per date). Absent: the table held one series.
   */
  series?: ForecastSeries;
  /** The history never went below zero, so forecasts and lower bounds are clipped at 0. */
  nonNegative: boolean;
  method: ForecastChoice;
  fitted: FittedForecaster;
  /** Last dates of the training history (ISO), newest last; the forecast starts one period after the last. */
  lastDates: string[];
  trainedOn: { start: string; end: string; points: number };
  interval: {
    /** 'model': the fitted model's own error distribution; 'backtest': normal with backtest error sigmas. */
    source: 'model' | 'backtest';
    levels: [0.8, 0.95];
    /** Backtest: forecast-error standard deviation at steps 1..k. */
    sigmas: number[];
    /** Backtest: mean |y| of the last season of the training history; sigmas scale with the new history's. */
    scaleRef: number;
    /**
     * Calibration from the backtest (calibration.ts): per-step factors widening the 80% / 95% bands; absent when
     * the backtest had too few folds (older bundles: none).
     */
    scale80?: number[];
    scale95?: number[];
  };
  backtest: {
    horizon: number;
    folds: number;
    /** How the model was chosen: rolling-origin backtest, or information criteria when the history is too short. */
    selection: 'backtest' | 'aicc';
    metrics: Partial<Record<ForecastChoice, BacktestScores>>;
  };
}

/** Which series of a table holding several side by side was forecast (value null: all of them combined per date). */
export interface ForecastSeries {
  column: string;
  value: string | null;
  combine: 'sum' | 'mean';
  /** How many series the table holds. */
  of: number;
}

export interface ForecastRow {
  date: string;
  prediction: number;
  lower: number;
  upper: number;
  lower80: number;
  upper80: number;
}
