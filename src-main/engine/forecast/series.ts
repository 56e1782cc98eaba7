import { CodedError } from '@shared/errors';
import { describeSource, kindOfDbType, requireColumns, sourceSql, withDuckDb } from '../analytics/read-table';
import { DAY_MS, HOUR_MS } from '@shared/time';
import { timestampExpr } from './date-expr';
import {
  alignOrigin,
  detectFrequency,
  keptWeekdays,
  makeFrequency,
  periodDate,
  periodIndex,
  weekdayFrequency,
  type Frequency,
} from './frequency';
import { ident } from '../util/duckdb';

/** A series on a regular calendar grid, gaps filled, duplicates aggregated. */
export interface RegularSeries {
  /** Timestamp (epoch ms, UTC) of each point. */
  t: Float64Array;
  y: Float64Array;
  freq: Frequency;
  /** How rows sharing a period were combined: 'sum' for transaction-like data, 'mean' otherwise. */
  aggregation: 'sum' | 'mean';
  /** Rows read, periods that had several rows, periods with no row (filled). */
  rowsRead: number;
  duplicatePeriods: number;
  gapsFilled: number;
  /** How gaps were filled: with 0 (summed transactions) or by linear interpolation. */
  fill: 'zero' | 'interpolate';
  /** 1 where a period had no row and was interpolated (models with a likelihood skip these). */
  missing?: Uint8Array;
}

/** Largest grid we build: beyond this the data should be aggregated to a coarser frequency first. */
const MAX_POINTS = 200_000;

/**
 * Reads (date, target) with DuckDB, parses dates, detects the frequency (unless given) and puts the
 * values on a regular grid.
 */
export async function loadSeries(
  path: string,
  dateColumn: string,
  target: string,
  forced?: { freq?: Frequency; aggregation?: 'sum' | 'mean' },
): Promise<RegularSeries> {
  const { ts, ys } = await withDuckDb(async (conn) => {
    const schema = await describeSource(conn, path);
    requireColumns(
      schema.map((c) => c.name),
      [dateColumn, target],
    );
    const dateType = schema.find((c) => c.name === dateColumn)!.dbType;
    const targetType = schema.find((c) => c.name === target)!.dbType;
    const tExpr = await timestampExpr(conn, path, dateColumn, dateType);
    const yExpr =
      kindOfDbType(targetType) === 'string'
        ? `TRY_CAST(${ident(target)} AS DOUBLE)`
        : `CAST(${ident(target)} AS DOUBLE)`;
    const sql = `SELECT CAST(epoch_ms(${tExpr}) AS DOUBLE) AS t, ${yExpr} AS y FROM ${sourceSql(path)} WHERE ${tExpr} IS NOT NULL AND ${yExpr} IS NOT NULL AND isfinite(${yExpr}) ORDER BY t`;
    const cols = (await conn.runAndReadAll(sql)).getColumnsJS();
    return { ts: cols[0].map(Number), ys: cols[1].map(Number) };
  });
  if (ts.length < 4) {
    throw new CodedError(
      'dataset-empty',
      `Only ${ts.length} rows have both a date and a numeric '${target}'. Forecasting needs at least 12 dated values.`,
    );
  }
  return regularise(ts, ys, forced);
}

/** Where sorted timestamps fall on the series' calendar grid: the grid, and each row's period. */
interface Grid {
  /** The timestamps, moved to their nearest midnight when they are local midnights with a UTC offset. */
  ts: number[];
  freq: Frequency;
  origin: number;
  /** Period of each row (ascending); the grid runs from 0 to the last one. */
  idx: number[];
  n: number;
}

/**
 * The regular grid of sorted timestamps (epoch ms): the frequency read from their spacing (unless forced), moved
 * to a coarser unit while fewer than half the periods hold a row, on kept weekdays when some never occur.
 */
function gridOf(times: number[], forced?: Frequency): Grid {
  let ts = times;
  let freq = forced ?? detectFrequency(distinctOf(ts));
  if (freq.unit !== 'minute' && freq.unit !== 'hour' && freq.unit !== 'ms') {
    const snapped = snapMidnights(ts);
    if (snapped !== ts) {
      ts = snapped;
      // The month anchor (first or last day) is read again from the dates on their own days.
      if (!forced) freq = detectFrequency(distinctOf(ts));
    }
  }
  const distinct = distinctOf(ts);
  let origin = alignOrigin(freq, ts[0]);
  let idx = ts.map((t) => periodIndex(freq, origin, t));
  // Irregular timestamps (transactions at any time of day) leave most fine-grained periods empty:
  // move to a coarser calendar unit until at least half the periods hold data.
  const coarser: Partial<Record<Frequency['unit'], Frequency['unit']>> = {
    minute: 'hour',
    hour: 'day',
    day: 'week',
    week: 'month',
  };
  while (!forced && coarser[freq.unit] && occupancy(idx) < 0.5) {
    const unit = coarser[freq.unit]!;
    freq = makeFrequency(unit, 1, unit === 'month' ? new Date(origin).getUTCDate() : undefined);
    origin = alignOrigin(freq, ts[0]);
    idx = ts.map((t) => periodIndex(freq, origin, t));
  }
  // Daily data in which some days of the week never occur (trading days, a shop closed on Sundays): a
  // calendar of the days that do, so those days are neither filled in nor forecast and the week is 5 steps.
  const weekdays = !forced && freq.unit === 'day' && freq.step === 1 ? keptWeekdays(distinct) : null;
  if (weekdays) {
    freq = weekdayFrequency(weekdays);
    idx = ts.map((t) => periodIndex(freq, origin, t));
  }
  const n = idx[idx.length - 1] + 1;
  if (n > MAX_POINTS) {
    throw new CodedError(
      'limit-exceeded',
      `The dates span ${n} ${freq.label} periods; aggregate the data to a coarser frequency (e.g. daily) first.`,
    );
  }
  return { ts, freq, origin, idx, n };
}

