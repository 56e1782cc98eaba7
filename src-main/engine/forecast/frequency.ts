/**
 * Calendar frequency of a series: how to step from one period to the next and how to name it.
 * Month-based units step in calendar months (UTC); the rest step in fixed milliseconds.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@shared/time';

export type FrequencyUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'ms';

export interface Frequency {
  unit: FrequencyUnit;
  /** Periods of `unit` per step (e.g. 2 for every other day); for unit 'ms' the step in milliseconds. */
  step: number;
  /** Month-based units: 'end' when every date was the last day of its month, else the day of month to use. */
  monthAnchor?: 'end' | number;
  /**
   * Daily series only: the days of the week the calendar holds (0 = Sunday ... 6 = Saturday, UTC), ascending,
   * when the others never occur (trading days: 1-5). Steps then skip the other days. Absent: every day.
   */
  weekdays?: number[];
  /**
   * Weekly observations (a frequency read from the dates' spacing, not bins of transactions): each row goes to
   * the nearest week of the grid, so a week dated a day or two early (a holiday Thursday instead of Friday)
   * stays in its own week instead of joining the week before. Absent: a row belongs to the week it falls in.
   */
  nearest?: boolean;
  /** A word a person reads: daily, weekly, monthly, daily (Mon-Fri)... */
  label: string;
}

const FIXED_MS: Partial<Record<FrequencyUnit, number>> = {
  minute: MINUTE_MS,
  hour: HOUR_MS,
  day: DAY_MS,
  week: 7 * DAY_MS,
};

function label(unit: FrequencyUnit, step: number): string {
  const base: Record<FrequencyUnit, string> = {
    minute: 'minutely',
    hour: 'hourly',
    day: 'daily',
    week: 'weekly',
    month: 'monthly',
    quarter: 'quarterly',
    year: 'yearly',
    ms: 'regular',
  };
  return step === 1 ? base[unit] : `every ${step} ${unit}s`;
}

