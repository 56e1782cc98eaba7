/**
 * STL: seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), the algorithm
 * of R's stats::stl, and MSTL (several seasons, each STL'd in turn, as forecast::mstl). The season may change
 * from year to year (each phase's values are smoothed across the cycles), and the robust variant down-weights
 * outliers (holidays) by bisquare weights on the remainder.
 *
 * Written here rather than taken from npm: no maintained npm package implements STL; the loess/lowess ones
 * (e.g. @stdlib/stats-lowess, loess) smooth one curve and lack what STL needs of its smoother: degree 0 fits,
 * evaluation at positions one cycle beyond each end of a cycle-subseries, evaluation every `jump` points with
 * linear interpolation between, and external robustness weights. The numbers match R's stl to 1e-9 (stl.test.ts).
 */

export interface StlOptions {
  /** Span (in cycles) of the loess smoothing each phase's values across the cycles; odd, at least 3. */
  sWindow: number;
  /** Bisquare robustness iterations (R's robust = TRUE: 1 inner and 15 outer iterations). */
  robust?: boolean;
  /** Span of the trend smoother (steps); default as R: the next odd of ceil(1.5 p / (1 - 1.5 / sWindow)). */
  tWindow?: number;
}

export interface StlResult {
  seasonal: Float64Array;
  trend: Float64Array;
}

/** R's nextodd: round, then the next odd number. */
function nextOdd(x: number): number {
  const r = Math.round(x);
  return r % 2 === 0 ? r + 1 : r;
}

interface Smoother {
  len: number;
  degree: 0 | 1;
  jump: number;
}

/**
 * The loess estimate at position xs from y[nleft..nright] (0-based, inclusive): tricube weights over the span
 * (times robustness weights `rw`), a local constant, or a local line when the points spread enough.
 * Returns NaN when every weight is zero. `w` is scratch of y's length.
 */
