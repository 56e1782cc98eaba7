import { checkBudget } from './budget';
import { checkAborted } from '../analytics/task-result';
import { armaForecast, cssResiduals, difference, expand, integrate, kpss, pacfToAr } from './arima-core';
import { nelderMead } from './nelder-mead';
import type { ForecastMethod, SeriesView } from './types';

export interface ArimaParams {
  family: 'arima';
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  m: number;
  ar: number[];
  ma: number[];
  sar: number[];
  sma: number[];
  /** Mean of the differenced series (a drift when d + D = 1); 0 when not estimated. */
  mean: number;
  includeMean: boolean;
  aic: number;
}

/** Recent points used for fitting: CSS on more data costs time and gains little. */
const MAX_FIT = 1500;

/** Differencing orders: D = 1 for a seasonal series, then d from KPSS (at most 2 in total). */
export function chooseDifferencing(y: Float64Array, m: number): { d: number; D: number } {
  const D = m > 1 && y.length >= 3 * m ? 1 : 0;
  let d = 0;
  let w = difference(y, { d: 0, D, m });
  while (d + D < 2 && w.length > 10 && kpss(w) > 0.463) {
    d++;
    w = difference(y, { d, D, m });
  }
  return { d, D };
}

function unpack(x: number[], o: { p: number; q: number; P: number; Q: number; includeMean: boolean }, scale: number) {
  let i = 0;
  const take = (k: number): number[] => x.slice(i, (i += k));
  const ar = pacfToAr(take(o.p));
  const ma = pacfToAr(take(o.q)).map((v) => -v);
  const sar = pacfToAr(take(o.P));
  const sma = pacfToAr(take(o.Q)).map((v) => -v);
  const mean = o.includeMean ? x[i] * scale : 0;
  return { ar, ma, sar, sma, mean };
}

/** Mean and standard deviation (1 when flat) of the differenced series: parameters are fitted on this scale. */
function meanScale(w: Float64Array): { mu: number; scale: number } {
  let mu = 0;
  for (const v of w) mu += v / w.length;
  let sd = 0;
  for (const v of w) sd += (v - mu) ** 2 / w.length;
  return { mu, scale: Math.sqrt(sd) || 1 };
}

function fitOrder(
  w: Float64Array,
  p: number,
  q: number,
  P: number,
  Q: number,
  m: number,
  includeMean: boolean,
): { x: number[]; sse: number; aic: number; nEff: number } {
  const { mu, scale } = meanScale(w);
  const o = { p, q, P, Q, includeMean };
  const e = new Float64Array(w.length);
  const k = p + q + P + Q + (includeMean ? 1 : 0);
  const x0 = new Array<number>(k).fill(0);
  if (includeMean) x0[k - 1] = mu / scale;
  const objective = (x: number[]): number => {
    const u = unpack(x, o, scale);
    return cssResiduals(
      w,
      u.mean,
      expand(u.ar, u.sar, m),
      expand(
        u.ma.map((v) => -v),
        u.sma.map((v) => -v),
        m,
      ).map((v) => -v),
      e,
    );
  };
  let res = k > 0 ? nelderMead(objective, x0, { step: 0.3, maxIter: 120 * k }) : { x: [], fx: objective([]) };
  // A restart from the optimum gets out of a collapsed simplex (cheap next to the first search).
  if (k > 1) res = nelderMead(objective, res.x, { step: 0.1, maxIter: 60 * k });
  const nEff = w.length - (p + P * m);
  const aic = nEff * Math.log(Math.max(res.fx, 1e-300) / nEff) + 2 * (k + 1);
  return { x: res.x, sse: res.fx, aic, nEff };
}

const ORDERS: Array<[number, number]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 0],
  [0, 2],
  [2, 1],
  [1, 2],
  [2, 2],
];

/** Seasonal ARIMA fitted by conditional sum of squares; orders by AIC over a small grid (auto-ARIMA-lite). */
export const arima: ForecastMethod<ArimaParams> = {
  family: 'arima',
  label: 'Seasonal ARIMA',
  fit(s: SeriesView, signal: AbortSignal, deadline?: number): ArimaParams {
    const y = s.y.length > MAX_FIT ? s.y.subarray(s.y.length - MAX_FIT) : s.y;
    const m = s.m;
    const { d, D } = chooseDifferencing(y, m);
    const w = difference(y, { d, D, m });
    const seasonal: Array<[number, number]> =
      m > 1
        ? [
            [0, 0],
            [1, 0],
            [0, 1],
            [1, 1],
          ]
        : [[0, 0]];
    let best: ArimaParams | null = null;
    // A mean (drift after one difference) is tried with and without: forecast::auto.arima does the same.
    const means = d + D <= 1 ? [true, false] : [false];
    for (const [P, Q] of seasonal) {
      for (const [p, q] of ORDERS)
        for (const includeMean of means) {
          checkAborted(signal);
          checkBudget(deadline);
          if (w.length <= p + P * m + 10) continue;
          const f = fitOrder(w, p, q, P, Q, m, includeMean);
          if (best && f.aic >= best.aic) continue;
          const u = unpack(f.x, { p, q, P, Q, includeMean }, meanScale(w).scale);
          best = { family: 'arima', p, d, q, P, D, Q, m, ...u, includeMean, aic: f.aic };
        }
    }
    return best!;
  },
  forecast(p, s, h) {
    const diff = { d: p.d, D: p.D, m: p.m };
    const w = difference(s.y, diff);
    const ar = expand(p.ar, p.sar, p.m);
    const ma = expand(
      p.ma.map((v) => -v),
      p.sma.map((v) => -v),
      p.m,
    ).map((v) => -v);
    const e = new Float64Array(w.length);
    cssResiduals(w, p.mean, ar, ma, e);
    return integrate(s.y, armaForecast(w, e, p.mean, ar, ma, h), diff);
  },
  describe: (p) => ({
    model: `ARIMA(${p.p},${p.d},${p.q})${p.m > 1 ? `(${p.P},${p.D},${p.Q})[${p.m}]` : ''}`,
    ...(p.includeMean ? { mean: Number(p.mean.toPrecision(4)) } : {}),
    aic: Math.round(p.aic * 10) / 10,
  }),
};
