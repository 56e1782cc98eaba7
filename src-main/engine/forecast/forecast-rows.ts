import { formatDate, periodDate, type Frequency } from './frequency';
import type { ForecastRow } from './model-json';

/** Mean |y| over the last season (at least 12 points): the level interval widths are tied to. */
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

/** Dated rows with a symmetric normal interval, clipped at zero for non-negative series. */
export function buildRows(
  pred: Float64Array,
  sigmas: number[],
  z: number,
  freq: Frequency,
  lastT: number,
  nonNegative: boolean,
): ForecastRow[] {
  const rows: ForecastRow[] = [];
  for (let j = 0; j < pred.length; j++) {
    const clip = (v: number): number => (nonNegative ? Math.max(0, v) : v);
    const p = clip(pred[j]);
    rows.push({
      date: formatDate(freq, periodDate(freq, lastT, j + 1)),
      prediction: p,
      lower: Math.min(p, clip(pred[j] - z * sigmas[j])),
      upper: pred[j] + z * sigmas[j],
    });
  }
  return rows;
}