export function makeFrequency(unit: FrequencyUnit, step: number, monthAnchor?: 'end' | number): Frequency {
  return { unit, step, monthAnchor, label: label(unit, step) };
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A daily calendar that holds only these days of the week (0 = Sunday, UTC): "daily (Mon-Fri)". */
export function weekdayFrequency(weekdays: number[]): Frequency {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  const run = days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  const names =
    run && days.length > 2
      ? `${DAY_NAMES[days[0]]}-${DAY_NAMES[days[days.length - 1]]}`
      : days.map((d) => DAY_NAMES[d]).join(', ');
  return { unit: 'day', step: 1, weekdays: days, label: `daily (${names})` };
}

const FULL_DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Names of the days of the week a calendar of `weekdays` leaves out ("Saturday", "Sunday"), Monday first. */
export function skippedDays(weekdays: number[]): string[] {
  return [1, 2, 3, 4, 5, 6, 0].filter((d) => !weekdays.includes(d)).map((d) => FULL_DAY_NAMES[d]);
}

/**
 * A business-day calendar needs four weeks of dates (Monday of the first to Friday of the fourth: 25 days
 * apart) in which some days of the week never occur: a weekday missing from a shorter span can be chance.
 */
const MIN_WEEKDAY_SPAN_DAYS = 25;

/**
 * The days of the week that occur among daily timestamps (epoch ms, sorted), when some never do over at
 * least four weeks (a trading-day series has no Saturday or Sunday); null when every day occurs or the
 * span is too short to tell. The day of a timestamp is the one `periodIndex` puts it in (midnight UTC
 * of the first date as origin).
 */
export function keptWeekdays(sorted: number[]): number[] | null {
  if (sorted.length < 2) return null;
  const origin = alignOrigin(makeFrequency('day', 1), sorted[0]);
  if (dayNumber(sorted[sorted.length - 1], origin) - dayNumber(sorted[0], origin) < MIN_WEEKDAY_SPAN_DAYS) return null;
  const seen = new Set<number>();
  for (const t of sorted) seen.add(weekdayOf(dayNumber(t, origin)));
  return seen.size < 7 && seen.size >= 2 ? [...seen].sort((a, b) => a - b) : null;
}

/** Days since 1970-01-01 (UTC) of the day `periodIndex` assigns t to, counted from a midnight origin. */
function dayNumber(t: number, origin: number): number {
  return Math.round(origin / DAY_MS) + Math.floor((t - origin) / DAY_MS + 0.05);
}

/** Day of the week (0 = Sunday) of a day number (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Kept days from a fixed Sunday up to and including `day`, minus one: the calendar position of `day` (a day not kept gets the last kept day's). */
function keptIndex(days: number[], day: number): number {
  const e = day + 4; // days since Sunday 1969-12-28
  const week = Math.floor(e / 7);
  const dow = e - 7 * week;
  let upTo = 0;
  for (const d of days) if (d <= dow) upTo++;
  return week * days.length + upTo - 1;
}

/** Day number of calendar position `k` (inverse of keptIndex on kept days). */
function keptDay(days: number[], k: number): number {
  const week = Math.floor(k / days.length);
  return 7 * week + days[k - week * days.length] - 4;
}

/** Reads the frequency from the median gap between sorted distinct timestamps (epoch ms). */
export function detectFrequency(sortedDistinct: number[]): Frequency {
  const gaps: number[] = [];
  for (let i = 1; i < sortedDistinct.length; i++) gaps.push(sortedDistinct[i] - sortedDistinct[i - 1]);
  if (gaps.length === 0) return makeFrequency('day', 1);
  gaps.sort((a, b) => a - b);
  const d = gaps[Math.floor(gaps.length / 2)];
  const days = d / DAY_MS;
  const anchor = monthAnchorOf(sortedDistinct);
  if (d < HOUR_MS * 0.75) return makeFrequency('minute', Math.max(1, Math.round(d / MINUTE_MS)));
  if (days < 0.75) return makeFrequency('hour', Math.max(1, Math.round(d / HOUR_MS)));
  if (days < 5) return makeFrequency('day', Math.max(1, Math.round(days)));
  if (days < 26) return { ...makeFrequency('week', Math.max(1, Math.round(days / 7))), nearest: true };
  if (days < 80) return makeFrequency('month', Math.max(1, Math.round(days / 30.44)), anchor);
  if (days < 100) return makeFrequency('quarter', 1, anchor);
  if (days < 300) return makeFrequency('month', Math.max(1, Math.round(days / 30.44)), anchor);
  return makeFrequency('year', Math.max(1, Math.round(days / 365.25)), anchor);
}

function monthAnchorOf(ts: number[]): 'end' | number {
  let allEnd = ts.length > 1;
  for (const t of ts) {
    const d = new Date(t);
    const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
    if (next.getUTCDate() !== 1) {
      allEnd = false;
      break;
    }
  }
  return allEnd ? 'end' : new Date(ts[0]).getUTCDate();
}

function monthsPerStep(f: Frequency): number {
  if (f.unit === 'month') return f.step;
  if (f.unit === 'quarter') return 3 * f.step;
  return 12 * f.step;
}

export function isMonthBased(f: Frequency): boolean {
  return f.unit === 'month' || f.unit === 'quarter' || f.unit === 'year';
}

/** Index of the period a timestamp falls into, counted from `origin` (may be fractional for fixed units). */
export function periodIndex(f: Frequency, origin: number, t: number): number {
  if (isMonthBased(f)) {
    const a = new Date(origin);
    const b = new Date(t);
    const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    return Math.floor(months / monthsPerStep(f));
  }
  if (f.weekdays) return keptIndex(f.weekdays, dayNumber(t, origin)) - keptIndex(f.weekdays, dayNumber(origin, origin));
  const ms = f.unit === 'ms' ? f.step : FIXED_MS[f.unit]! * f.step;
  // Floor puts any time of day into its period; a small tolerance (a twentieth of the step, at most 72 minutes,
  // so a Sunday evening stays in its week) absorbs clock shifts (DST, jitter). Weekly observations go to the
  // nearest week (`nearest`).
  if (f.nearest) return Math.floor((t - origin) / ms + 0.5);
  return Math.floor((t - origin + 0.05 * Math.min(ms, DAY_MS)) / ms);
}

/**
 * Start of the period holding t: midnight UTC for days and weeks, the full hour or minute below, with the
 * tolerance `periodIndex` gives a clock shift: a date written at local midnight east of UTC (23:00 UTC the
 * day before) starts its own day, so the first timestamp is period 0 (it was period 1 of a grid whose first
 * value was missing).
 */
export function alignOrigin(f: Frequency, t: number): number {
  const unit =
    f.unit === 'week' || f.unit === 'day' ? DAY_MS : f.unit === 'hour' ? HOUR_MS : f.unit === 'minute' ? MINUTE_MS : 0;
  return unit > 0 ? Math.floor(t / unit + 0.05) * unit : t;
}

/** Timestamp of period `k` counted from `origin`. */
export function periodDate(f: Frequency, origin: number, k: number): number {
  if (isMonthBased(f)) {
    const a = new Date(origin);
    const total = a.getUTCFullYear() * 12 + a.getUTCMonth() + k * monthsPerStep(f);
    const y = Math.floor(total / 12);
    const m = total - y * 12;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const day = f.monthAnchor === 'end' ? last : Math.min(f.monthAnchor ?? a.getUTCDate(), last);
    return Date.UTC(y, m, day, a.getUTCHours(), a.getUTCMinutes());
  }
  if (f.weekdays) {
    const d0 = dayNumber(origin, origin);
    return origin + (keptDay(f.weekdays, keptIndex(f.weekdays, d0) + k) - d0) * DAY_MS;
  }
  const ms = f.unit === 'ms' ? f.step : FIXED_MS[f.unit]! * f.step;
  return origin + k * ms;
}

/**
 * Steps of `f` that fall within `days` calendar days after `lastT`: the days themselves on an ordinary daily
 * grid, the kept days on a calendar that leaves some out ("the next 8 weeks" of trading days is 40 steps, not
 * 56). At least 1.
 */
export function stepsWithinDays(f: Frequency, lastT: number, days: number): number {
  if (!f.weekdays) return Math.max(1, days);
  const end = lastT + days * DAY_MS;
  let k = 0;
  while (periodDate(f, lastT, k + 1) <= end) k++;
  return Math.max(1, k);
}

/** ISO date (YYYY-MM-DD) for day-or-longer units, ISO date-time otherwise. */
export function formatDate(f: Frequency, t: number): string {
  const iso = new Date(t).toISOString();
  if (f.unit === 'minute' || f.unit === 'hour' || f.unit === 'ms') return iso.slice(0, 19).replace('T', ' ');
  return iso.slice(0, 10);
}

/** Length in milliseconds of one step of a fixed-length frequency (undefined for month-based ones). */
export function stepMs(f: Frequency): number | undefined {
  if (f.unit === 'ms') return f.step;
  const base = FIXED_MS[f.unit];
  return base === undefined ? undefined : base * f.step;
}

/**
 * Seasonal periods worth testing for this frequency, in steps, shortest first: the hour, day, week and
 * year cycles that are longer than two steps (half-hourly: 48, 336, 17532; daily: 7, 365.25; weekly:
 * 52.18), 12 months, 4 quarters. Non-integer periods are real (a year is 365.25 days).
 */
export function candidatePeriods(f: Frequency): number[] {
  if (isMonthBased(f)) {
    const months = monthsPerStep(f);
    return 12 % months === 0 && 12 / months >= 2 ? [12 / months] : [];
  }
  if (f.weekdays) {
    // A week of kept days, and a year of them (holidays inside are gaps on the grid, so 365.25 * 5/7 = 260.89).
    const week = f.weekdays.length;
    const year = Math.round(((365.25 * week) / 7) * 100) / 100;
    return week >= 2 ? [week, year] : [year];
  }
  const ms = stepMs(f)!;
  const cycles = [HOUR_MS, DAY_MS, 7 * DAY_MS, 365.25 * DAY_MS];
  const out: number[] = [];
  for (const c of cycles) {
    const p = c / ms;
    if (p < 2 - 1e-9) continue;
    // Sub-daily cycles only for sub-daily data (an hourly cycle in minute data, a daily one in hourly data).
    if (c === HOUR_MS && ms >= HOUR_MS) continue;
    out.push(Math.abs(p - Math.round(p)) < 1e-9 ? Math.round(p) : Math.round(p * 100) / 100);
  }
  return out;
}
