import { arima } from './arima';
import { ets } from './ets';
import { gbmLags } from './gbm-lags';
import type { FittedForecaster } from './model-json';
import { seasonalNaive } from './seasonal-naive';
import type { ForecastFamily, ForecastMethod, SeriesView } from './types';

/** All forecasting methods, cheapest first (a tight budget still gets the cheap ones). */
export const FORECAST_METHODS: Array<ForecastMethod<FittedForecaster>> = [
  seasonalNaive,
  ets,
  arima,
  gbmLags,
] as unknown as Array<ForecastMethod<FittedForecaster>>;

export function methodFor(family: ForecastFamily): ForecastMethod<FittedForecaster> {
  const m = FORECAST_METHODS.find((x) => x.family === family);
  if (!m) throw new Error(`Unknown forecasting method ${family}`);
  return m;
}

/** Forecast with fitted parameters from any history. */
export function forecastWith(fitted: FittedForecaster, s: SeriesView, h: number): Float64Array {
  return methodFor(fitted.family).forecast(fitted, s, h);
}
