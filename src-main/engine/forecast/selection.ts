import type { BacktestResult } from './backtest';
import { poolFamilies, selectable } from './candidates';
import type { FittedForecaster } from './model-json';
import type { ForecastChoice } from './types';

/** How the forecast was chosen, in words when it was not a backtest. */
export interface Selection {
  by: 'backtest' | 'aicc';
  note?: string;
}

/**
 * Picks the forecast among the fitted candidates. With a backtest: the mean of the ETS, ARIMA, Theta,
 * boosted-tree and seasonal-naive structures (each family's best, `poolOf`) whose backtest MASE is within 10%
 * of the best (`ensemble`), or
 * the best of them alone when no other is that close (the trees only when they beat seasonal naive in every
 * fold, `selectable`; never on a series without a season, `poolFamilies`). Without one (history too short for one fold): the
 * combination of ETS, ARIMA and Theta with structures chosen by AICc.
 */
export function chooseForecast(
  results: Map<ForecastChoice, BacktestResult>,
  fitted: Map<ForecastChoice, FittedForecaster>,
  points: number,
  horizon: number,
  seasonal = true,
): { family: ForecastChoice; selection: Selection } {
  if (fitted.has('ensemble') && results.has('ensemble')) return { family: 'ensemble', selection: { by: 'backtest' } };
  const naive = results.get('seasonal_naive');
  const families: ForecastChoice[] = poolFamilies(seasonal);
  const pooled = [...results.values()].filter((r) => families.includes(r.family) && selectable(r, naive));
  const candidates = pooled.length > 0 ? pooled : [...results.values()];
  if (candidates.length > 0) {
    const family = candidates.reduce((a, b) => (b.metrics.mase < a.metrics.mase - 1e-12 ? b : a)).family;
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
