import { arima, dhr, type ArimaParams } from './arima';
import { ets, type EtsParams } from './ets';
import { gbmLags, type GbmLagsParams } from './gbm-lags';
import { combineValues, pooledBounds } from './metrics';
import type { FittedForecaster, MeanForecaster, SingleForecaster } from './model-json';
import { seasonalNaive, type SeasonalNaiveParams } from './seasonal-naive';
import { stlf, type StlfParams } from './stlf';
import { theta, type ThetaParams } from './theta';
import type { ForecastFamily, ForecastMethod, ForecastPath, SeriesView } from './types';

/** A method over the union of fitted parameter types (one dispatch point for every family). */
export interface AnyMethod {
  family: ForecastFamily;
  label: string;
  applies(s: SeriesView): boolean;
  fit(s: SeriesView, signal: AbortSignal, deadline?: number, like?: SingleForecaster): SingleForecaster;
  forecast(p: SingleForecaster, s: SeriesView, h: number): ForecastPath;
  alternatives(p: SingleForecaster): SingleForecaster[];
  describe(p: SingleForecaster): Record<string, number | string | boolean>;
}

function wrap<P extends SingleForecaster>(m: ForecastMethod<P>, is: (p: SingleForecaster) => p is P): AnyMethod {
  const own = (p: SingleForecaster): P => {
    if (!is(p)) throw new Error(`Parameters of ${p.family} given to ${m.family}.`);
    return p;
  };
  return {
    family: m.family,
    label: m.label,
    applies: (s) => m.applies?.(s) ?? true,
    fit: (s, signal, deadline, like) => m.fit(s, signal, deadline, like ? own(like) : undefined),
    forecast: (p, s, h) => m.forecast(own(p), s, h),
    alternatives: (p) => m.alternatives?.(own(p)) ?? [],
    describe: (p) => m.describe(own(p)),
  };
}

/** All forecasting methods, cheapest first (a tight budget still gets the cheap ones). */
export const FORECAST_METHODS: AnyMethod[] = [
  wrap(seasonalNaive, (p): p is SeasonalNaiveParams => p.family === 'seasonal_naive'),
  wrap(theta, (p): p is ThetaParams => p.family === 'theta'),
  wrap(gbmLags, (p): p is GbmLagsParams => p.family === 'gbm_lags'),
  wrap(dhr, (p): p is ArimaParams => p.family === 'dhr'),
  wrap(ets, (p): p is EtsParams => p.family === 'ets'),
  wrap(stlf, (p): p is StlfParams => p.family === 'stlf'),
  wrap(arima, (p): p is ArimaParams => p.family === 'arima'),
];

/**
 * The members of the combination candidate (M4: combinations of simple statistical models win). Not stlf: with it
 * the combination's holdout MASE on the benchmark series where stlf applies was 1.024x (tuning), 1.021x
 * (validation) and 1.008x (fresh) that of ETS + ARIMA + Theta.
 */
export const COMBINATION_MEMBERS: ForecastFamily[] = ['ets', 'arima', 'theta'];

export function methodFor(family: ForecastFamily): AnyMethod {
  const m = FORECAST_METHODS.find((x) => x.family === family);
  if (!m) throw new Error(`Unknown forecasting method ${family}`);
  return m;
}

/**
 * Mean (or median) of several paths; interval bounds combined the same way (quantile averaging), or by
 * `pooledBounds` when only some members have an interval.
 */
export function averagePaths(paths: ForecastPath[], how: 'mean' | 'median' = 'mean'): ForecastPath {
  const h = paths[0].mean.length;
  const avg = (get: (p: ForecastPath) => Float64Array): Float64Array => {
    const cols = paths.map(get);
    return Float64Array.from({ length: h }, (_, j) =>
      combineValues(
        cols.map((c) => c[j]),
        how,
      ),
    );
  };
  const mean = avg((p) => p.mean);
  const banded = paths.filter((p) => p.interval);
  if (banded.length === 0) return { mean };
  if (banded.length === paths.length)
    return {
      mean,
      interval: (level: number) => {
        const bands = paths.map((p) => p.interval!(level));
        return {
          lower: avg((p) => bands[paths.indexOf(p)].lower),
          upper: avg((p) => bands[paths.indexOf(p)].upper),
        };
      },
    };
  // Some members without an interval (boosted trees): the others' band widths around the pool's forecast.
  return {
    mean,
    interval: (level: number) => {
      const bands = paths.map((p) => p.interval?.(level));
      const lower = new Float64Array(h);
      const upper = new Float64Array(h);
      for (let j = 0; j < h; j++) {
        const b = pooledBounds(
          mean[j],
          paths.map((p, i) => ({ mean: p.mean[j], lower: bands[i]?.lower[j], upper: bands[i]?.upper[j] })),
        );
        lower[j] = b.lower;
        upper[j] = b.upper;
      }
      return { lower, upper };
    },
  };
}

/** Forecast with fitted parameters from any history. */
export function forecastWith(fitted: FittedForecaster, s: SeriesView, h: number): ForecastPath {
  if (isMean(fitted))
    return averagePaths(
      fitted.members.map((m) => forecastWith(m, s, h)),
      fitted.combine ?? 'mean',
    );
  return methodFor(fitted.family).forecast(fitted, s, h);
}

export function isMean(p: FittedForecaster): p is MeanForecaster {
  return p.family === 'combination' || p.family === 'ensemble';
}
