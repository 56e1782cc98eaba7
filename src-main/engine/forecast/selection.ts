import type { BacktestResult } from './backtest';
import type { FittedForecaster } from './model-json';
import type { ForecastChoice } from './types';

/** How the forecast was chosen, in words when it was not a backtest. */
export interface Selection {
  by: 'backtest' | 'aicc';
  note?: string;
}

/**
 * Picks the forecast among the fitted candidates: the lowest mean backtest MASE; when there is no backtest
 * (history too short for one fold), the combination of ETS, ARIMA and Theta with structures chosen by AICc.
 */
export function chooseForecast(
  results: Map<ForecastChoice, BacktestResult>,
  fitted: Map<ForecastChoice, FittedForecaster>,
  points: number,
  horizon: number,
): { family: ForecastChoice; selection: Selection } {
  if (results.size > 0) {
    const family = [...results.values()].reduce((a, b) => (b.metrics.mase < a.metrics.mase - 1e-12 ? b : a)).family;
    return { family, selection: { by: 'backtest' } };
  }
  const family: ForecastChoice = fitted.has('combination') ? 'combination' : [...fitted.keys()].pop()!;
  return {
    family,
    selection: {
      by: 'aicc',
      note:
        `The history (${points} points) is too short to test a ${horizon}-step forecast on earlier data, ` +
        `so each model was chosen by its AICc and the forecast ${family === 'combination' ? 'averages ETS, ARIMA and Theta' : `uses ${family}`}.`,
    },
  };
}
