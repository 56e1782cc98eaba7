import { arima } from './arima';
import { ets } from './ets';
import { gbmLags } from './gbm-lags';
import type { FittedForecaster, SingleForecaster } from './model-json';
import { seasonalNaive } from './seasonal-naive';
import type { ForecastFamily, ForecastMethod, SeriesView } from './types';

/** All forecasting methods, cheapest first (a tight budget still gets the cheap ones). */
export const FORECAST_METHODS: Array<ForecastMethod<SingleForecaster>> = [
  seasonalNaive,
  ets,
  arima,
  gbmLags,
] as unknown as Array<ForecastMethod<SingleForecaster>>;

export function methodFor(family: ForecastFamily): ForecastMethod<SingleForecaster> {
  const m = FORECAST_METHODS.find((x) => x.family === family);
  if (!m) throw new Error(`Unknown forecasting method ${family}`);
  return m;
}

/** Forecast with fitted parameters from any history. */
export function forecastWith(fitted: FittedForecaster, s: SeriesView, h: number): Float64Array {
  if (fitted.family !== 'ensemble') return methodFor(fitted.family).forecast(fitted, s, h);
  const out = new Float64Array(h);
  for (const m of fitted.members) {
    const f = forecastWith(m, s, h);
    for (let j = 0; j < h; j++) out[j] += f[j] / fitted.members.length;
  }
  return out;
}
