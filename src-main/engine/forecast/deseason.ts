import { futureIndices, stepIndices } from './fourier';
import { movingAverage } from './seasonality';
import { periodsOf, type ForecastPath, type SeriesView } from './types';

/**
 * Additive seasonal profiles of the seasons a model cannot carry itself (ETS and Theta handle one season
 * of at most 24 steps; a week of half-hours or a year of days is removed first and added back to the
 * forecast, as forecast::stlf does with STL). Each profile is the mean of the detrended series per phase
 * (phases rounded for non-integer periods), estimated shortest period first on what the previous left.
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

/** Profiles for the seasons of `s` other than the one the model keeps (`keep`, or none). */
export function fitProfile(s: SeriesView, keep: number | null): SeasonProfile | null {
  const periods = periodsOf(s).filter((p) => Math.round(p) !== keep && s.y.length >= 2 * p + 2);
  if (periods.length === 0) return null;
  const idx = stepIndices(s.freq, s.t[0], s.t);
  let rest = Float64Array.from(s.y);
  const values: number[][] = [];
  for (const p of periods) {
    const bins = Math.max(2, Math.round(p));
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

/**
 * The profile a model uses on `s`: its own, or the whole history's (`whole`, from the structure fitted on the
 * whole series) when `s` is too short to estimate a season that one has. A backtest fold of a daily series
 * with under two years of history then keeps the yearly profile estimated on the whole history (that season's
 * shape is the one thing the fold sees of its future; the fold still fits level, trend and errors itself).
 */
export function profileFor(
  s: SeriesView,
  keep: number | null,
  whole: SeasonProfile | null | undefined,
): SeasonProfile | null {
  const own = fitProfile(s, keep);
  if (!whole) return own;
  return whole.periods.every((p) => own?.periods.includes(p)) ? own : whole;
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
  const season = seasonAt(prof, futureIndices(s.freq, prof.origin, s.t, h));
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
