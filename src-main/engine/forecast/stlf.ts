import { checkAborted } from '../analytics/task-result';
import { arima, type ArimaParams } from './arima';
import { ets, type EtsParams } from './ets';
import { lastSeasons, mstl, MSTL_WINDOWS, type MstlResult } from './stl';
import { periodsOf, type ForecastMethod, type ForecastPath, type SeriesView } from './types';

/**
 * forecast::stlf: the series decomposed by STL (MSTL with several seasons: a day and a week of half-hours, a
 * week and a year of days), a non-seasonal model forecasts the seasonally adjusted series, and each season's
 * last cycle is added back. Unlike the fixed profiles of deseason.ts, STL lets a season change over the years.
 */
export interface StlfParams {
  family: 'stlf';
  /** The seasons decomposed (steps, shortest first; each with more than two cycles in the series). */
  periods: number[];
  /** Seasonal span (cycles) per period: forecast::mstl's 11, 15, ... */
  sWindows: number[];
  robust: boolean;
  /** The non-seasonal model of the seasonally adjusted series (ETS by AICc, as forecast::stlf, or ARIMA). */
  inner: EtsParams | ArimaParams;
  /**
   * The other non-seasonal model (ARIMA when `inner` is ETS), fitted to the whole series' adjusted values: the
   * structure the backtest compares.
   */
  other?: EtsParams | ArimaParams;
}

/** The seasons STL can take from this series: more than two cycles of at least two steps. */
function stlPeriods(s: SeriesView): number[] {
  return periodsOf(s).filter((p) => Math.trunc(p) >= 2 && p < s.y.length / 2);
}

/** The series with the seasons removed, as a non-seasonal view; missing values stay marked. */
function decompose(s: SeriesView, periods: number[], sWindows: number[], robust: boolean) {
  const d = mstl(s.y, periods, { sWindows, robust });
  const view: SeriesView = { ...s, y: d.adjusted, m: 1, periods: [] };
  return { d, view };
}

function innerMethod(p: EtsParams | ArimaParams): ForecastMethod<EtsParams> | ForecastMethod<ArimaParams> {
  return p.family === 'ets' ? ets : arima;
}

function innerFit(
  p: EtsParams | ArimaParams,
  view: SeriesView,
  signal: AbortSignal,
  deadline?: number,
): EtsParams | ArimaParams {
  return p.family === 'ets' ? ets.fit(view, signal, deadline, p) : arima.fit(view, signal, deadline, p as ArimaParams);
}

function innerForecast(p: EtsParams | ArimaParams, view: SeriesView, h: number): ForecastPath {
  return p.family === 'ets' ? ets.forecast(p, view, h) : arima.forecast(p as ArimaParams, view, h);
}

function withSeasons(path: ForecastPath, d: MstlResult, h: number): ForecastPath {
  const season = lastSeasons(d, h);
  const plus = (v: Float64Array): Float64Array => Float64Array.from(v, (x, j) => x + season[j]);
  const inner = path.interval;
  return {
    mean: plus(path.mean),
    ...(inner
      ? {
          interval: (level: number) => {
            const b = inner(level);
            return { lower: plus(b.lower), upper: plus(b.upper) };
          },
        }
      : {}),
  };
}

export const stlf: ForecastMethod<StlfParams> = {
  family: 'stlf',
  label: 'STL decomposition + ETS / ARIMA (stlf)',
  applies: (s) => stlPeriods(s).length > 0,
  fit(s, signal, deadline, like) {
    checkAborted(signal);
    const periods = like?.periods ?? stlPeriods(s);
    const sWindows = like?.sWindows ?? MSTL_WINDOWS.slice(0, periods.length);
    const robust = like?.robust ?? false;
    const { view } = decompose(s, periods, sWindows, robust);
    if (like) return { ...like, inner: innerFit(like.inner, view, signal, deadline), other: undefined };
    const inner = ets.fit(view, signal, deadline);
    const other = arima.fit(view, signal, deadline);
    return { family: 'stlf', periods, sWindows, robust, inner, other };
  },
  forecast(p, s, h) {
    const { d, view } = decompose(s, p.periods, p.sWindows, p.robust);
    return withSeasons(innerForecast(p.inner, view, h), d, h);
  },
  // The non-seasonal model of the adjusted series: ETS (forecast::stlf's default) or ARIMA, by the backtest.
  alternatives: (p) => (p.other ? [{ ...p, inner: p.other, other: p.inner }] : []),
  describe: (p) => {
    const inner = innerMethod(p.inner).describe(p.inner as never);
    return {
      model: `STL(${p.periods.join(', ')})${p.robust ? ' robust' : ''} + ${String(inner.model)}`,
      ...(typeof inner.boxcox === 'number' ? { boxcox: inner.boxcox } : {}),
    };
  },
};
