import { checkAborted } from '../analytics/task-result';
import { periodDate, type Frequency } from './frequency';
import { fitGbm, predictGbm, type GbmModel } from './gbm-lite';
import { fourierColumns, futureIndices, maxHarmonics, stepIndices, type FourierSpec } from './fourier';
import { periodsOf, type ForecastMethod, type SeriesView } from './types';
import { DAY_MS } from '@shared/time';

export interface GbmLagsParams {
  family: 'gbm_lags';
  /** Lags (in steps) used as features, each relative to the rolling level. */
  lags: number[];
  /** Calendar parts used as features. */
  calendar: Array<'month' | 'dayofweek' | 'hour' | 'dayofyear' | 'quarter'>;
  m: number;
  /** Fourier terms (K = 2 per season) of every season as features; phases count from `origin`. */
  fourier: FourierSpec | null;
  origin: number;
  model: GbmModel;
}

/** Rows used for fitting: the most recent ones. */
const MAX_ROWS = 3000;

function lagsFor(s: SeriesView): number[] {
  const set = new Set([1, 2, 3]);
  const m = s.m;
  if (m > 1) for (const l of [m - 1, m, m + 1, 2 * m]) if (l > 0) set.add(l);
  // The longest whole-step season (a week of hours) as a lag too, when the history holds a few of them.
  const long = periodsOf(s).filter((p) => Number.isInteger(p) && p > m && s.y.length > 4 * p);
  for (const p of long) set.add(p);
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
      return Math.floor((t - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS);
  }
}

/** Width of the rolling mean that features and target are taken relative to. */
function levelWindow(m: number): number {
  return Math.max(m, 4);
}

/** Mean of y[t-w .. t-1]. */
function levelAt(y: ArrayLike<number>, t: number, w: number): number {
  let s = 0;
  for (let i = t - w; i < t; i++) s += y[i];
  return s / w;
}

/** Feature row for predicting y[t] - level(t): earlier values relative to the same level, and the date's calendar parts. */
function featureRow(
  y: ArrayLike<number>,
  t: number,
  level: number,
  date: number,
  lags: number[],
  calendar: GbmLagsParams['calendar'],
  fourier: Float64Array[],
  out: Float64Array,
): void {
  let k = 0;
  for (const l of lags) out[k++] = y[t - l] - level;
  for (const c of calendar) out[k++] = calendarValue(c, date);
  for (const col of fourier) out[k++] = col[t];
}

/**
 * Gradient-boosted trees on lags and calendar parts, forecasting recursively. Target and lags are taken
 * relative to the mean of the last season (or 4 points): trees cannot extrapolate levels they never saw,
 * but they can learn how a value sits against its recent level, which carries a trend along.
 */
export const gbmLags: ForecastMethod<GbmLagsParams> = {
  family: 'gbm_lags',
  label: 'Boosted trees on lags',
  fit(s: SeriesView, signal: AbortSignal, deadline?: number): GbmLagsParams {
    checkAborted(signal);
    const lags = lagsFor(s);
    const calendar = calendarFor(s.freq);
    const periods = periodsOf(s);
    const fourier: FourierSpec | null =
      periods.length > 0 ? { periods, K: periods.map((p) => maxHarmonics(p, 2)) } : null;
    const origin = s.t[0];
    const four = fourier ? fourierColumns(fourier, stepIndices(s.freq, origin, s.t)) : [];
    const w = levelWindow(s.m);
    const first = Math.max(lags[lags.length - 1], w);
    const start = Math.max(first, s.y.length - MAX_ROWS);
    const n = s.y.length - start;
    const f = lags.length + calendar.length + four.length;
    if (n < 10) throw new Error(`Too few points (${s.y.length}) for lag features up to ${first}.`);
    const x = new Float64Array(n * f);
    const target = new Float64Array(n);
    const row = new Float64Array(f);
    for (let i = 0; i < n; i++) {
      const t = start + i;
      const level = levelAt(s.y, t, w);
      featureRow(s.y, t, level, s.t[t], lags, calendar, four, row);
      x.set(row, i * f);
      target[i] = s.y[t] - level;
    }
    const model = fitGbm(x, target, f, { rounds: n > 1000 ? 200 : 120, deadline });
    return { family: 'gbm_lags', lags, calendar, m: s.m, fourier, origin, model };
  },
  forecast(p, s, h) {
    const n = s.y.length;
    const y = new Float64Array(n + h);
    y.set(s.y);
    const idx = new Float64Array(n + h);
    idx.set(stepIndices(s.freq, p.origin, s.t));
    idx.set(futureIndices(s.freq, p.origin, s.t, h), n);
    const four = p.fourier ? fourierColumns(p.fourier, idx) : [];
    const row = new Float64Array(p.lags.length + p.calendar.length + four.length);
    const w = levelWindow(p.m);
    const last = s.t[n - 1];
    for (let j = 0; j < h; j++) {
      const t = n + j;
      const level = levelAt(y, t, w);
      featureRow(y, t, level, periodDate(s.freq, last, j + 1), p.lags, p.calendar, four, row);
      y[t] = level + predictGbm(p.model, row);
    }
    return { mean: y.slice(n) };
  },
  describe: (p) => ({ lags: p.lags.join(' '), calendar: p.calendar.join(' ') || 'none', trees: p.model.trees.length }),
};