function estimate(
  y: Float64Array,
  n: number,
  s: Smoother,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  rw: Float64Array | null,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (s.len > n) h += Math.floor((s.len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    if (r <= h9) {
      w[j] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      if (rw) w[j] *= rw[j];
      a += w[j];
    } else w[j] = 0;
  }
  if (a <= 0) return NaN;
  for (let j = nleft; j <= nright; j++) w[j] /= a;
  if (h > 0 && s.degree > 0) {
    let mean = 0;
    for (let j = nleft; j <= nright; j++) mean += w[j] * j;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j] * (j - mean) ** 2;
    if (Math.sqrt(c) > 0.001 * range) {
      const b = (xs - mean) / c;
      for (let j = nleft; j <= nright; j++) w[j] *= b * (j - mean) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j] * y[j];
  return ys;
}

/** Loess smooth of y[0..n) into out[0..n): estimates every `jump` points, linear in between (R's stless). */
function smooth(
  y: Float64Array,
  n: number,
  s: Smoother,
  rw: Float64Array | null,
  out: Float64Array,
  w: Float64Array,
): void {
  if (n < 2) {
    out[0] = y[0];
    return;
  }
  const jump = Math.min(s.jump, n - 1);
  const at = (i: number, nleft: number, nright: number): void => {
    const v = estimate(y, n, s, i, nleft, nright, w, rw);
    out[i] = Number.isNaN(v) ? y[i] : v;
  };
  let nleft = 0;
  let nright = n - 1;
  const half = Math.floor((s.len + 1) / 2);
  if (s.len >= n) {
    for (let i = 0; i < n; i += jump) at(i, 0, n - 1);
  } else if (jump === 1) {
    nright = s.len - 1;
    for (let i = 0; i < n; i++) {
      if (i + 1 > half && nright !== n - 1) {
        nleft++;
        nright++;
      }
      at(i, nleft, nright);
    }
  } else {
    for (let i = 0; i < n; i += jump) {
      if (i + 1 < half) {
        nleft = 0;
        nright = s.len - 1;
      } else if (i + 1 >= n - half + 1) {
        nleft = n - s.len;
        nright = n - 1;
      } else {
        nleft = i + 1 - half;
        nright = s.len + i - half;
      }
      at(i, nleft, nright);
    }
  }
  if (jump === 1) return;
  for (let i = 0; i + jump < n; i += jump) {
    const delta = (out[i + jump] - out[i]) / jump;
    for (let j = i + 1; j < i + jump; j++) out[j] = out[i] + delta * (j - i);
  }
  const k = Math.floor((n - 1) / jump) * jump;
  if (k !== n - 1) {
    at(n - 1, nleft, nright);
    const delta = (out[n - 1] - out[k]) / (n - 1 - k);
    for (let j = k + 1; j < n - 1; j++) out[j] = out[k] + delta * (j - k);
  }
}

/** Running mean of width `len` of x[0..n): n - len + 1 values. */
function runningMean(x: Float64Array, n: number, len: number, out: Float64Array): void {
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  out[0] = v / len;
  for (let j = 1; j < n - len + 1; j++) {
    v += x[j + len - 1] - x[j - 1];
    out[j] = v / len;
  }
}

interface Work {
  period: number;
  sub: Smoother;
  low: Smoother;
  trend: Smoother;
  cycle: Float64Array;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  sy: Float64Array;
  srw: Float64Array;
  sw: Float64Array;
  w: Float64Array;
}

/** One pass of the inner loop (R's stlstp, one iteration): season and trend updated in place. */
function innerPass(y: Float64Array, rw: Float64Array | null, k: Work, season: Float64Array, trend: Float64Array): void {
  const n = y.length;
  const np = k.period;
  // Cycle-subseries smoothing of the detrended series, one cycle added at each end.
  for (let j = 0; j < np; j++) {
    const m = Math.floor((n - 1 - j) / np) + 1;
    for (let i = 0; i < m; i++) {
      k.sy[i] = y[i * np + j] - trend[i * np + j];
      if (rw) k.srw[i] = rw[i * np + j];
    }
    const srw = rw ? k.srw : null;
    smooth(k.sy, m, k.sub, srw, k.c, k.sw);
    const first = estimate(k.sy, m, k.sub, -1, 0, Math.min(k.sub.len, m) - 1, k.sw, srw);
    const last = estimate(k.sy, m, k.sub, m, Math.max(0, m - k.sub.len), m - 1, k.sw, srw);
    k.cycle[j] = Number.isNaN(first) ? k.c[0] : first;
    for (let i = 0; i < m; i++) k.cycle[(i + 1) * np + j] = k.c[i];
    k.cycle[(m + 1) * np + j] = Number.isNaN(last) ? k.c[m - 1] : last;
  }
  // Low-pass filter of the cycle-subseries: moving averages of p, p and 3, then a loess.
  const len = n + 2 * np;
  runningMean(k.cycle, len, np, k.a);
  runningMean(k.a, len - np + 1, np, k.b);
  runningMean(k.b, len - 2 * np + 2, 3, k.a);
  smooth(k.a, n, k.low, null, k.b, k.w);
  for (let i = 0; i < n; i++) season[i] = k.cycle[np + i] - k.b[i];
  for (let i = 0; i < n; i++) k.a[i] = y[i] - season[i];
  smooth(k.a, n, k.trend, rw, trend, k.w);
}

/**
 * Bisquare weights of the remainder over six times its median absolute value (R's stlrwt). The true median:
 * for an even length R's partial sort is called with the two middle ranks in decreasing order and may not put
 * both in place, so R's robust fit of an even-length series can differ from this one after a few iterations.
 */
function robustnessWeights(y: Float64Array, season: Float64Array, trend: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = Float64Array.from(y, (v, i) => Math.abs(v - season[i] - trend[i]));
  const sorted = Float64Array.from(r).sort();
  const mid1 = Math.floor(n / 2);
  const mid2 = n - mid1 - 1;
  const cmad = 3 * (sorted[mid1] + sorted[mid2]);
  for (let i = 0; i < n; i++) {
    if (r[i] <= 0.001 * cmad) rw[i] = 1;
    else if (r[i] <= 0.999 * cmad) rw[i] = (1 - (r[i] / cmad) ** 2) ** 2;
    else rw[i] = 0;
  }
}

/**
 * STL of a complete series (no missing values) with seasonal period `period` (steps; a non-integer period
 * decomposes by its integer part, as R's stl) and R's defaults otherwise: seasonal degree 0, trend and
 * low-pass degree 1, low-pass span the next odd of the period, jumps a tenth of each span.
 * Needs more than two cycles of history.
 */
export function stl(y: ArrayLike<number>, period: number, o: StlOptions): StlResult {
  const n = y.length;
  const np = Math.max(2, Math.trunc(period));
  if (n <= 2 * np) throw new Error(`STL needs more than two cycles of ${np} steps (the series has ${n}).`);
  const ns = Math.max(3, nextOdd(o.sWindow));
  const nt = Math.max(3, nextOdd(o.tWindow ?? Math.ceil((1.5 * period) / (1 - 1.5 / o.sWindow))));
  const nl = Math.max(3, nextOdd(period));
  const span = (len: number, degree: 0 | 1): Smoother => ({ len, degree, jump: Math.ceil(len / 10) });
  const cycles = Math.ceil(n / np) + 2;
  const k: Work = {
    period: np,
    sub: span(ns, 0),
    low: span(nl, 1),
    trend: span(nt, 1),
    cycle: new Float64Array(n + 2 * np),
    a: new Float64Array(n + 2 * np),
    b: new Float64Array(n + 2 * np),
    c: new Float64Array(cycles),
    sy: new Float64Array(cycles),
    srw: new Float64Array(cycles),
    sw: new Float64Array(cycles),
    w: new Float64Array(n),
  };
  const yy = Float64Array.from(y);
  const season = new Float64Array(n);
  const trend = new Float64Array(n);
  const inner = o.robust ? 1 : 2;
  const outer = o.robust ? 15 : 0;
  for (let i = 0; i < inner; i++) innerPass(yy, null, k, season, trend);
  const rw = new Float64Array(n);
  for (let r = 0; r < outer; r++) {
    robustnessWeights(yy, season, trend, rw);
    for (let i = 0; i < inner; i++) innerPass(yy, rw, k, season, trend);
  }
  return { seasonal: season, trend };
}

export interface MstlResult {
  /** The periods decomposed (shortest first): those with more than two cycles in the series. */
  periods: number[];
  /** One seasonal component per period. */
  seasonals: Float64Array[];
  /** The series less every seasonal component (trend plus remainder). */
  adjusted: Float64Array;
}

/**
 * MSTL (forecast::mstl): each season in turn (shortest first) by STL of the series less the other seasons,
 * twice over when there are several; spans `sWindows[i]` (forecast::mstl's default 11, 15, ...). Periods with
 * fewer than two cycles in the series are left out.
 */
export function mstl(y: ArrayLike<number>, periods: number[], o: { sWindows: number[]; robust?: boolean }): MstlResult {
  const n = y.length;
  const kept = [...periods].sort((a, b) => a - b).filter((p) => p < n / 2 && Math.trunc(p) >= 2);
  const seasonals: Float64Array[] = kept.map(() => new Float64Array(n));
  const adjusted = Float64Array.from(y);
  const iterations = kept.length > 1 ? 2 : 1;
  for (let it = 0; it < iterations; it++)
    kept.forEach((p, i) => {
      for (let t = 0; t < n; t++) adjusted[t] += seasonals[i][t];
      seasonals[i] = stl(adjusted, p, {
        sWindow: o.sWindows[Math.min(i, o.sWindows.length - 1)],
        robust: o.robust,
      }).seasonal;
      for (let t = 0; t < n; t++) adjusted[t] -= seasonals[i][t];
    });
  return { periods: kept, seasonals, adjusted };
}

/** forecast::mstl's seasonal spans: 11 for the shortest season, 15 for the next, ... */
export const MSTL_WINDOWS = [11, 15, 19, 23, 27, 31];

/** The seasons carried forward: each period's last cycle repeated over the h future steps, summed. */
export function lastSeasons(d: MstlResult, h: number): Float64Array {
  const out = new Float64Array(h);
  d.periods.forEach((p, i) => {
    const s = d.seasonals[i];
    const np = Math.trunc(p);
    const n = s.length;
    for (let j = 0; j < h; j++) out[j] += s[n - np + (j % np)];
  });
  return out;
}
