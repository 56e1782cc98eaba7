import { ols } from './arima-model';
import { fourierColumns, futureIndices, stepIndices } from './fourier';
import { movingAverage } from './seasonality';
import { periodsOf, type ForecastPath, type SeriesView } from './types';

/**
 * Additive seasonal profiles of the seasons a model cannot carry itself (ETS and Theta handle one season
 * of at most 24 steps; a week of half-hours or a year of days is removed first and added back to the
 * forecast, as forecast::stlf does with STL). Each profile is the mean of the detrended series per phase
 * (phases rounded for non-integer periods), estimated shortest period first on what the previous left; a
 * season with under SMOOTH_CYCLES cycles of history gets a smooth profile instead (`smoothProfile`).
 */
export interface SeasonProfile {
  periods: number[];
  /** values[k][phase] for periods[k], centred on zero. */
  values: number[][];
  /** Phases count steps from this timestamp (epoch ms) on the series' calendar. */
  origin: number;
}

function phaseOf(i: number, p: number, bins: number): number {
  const r = Math.round(i - p * Math.floor(i / p));
  return ((r % bins) + bins) % bins;
}

/** A season is profiled when the history holds this many cycles of it. */
export const MIN_PROFILE_CYCLES = 1.2;
/**
 * Under this many cycles the per-phase mean is the average of two values or fewer (a year of days in a
 * backtest fold of a daily series with 2-3 years of history): the profile is then SMOOTH_HARMONICS Fourier
 * pairs fitted with a linear trend, so a fold of 1.2 years estimates its own season and no fold needs
 * the future's (before, such a series had no fold at all and fell back on AICc).
 */
const SMOOTH_CYCLES = 3;
const SMOOTH_HARMONICS = 2;

/** The smooth seasonal profile of period p (per phase bin, centred), or null when the fit fails. */
function smoothProfile(
  y: Float64Array,
  idx: Float64Array,
  p: number,
  bins: number,
  missing: Uint8Array | undefined,
): number[] | null {
  const spec = { periods: [p], K: [Math.min(SMOOTH_HARMONICS, Math.floor((p - 1e-9) / 2))] };
  const rows = [...idx.keys()].filter((i) => !missing?.[i] && Number.isFinite(y[i]));
  const at = Float64Array.from(rows, (i) => idx[i]);
  const mid = at.length > 0 ? (at[0] + at[at.length - 1]) / 2 : 0;
  const X = [new Float64Array(rows.length).fill(1), Float64Array.from(at, (v) => v - mid), ...fourierColumns(spec, at)];
  const b = ols(
    Float64Array.from(rows, (i) => y[i]),
    X,
  );
  if (!b || b.some((v) => !Number.isFinite(v))) return null;
  const phases = Float64Array.from({ length: bins }, (_, k) => k);
  const cols = fourierColumns(spec, phases);
  const prof = Array.from(phases, (_, k) => cols.reduce((acc, c, j) => acc + b[2 + j] * c[k], 0));
  const mean = prof.reduce((a, v) => a + v, 0) / bins;
  return prof.map((v) => v - mean);
}

/** Profiles for the seasons of `s` other than the one the model keeps (`keep`, or none). */
export function fitProfile(s: SeriesView, keep: number | null): SeasonProfile | null {
  const periods = periodsOf(s).filter((p) => Math.round(p) !== keep && s.y.length >= MIN_PROFILE_CYCLES * p);
  if (periods.length === 0) return null;
  const idx = stepIndices(s.freq, s.t[0], s.t);
  let rest = Float64Array.from(s.y);
  const values: number[][] = [];
  for (const p of periods) {
    const bins = Math.max(2, Math.round(p));
    if (s.y.length < SMOOTH_CYCLES * p) {
      const smooth = smoothProfile(rest, idx, p, bins, s.missing);
      if (smooth) {
        values.push(smooth);
        rest = Float64Array.from(rest, (v, i) => v - smooth[phaseOf(idx[i], p, bins)]);
        continue;
      }
    }
    const trend = movingAverage(rest, p);
    const sums = new Float64Array(bins);
    const counts = new Float64Array(bins);
    for (let i = 0; i < rest.length; i++) {
      if (Number.isNaN(trend[i]) || s.missing?.[i]) continue;
      const b = phaseOf(idx[i], p, bins);
      sums[b] += rest[i] - trend[i];
      counts[b]++;
    }
    const prof = Array.from(sums, (v, b) => (counts[b] > 0 ? v / counts[b] : 0));
    const mean = prof.reduce((a, v) => a + v, 0) / bins;
    const centred = prof.map((v) => v - mean);
    values.push(centred);
    rest = Float64Array.from(rest, (v, i) => v - centred[phaseOf(idx[i], p, bins)]);
  }
  return { periods, values, origin: s.t[0] };
}

/** Sum of the profiles at the given step indices. */
function seasonAt(prof: SeasonProfile, idx: Float64Array): Float64Array {
  return Float64Array.from(idx, (i) =>
    prof.periods.reduce((acc, p, k) => acc + prof.values[k][phaseOf(i, p, prof.values[k].length)], 0),
  );
}

/** The series with the profiled seasons removed. */
export function adjustView(s: SeriesView, prof: SeasonProfile | null): SeriesView {
  if (!prof) return s;
  const season = seasonAt(prof, stepIndices(s.freq, prof.origin, s.t));
  return { ...s, y: Float64Array.from(s.y, (v, i) => v - season[i]) };
}

/** Adds the profiled seasons back to a forecast of the adjusted series (means and interval bounds). */
export function addSeason(path: ForecastPath, prof: SeasonProfile | null, s: SeriesView, h: number): ForecastPath {
  if (!prof) return path;
  return shiftPath(path, seasonAt(prof, futureIndices(s.freq, prof.origin, s.t, h)));
}

/** A forecast path moved by `season` at each step (means and interval bounds). */
export function shiftPath(path: ForecastPath, season: Float64Array): ForecastPath {
  const plus = (v: Float64Array): Float64Array => Float64Array.from(v, (x, j) => x + season[j]);
  const inner = path.interval;
  return {
    mean: plus(path.mean),
    ...(inner
      ? {
          interval: (level: number) => {
            const b = inner(level);
            return { lower: plus(b.lower), upper: plus(b.upper) };
          },
        }
      : {}),
  };
}
