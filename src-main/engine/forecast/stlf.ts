import { checkAborted } from '../analytics/task-result';
import { arima, type ArimaParams } from './arima';
import { boxCoxArray, candidateLambda, normalQuantile, pathFromNormal } from './boxcox';
import { shiftPath } from './deseason';
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
  /** Box-Cox λ of the scale decomposed and modelled (null: the original scale); absent in the first bundles. */
  lambda?: number | null;
  /** The non-seasonal model of the seasonally adjusted series (ETS by AICc, as forecast::stlf, or ARIMA). */
  inner: EtsParams | ArimaParams;
  /**
   * The other structures the backtest compares, fitted to the whole series: ARIMA instead of ETS, and with a
   * Box-Cox λ (a season growing with the level) both on that scale.
   */
  others?: Array<{ lambda: number | null; inner: EtsParams | ArimaParams }>;
}

/** The seasons STL can take from this series: more than two cycles of at least two steps. */
function stlPeriods(s: SeriesView): number[] {
  return periodsOf(s).filter((p) => Math.trunc(p) >= 2 && p < s.y.length / 2);
}

/** The series (on the Box-Cox scale of λ) with the seasons removed, as a non-seasonal view; gaps stay marked. */
function decompose(s: SeriesView, p: Pick<StlfParams, 'periods' | 'sWindows' | 'robust' | 'lambda'>) {
  const z = p.lambda == null ? s.y : boxCoxArray(s.y, p.lambda);
  const d = mstl(z, p.periods, { sWindows: p.sWindows, robust: p.robust });
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

/**
 * The inner forecast plus the seasons carried forward. On a Box-Cox scale the sum is normal there with the inner
 * model's spread (read from its 80% band), and goes back as a bias-adjusted mean with transformed bounds.
 */
function withSeasons(path: ForecastPath, d: MstlResult, h: number, lambda: number | null): ForecastPath {
  const season = lastSeasons(d, h);
  const shifted = shiftPath(path, season);
  if (lambda === null || !path.interval) return shifted;
  const b = path.interval(0.8);
  const q = normalQuantile(0.8);
  const sd = Float64Array.from(b.upper, (u, j) => (u - b.lower[j]) / (2 * q));
  return pathFromNormal(shifted.mean, sd, lambda);
}

export const stlf: ForecastMethod<StlfParams> = {
  family: 'stlf',
  label: 'STL decomposition + ETS / ARIMA (stlf)',
  applies: (s) => stlPeriods(s).length > 0,
  fit(s, signal, deadline, like) {
    checkAborted(signal);
    if (like) {
      const { view } = decompose(s, like);
      return { ...like, inner: innerFit(like.inner, view, signal, deadline), others: undefined };
    }
    const periods = stlPeriods(s);
    const base = { periods, sWindows: MSTL_WINDOWS.slice(0, periods.length), robust: false };
    const lam = candidateLambda(s);
    const fits = [null, ...(lam === null ? [] : [lam])].flatMap((lambda) => {
      const { view } = decompose(s, { ...base, lambda });
      return [
        { lambda, inner: ets.fit(view, signal, deadline) as EtsParams | ArimaParams },
        { lambda, inner: arima.fit(view, signal, deadline) },
      ];
    });
    return { family: 'stlf', ...base, ...fits[0], others: fits.slice(1) };
  },
  forecast(p, s, h) {
    const { d, view } = decompose(s, p);
    return withSeasons(innerForecast(p.inner, view, h), d, h, p.lambda ?? null);
  },
  // The non-seasonal model of the adjusted series, ETS (forecast::stlf's default) or ARIMA, and the scale (original
  // or Box-Cox) are decided by the backtest.
  alternatives: (p) => (p.others ?? []).map((o) => ({ ...p, ...o, others: undefined })),
  describe: (p) => {
    const inner = innerMethod(p.inner).describe(p.inner as never);
    return {
      model: `STL(${p.periods.join(', ')})${p.robust ? ' robust' : ''} + ${String(inner.model)}`,
      ...(p.lambda != null ? { boxcox: p.lambda } : typeof inner.boxcox === 'number' ? { boxcox: inner.boxcox } : {}),
    };
  },
};
