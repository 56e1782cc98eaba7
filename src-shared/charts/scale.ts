import { localize } from '../locale';
import type { NumberFormat } from './spec';
import { DAY_MS } from '../time';

/** A domain rounded outwards to "nice" tick values (1, 2, 2.5, 5 × 10^n steps). */
export interface NiceDomain {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

function niceStep(span: number, count: number, whole: boolean): number {
  const raw = span / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  // A count axis ticks on whole numbers: a step of 2.5 or 0.5 would label 2.5 rows as "3" (labels are rounded).
  return whole ? Math.max(1, Math.floor(nice * power)) : nice * power;
}

/**
 * Nice ticks covering [lo, hi]. Fixed ends (`fixedMin`/`fixedMax`) are kept exactly; ticks stay inside them.
 * A zero-width domain is widened so a single value still gets an axis. `whole`: ticks on whole numbers only (counts).
 */
export function niceDomain(
  lo: number,
  hi: number,
  count = 5,
  fixedMin?: number,
  fixedMax?: number,
  whole = false,
): NiceDomain {
  let a = fixedMin ?? lo;
  let b = fixedMax ?? hi;
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    a = 0;
    b = 1;
  }
  if (a > b) [a, b] = [b, a];
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a = fixedMin ?? a - pad;
    b = fixedMax ?? b + pad;
  }
  const step = niceStep(b - a, count, whole);
  const min = fixedMin ?? Math.floor(a / step + 1e-9) * step;
  const max = fixedMax ?? Math.ceil(b / step - 1e-9) * step;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9) * step;
  for (let v = first, i = 0; v <= max + step * 1e-9 && i < 50; v = first + ++i * step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return { min, max, step, ticks };
}

/** Maps a domain onto a pixel range (range may be inverted for y axes). */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

const SUFFIXES: Array<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Writes a number for a person. `step` (the tick spacing) sets the decimals for axis ticks so that
 * neighbouring ticks differ; without it, four significant digits are kept.
 */
export function formatNumber(value: number, format: NumberFormat = 'auto', step?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  return format === 'date' ? formatDate(value, step) : localize(formatEnglish(value, format, step));
}

/**
 * The labels of one axis's ticks in one style: when the largest is abbreviated ("14k"), so are the others ("6k", not
 * "6000"), with the decimals the step needs.
 */
export function formatTicks(ticks: number[], format: NumberFormat = 'auto', step?: number): string[] {
  const top = Math.max(0, ...ticks.filter(Number.isFinite).map(Math.abs));
  const unit = format === 'auto' && top >= 1e4 ? SUFFIXES.find(([size]) => top >= size) : undefined;
  if (!unit) return ticks.map((t) => formatNumber(t, format, step));
  const [size, suffix] = unit;
  const decimals = step !== undefined ? Math.min(3, stepDecimals(step / size)) : 2;
  return ticks.map((t) => (t === 0 ? '0' : localize(`${trimZeros((t / size).toFixed(decimals))}${suffix}`)));
}

/**
 * The value labels of one chart in one precision: the decimals that give the largest value four significant digits,
 * for every label ("4.590, 2.518, 0.415", not "4.59, 2.518, 0.4147"). From 10,000 up, `formatNumber`'s abbreviation.
 */
export function formatAlike(values: number[]): string[] {
  const top = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (top === 0 || top >= 1e4) return values.map((v) => formatNumber(v));
  const step = 10 ** (Math.floor(Math.log10(top)) - 3);
  return values.map((v) => formatNumber(v, 'auto', step));
}

/** The number in English form; `formatNumber` swaps in the locale's separators. */
function formatEnglish(value: number, format: NumberFormat, step?: number): string {
  switch (format) {
    case 'integer':
      return Math.round(value).toLocaleString('en-US');
    case 'percent': {
      const decimals = step !== undefined ? Math.min(2, stepDecimals(step * 100)) : 1;
      return `${trimZeros((value * 100).toFixed(decimals))}%`;
    }
    case 'decimal2':
      return value.toFixed(2);
    case 'decimal3':
      return value.toFixed(3);
    case 'date':
      return formatDate(value, step);
    default:
      return formatAuto(value, step);
  }
}

function formatAuto(value: number, step?: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e4) {
    for (const [size, suffix] of SUFFIXES) {
      if (abs >= size) {
        const scaled = value / size;
        const decimals = step !== undefined ? Math.min(3, stepDecimals(step / size)) : 2;
        return `${trimZeros(scaled.toFixed(decimals))}${suffix}`;
      }
    }
  }
  if (step !== undefined && step > 0) {
    const decimals = Math.min(6, stepDecimals(step));
    return value.toFixed(decimals);
  }
  if (abs === 0) return '0';
  if (abs < 1e-3) return value.toExponential(2);
  return trimZeros(value.toPrecision(4));
}

/** Decimals that write every multiple of `step` exactly: 1 for 0.1 and for 2.5, 0 for 5, 2 for 0.25. */
function stepDecimals(step: number): number {
  let d = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  while (d < 6 && Math.abs(step * 10 ** d - Math.round(step * 10 ** d)) > 1e-6 * step * 10 ** d) d++;
  return d;
}

function formatDate(ms: number, step?: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '–';
  const iso = d.toISOString();
  // Sub-day ticks need the time; daily and coarser ticks only the date; ticks a month or more apart fall on the first
  // of a month (layout.ts monthDomain): the month, or the year when they are a year or more apart.
  if (step !== undefined && step < DAY_MS) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  const firstOfMonth = iso.slice(8) === '01T00:00:00.000Z';
  if (step !== undefined && firstOfMonth && step >= 360 * DAY_MS && iso.slice(5, 7) === '01') return iso.slice(0, 4);
  if (step !== undefined && firstOfMonth && step >= 28 * DAY_MS) return iso.slice(0, 7);
  return iso.slice(0, 10);
}

/** Min and max of the finite values, or null when there are none. */
export function extent(values: Iterable<number | null | undefined>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? null : [lo, hi];
}
