import type { ForecastPath, SeriesView } from './types';

/**
 * Box-Cox transformation (Box & Cox 1964) with λ chosen by Guerrero's method (1993), and the
 * bias-adjusted back-transform that turns a forecast median on the transformed scale into a mean
 * (Hyndman & Athanasopoulos, FPP3 §5.6). λ = 1 leaves the series as it is (shifted by 1), λ = 0 is the log.
 */

/** Box-Cox of one value (y > 0 for λ ≤ 0). */
export function boxCox(y: number, lambda: number): number {
  if (lambda === 0) return Math.log(y);
  return (Math.sign(y) * Math.abs(y) ** lambda - 1) / lambda;
}

/** Inverse Box-Cox (the median on the original scale when z is a median). */
export function invBoxCox(z: number, lambda: number): number {
  if (lambda === 0) return Math.exp(z);
  const u = lambda * z + 1;
  // Outside the range of the transform the inverse is undefined: clamp at the boundary (0).
  if (u <= 0) return lambda > 0 ? 0 : Infinity;
  return u ** (1 / lambda);
}

/**
 * Mean on the original scale of a normal forecast N(z, variance) on the Box-Cox scale (second-order
 * Taylor bias adjustment, as R's forecast::InvBoxCox with biasadj = TRUE).
 */
export function invBoxCoxMean(z: number, variance: number, lambda: number): number {
  const x = invBoxCox(z, lambda);
  if (!(variance > 0) || !Number.isFinite(x)) return x;
  if (lambda === 0) return x * (1 + variance / 2);
  const u = lambda * z + 1;
  if (u <= 0) return x;
  return x * (1 + (variance * (1 - lambda)) / (2 * u * u));
}

export function boxCoxArray(y: ArrayLike<number>, lambda: number): Float64Array {
  return Float64Array.from({ length: y.length }, (_, i) => boxCox(y[i], lambda));
}

/** Sum of log(y): the Jacobian term that makes likelihoods on Box-Cox scales comparable ((λ-1)·Σ log y). */
export function logJacobian(y: ArrayLike<number>, lambda: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) s += Math.log(y[i]);
  return (lambda - 1) * s;
}

/**
 * Guerrero's λ: the value that makes sd / mean^(1-λ) most constant across subseries of one season
 * (two points when there is no season), minimised over [lower, upper] by golden-section search.
 * Needs a positive series; returns 1 (no transformation) otherwise.
 */
export function guerreroLambda(y: ArrayLike<number>, m: number, lower = -1, upper = 2): number {
  for (let i = 0; i < y.length; i++) if (!(y[i] > 0)) return 1;
  const period = Math.max(2, Math.round(m));
  const groups = Math.floor(y.length / period);
  if (groups < 2) return 1;
  // Use the most recent whole seasons, as R's forecast::BoxCox.lambda does.
  const start = y.length - groups * period;
  const mu: number[] = [];
  const sd: number[] = [];
  for (let g = 0; g < groups; g++) {
    let s = 0;
    for (let j = 0; j < period; j++) s += y[start + g * period + j];
    const mean = s / period;
    let v = 0;
    for (let j = 0; j < period; j++) v += (y[start + g * period + j] - mean) ** 2;
    mu.push(mean);
    sd.push(Math.sqrt(v / (period - 1)));
  }
  const cv = (lambda: number): number => {
    const rat = sd.map((s, i) => s / mu[i] ** (1 - lambda));
    const mean = rat.reduce((a, b) => a + b, 0) / rat.length;
    if (!(mean > 0)) return Infinity;
    const v = rat.reduce((a, b) => a + (b - mean) ** 2, 0) / (rat.length - 1);
    return Math.sqrt(v) / mean;
  };
  return goldenSection(cv, lower, upper, 1e-4);
}

/** Minimiser of a unimodal function on [a, b]. */
export function goldenSection(f: (x: number) => number, a: number, b: number, tol: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** Normal quantile for a two-sided central interval at `level` (0.8 → 1.2816, 0.95 → 1.96). */
export function normalQuantile(level: number): number {
  // Acklam's rational approximation of the inverse normal CDF (|error| < 1.2e-9).
  const p = 0.5 + level / 2;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pHigh = 1 - 0.02425;
  if (p > pHigh) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** The series on the model's scale: Box-Cox when λ is set, NaN where a value was missing (filled). */
export function modelScale(y: Float64Array, lambda: number | null, missing?: Uint8Array): Float64Array {
  return Float64Array.from(y, (v, i) => (missing?.[i] ? NaN : lambda === null ? v : boxCox(v, lambda)));
}

/**
 * A forecast that is normal on the model's scale (mean z, standard deviation sd per step): the mean on the
 * original scale (bias-adjusted when transformed) and intervals whose bounds are transformed back.
 */
export function pathFromNormal(z: Float64Array, sd: Float64Array, lambda: number | null): ForecastPath {
  const mean = Float64Array.from(z, (v, j) => (lambda === null ? v : invBoxCoxMean(v, sd[j] * sd[j], lambda)));
  const back = (v: number): number => (lambda === null ? v : invBoxCox(v, lambda));
  return {
    mean,
    interval(level: number) {
      const q = normalQuantile(level);
      return {
        lower: Float64Array.from(z, (v, j) => back(v - q * sd[j])),
        upper: Float64Array.from(z, (v, j) => back(v + q * sd[j])),
      };
    },
  };
}

/** λ worth trying: a positive series whose Guerrero λ is clearly below 1 (variance growing with the level). */
export function candidateLambda(s: SeriesView): number | null {
  if (!s.y.every((v) => v > 0)) return null;
  const lambda = guerreroLambda(s.y, s.m);
  return lambda < 0.75 ? Math.max(0, Math.round(lambda * 100) / 100) : null;
}
