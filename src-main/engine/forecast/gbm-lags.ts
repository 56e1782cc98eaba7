import { checkAborted } from '../analytics/task-result';
import { periodDate, type Frequency } from './frequency';
import { fitGbm, predictGbm, type GbmModel } from './gbm-lite';
import type { ForecastMethod, SeriesView } from './types';

export interface GbmLagsParams {
  family: 'gbm_lags';
  /** Lags (in steps) of the differenced series used as features. */
  lags: number[];
  /** Calendar parts used as features. */
  calendar: Array<'month' | 'dayofweek' | 'hour' | 'dayofyear' | 'quarter'>;
  m: number;
  model: GbmModel;
}

/** Rows used for fitting: the most recent ones. */
const MAX_ROWS = 3000;

function lagsFor(m: number): number[] {
  const set = new Set([1, 2, 3]);
  if (m > 1) for (const l of [m - 1, m, m + 1, 2 * m]) if (l > 0) set.add(l);
  return [...set].sort((a, b) => a - b);
}

function calendarFor(f: Frequency): GbmLagsParams['calendar'] {
  switch (f.unit) {
    case 'minute':
    case 'hour':
      return ['hour', 'dayofweek'];
    case 'day':
      return ['dayofweek', 'dayofyear', 'month'];
    case 'week':
      return ['dayofyear', 'month'];
    case 'month':
      return ['month'];
    case 'quarter':
      return ['quarter'];
    default:
      return [];
  }
}

function calendarValue(part: GbmLagsParams['calendar'][number], t: number): number {
  const d = new Date(t);
  switch (part) {
    case 'month':
      return d.getUTCMonth();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3);
    case 'dayofweek':
      return d.getUTCDay();
    case 'hour':
      return d.getUTCHours();
    case 'dayofyear':
      return Math.floor((t - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000);
  }
}

/** Feature row for predicting the difference at index t of dy (dy[t] = y[t+1] - y[t]), from dy before t and the date. */
function featureRow(dy: ArrayLike<number>, t: number, date: number, lags: number[], calendar: GbmLagsParams['calendar'], out: Float64Array): void {
  let k = 0;
  for (const l of lags) out[k++] = dy[t - l];
  for (const c of calendar) out[k++] = calendarValue(c, date);
}

/**
 * Gradient-boosted trees on lagged first differences and calendar parts, forecasting recursively:
 * predicting changes rather than levels lets trees follow a trend they never saw the level of.
 */
export const gbmLags: ForecastMethod<GbmLagsParams> = {
  family: 'gbm_lags',
  label: 'Boosted trees on lags',
  fit(s: SeriesView, signal: AbortSignal): GbmLagsParams {
    checkAborted(signal);
    const lags = lagsFor(s.m);
    const calendar = calendarFor(s.freq);
    const dy = Float64Array.from({ length: s.y.length - 1 }, (_, i) => s.y[i + 1] - s.y[i]);
    const maxLag = lags[lags.length - 1];
    const start = Math.max(maxLag, dy.length - MAX_ROWS);
    const n = dy.length - start;
    const f = lags.length + calendar.length;
    if (n < 10) throw new Error(`Too few points (${s.y.length}) for lag features up to ${maxLag}.`);
    const x = new Float64Array(n * f);
    const target = new Float64Array(n);
    const row = new Float64Array(f);
    for (let i = 0; i < n; i++) {
      const t = start + i;
      featureRow(dy, t, s.t[t + 1], lags, calendar, row);
      x.set(row, i * f);
      target[i] = dy[t];
    }
    const model = fitGbm(x, target, f, { rounds: n > 1000 ? 200 : 120 });
    return { family: 'gbm_lags', lags, calendar, m: s.m, model };
  },
  forecast(p, s, h) {
    const n = s.y.length;
    const dy = new Float64Array(n - 1 + h);
    for (let i = 0; i < n - 1; i++) dy[i] = s.y[i + 1] - s.y[i];
    const out = new Float64Array(h);
    const row = new Float64Array(p.lags.length + p.calendar.length);
    let level = s.y[n - 1];
    const last = s.t[n - 1];
    for (let j = 0; j < h; j++) {
      const t = n - 1 + j;
      featureRow(dy, t, periodDate(s.freq, last, j + 1), p.lags, p.calendar, row);
      dy[t] = predictGbm(p.model, row);
      level += dy[t];
      out[j] = level;
    }
    return out;
  },
  describe: (p) => ({ lags: p.lags.join(' '), calendar: p.calendar.join(' ') || 'none', trees: p.model.trees.length }),
};