/**
 * Many rows per period means transactions (sales lines): totals are what people forecast. A few accidental
 * duplicates of a measurement (at most a fifth of the rows) are averaged instead.
 */
const aggregationOf = (rows: number, periodsWithRows: number): 'sum' | 'mean' =>
  rows - periodsWithRows > 0.2 * rows ? 'sum' : 'mean';

/** What a date column looks like as a forecast's time index: its grid, periods written twice, periods with no row. */
export interface DateGridFacts {
  freq: Frequency;
  /** Periods from the first date to the last. */
  periods: number;
  /** Periods with no row. */
  gaps: number;
  /** Periods with more than one row, in date order: the first row's date, the rows, whether all share that date. */
  repeated: Array<{ t: number; rows: number; sameTime: boolean }>;
  /** How a forecast combines rows that share a period ('mean': a few repeats of a measurement). */
  aggregation: 'sum' | 'mean';
}

/** The grid a forecast would put these sorted timestamps (epoch ms) on, and what it has to fill or combine. */
export function dateGridFacts(times: number[]): DateGridFacts {
  const { ts, freq, idx, n } = gridOf(times);
  const repeated: DateGridFacts['repeated'] = [];
  let withRows = 0;
  for (let i = 0; i < idx.length;) {
    let j = i + 1;
    while (j < idx.length && idx[j] === idx[i]) j++;
    withRows++;
    if (j - i > 1) repeated.push({ t: ts[i], rows: j - i, sameTime: ts[j - 1] === ts[i] });
    i = j;
  }
  return { freq, periods: n, gaps: n - withRows, repeated, aggregation: aggregationOf(ts.length, withRows) };
}

/** Puts sorted (t, y) pairs on a regular grid. Exported for tests. */
export function regularise(
  times: number[],
  ys: number[],
  forced?: { freq?: Frequency; aggregation?: 'sum' | 'mean' },
): RegularSeries {
  const { ts, freq, origin, idx, n } = gridOf(times, forced?.freq);
  const sum = new Float64Array(n);
  const count = new Uint32Array(n);
  for (let i = 0; i < ts.length; i++) {
    sum[idx[i]] += ys[i];
    count[idx[i]]++;
  }
  let filled = 0;
  let dupPeriods = 0;
  for (let k = 0; k < n; k++) {
    if (count[k] === 0) filled++;
    else if (count[k] > 1) dupPeriods++;
  }
  const aggregation = forced?.aggregation ?? aggregationOf(ts.length, n - filled);
  const fill = aggregation === 'sum' ? 'zero' : 'interpolate';
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) y[k] = count[k] === 0 ? NaN : aggregation === 'sum' ? sum[k] : sum[k] / count[k];
  if (fill === 'zero') for (let k = 0; k < n; k++) if (Number.isNaN(y[k])) y[k] = 0;
  let missing: Uint8Array | undefined;
  if (fill === 'interpolate' && filled > 0) missing = Uint8Array.from(count, (c) => (c === 0 ? 1 : 0));
  if (fill === 'interpolate') interpolate(y);
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) t[k] = periodDate(freq, origin, k);
  return {
    t,
    y,
    freq,
    aggregation,
    rowsRead: ts.length,
    duplicatePeriods: dupPeriods,
    gapsFilled: filled,
    fill,
    ...(missing ? { missing } : {}),
  };
}

function distinctOf(sorted: number[]): number[] {
  const out: number[] = [];
  for (const t of sorted) if (out.length === 0 || out[out.length - 1] !== t) out.push(t);
  return out;
}

/**
 * Dates written at local midnight with a UTC offset (pandas' time-zone-aware daily or monthly data:
 * `2023-03-27 00:00:00+02:00`) land between 21:00 and 03:00 UTC and move by an hour at daylight-saving
 * switches; read as UTC days, summer dates fell on the day before (a duplicate at one switch, a gap at the
 * other) and first-of-month dates in the month before. When every timestamp is that close to a midnight, each
 * is put on its nearest midnight. Exported for tests.
 */
export function snapMidnights(ts: number[]): number[] {
  let offMidnight = false;
  for (const t of ts) {
    const time = ((t % DAY_MS) + DAY_MS) % DAY_MS;
    if (time > 3 * HOUR_MS && time < 21 * HOUR_MS) return ts;
    if (time !== 0) offMidnight = true;
  }
  return offMidnight ? ts.map((t) => Math.round(t / DAY_MS) * DAY_MS) : ts;
}

/** Linear interpolation of NaN runs between known values (ends never NaN: the grid starts and ends on data). */
function interpolate(y: Float64Array): void {
  let prev = -1;
  for (let k = 0; k < y.length; k++) {
    if (Number.isNaN(y[k])) continue;
    if (prev >= 0 && k - prev > 1) {
      for (let j = prev + 1; j < k; j++) y[j] = y[prev] + ((y[k] - y[prev]) * (j - prev)) / (k - prev);
    }
    prev = k;
  }
}

function occupancy(idx: number[]): number {
  let distinct = 0;
  for (let i = 0; i < idx.length; i++) if (i === 0 || idx[i] !== idx[i - 1]) distinct++;
  return distinct / (idx[idx.length - 1] + 1);
}
