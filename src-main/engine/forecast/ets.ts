import { checkBudget } from './budget';
import { checkAborted } from '../analytics/task-result';
import { etsForecast, filter, initialStates, type EtsSpec, type SeasonKind, type TrendKind } from './ets-core';
import { logit, nelderMead, sigmoid } from './nelder-mead';
import type { ForecastMethod, SeriesView } from './types';

export interface EtsParams extends EtsSpec {
  family: 'ets';
  /** Corrected AIC of the chosen variant on the fitting series. */
  aicc: number;
}

/** Decodes the unconstrained vector into smoothing parameters inside the usual admissible box. */
function decode(
  x: number[],
  trend: TrendKind,
  season: SeasonKind,
): { alpha: number; beta: number; gamma: number; phi: number } {
  let i = 0;
  const alpha = 0.0001 + 0.9998 * sigmoid(x[i++]);
  const beta = trend !== 'N' ? 0.0001 + 0.9998 * sigmoid(x[i++]) : 0;
  const gamma = season !== 'N' ? (1 - alpha) * sigmoid(x[i++]) : 0;
  const phi = trend === 'Ad' ? 0.8 + 0.18 * sigmoid(x[i++]) : 1;
  return { alpha, beta, gamma, phi };
}

/** Fits one ETS variant by minimising the one-step SSE with Nelder-Mead. */
export function fitVariant(y: Float64Array, m: number, trend: TrendKind, season: SeasonKind): EtsParams {
  const init = initialStates(y, trend, season, m);
  const x0 = [logit(0.3)];
  if (trend !== 'N') x0.push(logit(0.1));
  if (season !== 'N') x0.push(logit(0.1));
  if (trend === 'Ad') x0.push(logit(0.55));
  const sse = (x: number[]): number => {
    const spec = { trend, season, m, ...decode(x, trend, season) };
    return filter(spec, y, { level: init.level, trend: init.trend, season: init.season.slice() });
  };
  let best = nelderMead(sse, x0, { step: 1, maxIter: 150 * x0.length });
  // One restart from the optimum escapes a collapsed simplex.
  best = nelderMead(sse, best.x, { step: 0.5, maxIter: 100 * x0.length });
  const n = y.length;
  const k = x0.length + 1 + (trend !== 'N' ? 1 : 0) + (season !== 'N' ? m - 1 : 0);
  const floor = 1e-12 * n * (1 + variance(y));
  const aic = n * Math.log(Math.max(best.fx, floor) / n) + 2 * (k + 1);
  const aicc = n - k - 2 > 0 ? aic + (2 * (k + 1) * (k + 2)) / (n - k - 2) : Infinity;
  return { family: 'ets', trend, season, m, ...decode(best.x, trend, season), aicc };
}

function variance(y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let s = 0;
  for (const v of y) s += (v - mean) ** 2;
  return s / y.length;
}

/** The variants worth trying on this series, simplest first (ties go to the simpler one). */
export function etsVariants(y: Float64Array, m: number): Array<[TrendKind, SeasonKind]> {
  const trends: TrendKind[] = ['N', 'A', 'Ad'];
  const seasons: SeasonKind[] = m > 1 && y.length >= 2 * m + 2 ? ['N', 'A'] : ['N'];
  if (seasons.length > 1 && y.every((v) => v > 0)) seasons.push('M');
  const out: Array<[TrendKind, SeasonKind]> = [];
  for (const s of seasons) for (const t of trends) out.push([t, s]);
  return out;
}

/** Holt-Winters exponential smoothing: additive or multiplicative season, none/linear/damped trend, chosen by AICc. */
export const ets: ForecastMethod<EtsParams> = {
  family: 'ets',
  label: 'Exponential smoothing (Holt-Winters)',
  fit(s: SeriesView, signal: AbortSignal, deadline?: number): EtsParams {
    let best: EtsParams | null = null;
    for (const [t, se] of etsVariants(s.y, s.m)) {
      checkAborted(signal);
      checkBudget(deadline);
      const p = fitVariant(s.y, s.m, t, se);
      if (!best || p.aicc < best.aicc - 1e-9) best = p;
    }
    return best!;
  },
  forecast(p, s, h) {
    const st = initialStates(s.y, p.trend, p.season, p.m);
    filter(p, s.y, st);
    return etsForecast(p, st, s.y.length, h);
  },
  describe: (p) => ({
    model: `ETS(A,${p.trend},${p.season})`,
    alpha: round(p.alpha),
    ...(p.trend !== 'N' ? { beta: round(p.beta) } : {}),
    ...(p.season !== 'N' ? { gamma: round(p.gamma), season: p.m } : {}),
    ...(p.trend === 'Ad' ? { phi: round(p.phi) } : {}),
  }),
};

const round = (v: number): number => Math.round(v * 1e4) / 1e4;
