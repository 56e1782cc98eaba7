import { periodIndex, type Frequency } from './frequency';

/**
 * Fourier terms for seasonal periods of any length (also non-integer: 365.25 days, 52.18 weeks):
 * sin(2πkt/p) and cos(2πkt/p) for k = 1..K per period. A sine term that vanishes at every step
 * (2k = p) is left out.
 */
export interface FourierSpec {
  periods: number[];
  /** Harmonics per period (0 = the period is not used). */
  K: number[];
}

/** Number of columns the spec produces. */
export function fourierWidth(spec: FourierSpec): number {
  let w = 0;
  spec.periods.forEach((p, i) => {
    for (let k = 1; k <= spec.K[i]; k++) w += 2 * k === p ? 1 : 2;
  });
  return w;
}

/** The Fourier columns at time indices `idx` (steps from a fixed origin). */
export function fourierColumns(spec: FourierSpec, idx: ArrayLike<number>): Float64Array[] {
  const cols: Float64Array[] = [];
  spec.periods.forEach((p, i) => {
    for (let k = 1; k <= spec.K[i]; k++) {
      const w = (2 * Math.PI * k) / p;
      if (2 * k !== p) cols.push(Float64Array.from({ length: idx.length }, (_, t) => Math.sin(w * idx[t])));
      cols.push(Float64Array.from({ length: idx.length }, (_, t) => Math.cos(w * idx[t])));
    }
  });
  return cols;
}

/** Largest sensible K for a period: below half the period, and at most `cap`. */
export function maxHarmonics(p: number, cap: number): number {
  return Math.max(0, Math.min(cap, Math.floor((p - 1e-9) / 2)));
}

/** Step indices of timestamps counted from `origin` on the series' calendar (so phases survive new history). */
export function stepIndices(freq: Frequency, origin: number, t: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: t.length }, (_, i) => periodIndex(freq, origin, t[i]));
}

/** Indices of the h steps after the last of `t`. */
export function futureIndices(freq: Frequency, origin: number, t: ArrayLike<number>, h: number): Float64Array {
  const last = periodIndex(freq, origin, t[t.length - 1]);
  return Float64Array.from({ length: h }, (_, j) => last + j + 1);
}
