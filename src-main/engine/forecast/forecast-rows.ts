import { normalQuantile } from './boxcox';
import { formatDate, periodDate, type Frequency } from './frequency';
import type { ForecastRow } from './model-json';
import type { ForecastPath } from './types';

/** Mean |y| over the last season (at least 12 points): the level backtest interval widths are tied to. */
export function scaleOf(y: Float64Array, m: number): number {
  const k = Math.min(y.length, Math.max(m, 12));
  let s = 0;
  for (let i = y.length - k; i < y.length; i++) s += Math.abs(y[i]);
  return s / Math.max(1, k);
}

/** Extends per-step sigmas to any horizon (square-root growth past the known steps). */
export function sigmasFor(known: number[], horizon: number): number[] {
  const out: number[] = [];
  const h = known.length;
  for (let j = 0; j < horizon; j++) out.push(j < h ? known[j] : (known[h - 1] ?? 0) * Math.sqrt((j + 1) / h));
  return out;
}

/** Band calibration (calibration.ts): per-step factors on the distance between the forecast and each bound. */
export interface BandScale {
  scale80: number[];
  scale95: number[];
}

/** Factors for `h` steps: the backtest's, the last one carried past the backtest horizon; 1 without any. */
export function scaleFor(known: number[] | undefined, h: number): number[] {
  if (!known || known.length === 0) return Array.from({ length: h }, () => 1);
  return Array.from({ length: h }, (_, j) => known[Math.min(j, known.length - 1)]);
}

export interface Bands {
  lower80: Float64Array;
  upper80: Float64Array;
  lower95: Float64Array;
  upper95: Float64Array;
}

/**
 * 80% and 95% bands: the model's own intervals when it has them, else normal bands with the
 * backtest error sigmas (per step) around the mean; with `scale` (calibration.ts) each step's distance
 * between the forecast and a bound is multiplied by that step's factor.
 */
export function bandsOf(path: ForecastPath, sigmas: number[], h: number, scale?: BandScale): Bands {
  const s80 = scaleFor(scale?.scale80, h);
  const s95 = scaleFor(scale?.scale95, h);
  const stretch = (bound: Float64Array, s: number[]): Float64Array =>
    Float64Array.from(bound, (b, j) => path.mean[j] + s[j] * (b - path.mean[j]));
  if (path.interval) {
    const b80 = path.interval(0.8);
    const b95 = path.interval(0.95);
    return {
      lower80: stretch(b80.lower, s80),
      upper80: stretch(b80.upper, s80),
      lower95: stretch(b95.lower, s95),
      upper95: stretch(b95.upper, s95),
    };
  }
  const sd = sigmasFor(sigmas, h);
  const around = (q: number, s: number[]): Float64Array =>
    Float64Array.from(path.mean, (v, j) => v + q * s[j] * (sd[j] ?? 0));
  const q80 = normalQuantile(0.8);
  const q95 = normalQuantile(0.95);
  return {
    lower80: around(-q80, s80),
    upper80: around(q80, s80),
    lower95: around(-q95, s95),
    upper95: around(q95, s95),
  };
}

/** Dated rows, clipped at zero for non-negative series (the prediction always inside its bands). */
export function buildRows(
  mean: Float64Array,
  b: Bands,
  freq: Frequency,
  lastT: number,
  nonNegative: boolean,
): ForecastRow[] {
  const clip = (v: number): number => (nonNegative ? Math.max(0, v) : v);
  const rows: ForecastRow[] = [];
  for (let j = 0; j < mean.length; j++) {
    const p = clip(mean[j]);
    rows.push({
      date: formatDate(freq, periodDate(freq, lastT, j + 1)),
      prediction: p,
      lower: Math.min(p, clip(b.lower95[j])),
      upper: Math.max(p, b.upper95[j]),
      lower80: Math.min(p, clip(b.lower80[j])),
      upper80: Math.max(p, b.upper80[j]),
    });
  }
  return rows;
}
