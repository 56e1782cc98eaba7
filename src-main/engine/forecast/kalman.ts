/**
 * Exact Gaussian likelihood of an ARIMA process through its state-space form and the Kalman filter
 * (Harvey 1989; the representation R's stats::arima uses):
 *   w_t = Z a_t,  a_t = T a_{t-1} + R e_t,  Z = (1, 0, ..., 0),  T = [φ | I; 0],  R = (1, θ_1, ..., θ_{r-1})',
 * r = max(p, q + 1), started from the stationary state covariance. Missing values (NaN) are skipped by the
 * filter (prediction without update). Several series can be filtered at once with the same gains: the
 * regressors of a regression with ARMA errors, whose coefficients are then concentrated out by GLS.
 * Once the state covariance has converged the gains are frozen (steady state), so a long series costs
 * O(r) per step and series.
 *
 * Differencing can be put in the state instead of applied to the data (stats::arima): with
 * y_t = w_t + Σ δ_i y_{t-i} the state grows by the last d + D·m values of y, which start diffuse
 * (variance κ = 1e6), and an observation whose innovation variance is still that large resolves the diffuse
 * part and does not count in the likelihood. A series with gaps then loses one observation per difference,
 * not one per difference and gap (differencing the data turns one missing value into two or more).
 */

export interface ArmaPoly {
  /** w_t = Σ ar_i w_{t-i} + e_t + Σ ma_j e_{t-j} (full polynomials, seasonal parts multiplied in). */
  ar: number[];
  ma: number[];
}

/** Prior variance of the differenced (diffuse) part of the state, as stats::arima's `kappa`. */
export const DIFFUSE_KAPPA = 1e6;
/** An innovation variance at least this large belongs to a step that resolves the diffuse state (stats::arima). */
const DIFFUSE_GAIN = 1e4;

/** Stationary covariance of the state (σ² = 1) by the doubling algorithm for P = T P T' + R R'. */
export function stationaryCovariance(phi: Float64Array, rv: Float64Array): Float64Array {
  const r = phi.length;
  const P = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * r + j] = rv[i] * rv[j];
  // A = T as a dense matrix.
  let A = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    A[i * r] = phi[i];
    if (i + 1 < r) A[i * r + i + 1] = 1;
  }
  const tmp = new Float64Array(r * r);
  const mul = (X: Float64Array, Y: Float64Array, out: Float64Array, transY: boolean): void => {
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += X[i * r + k] * (transY ? Y[j * r + k] : Y[k * r + j]);
        out[i * r + j] = s;
      }
  };
  for (let it = 0; it < 60; it++) {
    // P <- P + A P A',  A <- A A
    mul(A, P, tmp, false);
    const APA = new Float64Array(r * r);
    mul(tmp, A, APA, true);
    let change = 0;
    let size = 0;
    for (let k = 0; k < r * r; k++) {
      P[k] += APA[k];
      change = Math.max(change, Math.abs(APA[k]));
      size = Math.max(size, Math.abs(P[k]));
    }
    if (change <= 1e-12 * size) break;
    if (!Number.isFinite(size) || size > 1e12) return P.fill(NaN);
    const AA = new Float64Array(r * r);
    mul(A, A, AA, false);
    A = AA;
  }
  return P;
}

/**
 * The transition of the state (ARMA part of length r, then the last values of y when differencing is in the
 * state): applied to state vectors and, row by row, to covariance matrices. `lags`/`coefs` are the non-zero
 * terms of δ (lag index from 0).
 */
class Transition {
  readonly r: number;
  readonly size: number;
  readonly lags: number[] = [];
  readonly coefs: number[] = [];
  constructor(
    readonly phi: Float64Array,
    delta: number[],
  ) {
    this.r = phi.length;
    this.size = this.r + delta.length;
    delta.forEach((c, i) => {
      if (c !== 0) {
        this.lags.push(i);
        this.coefs.push(c);
      }
    });
  }

  /** Z'a: the observation the state predicts (of the row of a matrix from `offset`: that row times Z). */
  observe(a: Float64Array, offset = 0): number {
    let s = a[offset];
    for (let k = 0; k < this.lags.length; k++) s += this.coefs[k] * a[offset + this.r + this.lags[k]];
    return s;
  }

  /** Z'A[:, j]: column j of a square matrix (row-major) times Z. */
  observeColumn(A: Float64Array, j: number): number {
    const n = this.size;
    let s = A[j];
    for (let k = 0; k < this.lags.length; k++) s += this.coefs[k] * A[(this.r + this.lags[k]) * n + j];
    return s;
  }

  /** a <- T a, in place. */
  step(a: Float64Array): void {
    const { r, size, phi } = this;
    const y = size > r ? this.observe(a) : 0;
    const a0 = a[0];
    for (let i = 0; i < r - 1; i++) a[i] = phi[i] * a0 + a[i + 1];
    a[r - 1] = phi[r - 1] * a0;
    for (let i = size - 1; i > r; i--) a[i] = a[i - 1];
    if (size > r) a[r] = y;
  }

  /** out = (T A)' for a square matrix A (row-major), so that applying it twice to P gives T P T'. */
  leftTransposed(A: Float64Array, out: Float64Array): void {
    const { r, size: n, phi } = this;
    for (let j = 0; j < n; j++) {
      const a0 = A[j];
      for (let i = 0; i < r - 1; i++) out[j * n + i] = phi[i] * a0 + A[(i + 1) * n + j];
      out[j * n + r - 1] = phi[r - 1] * a0;
      if (n > r) {
        let s = a0;
        for (let k = 0; k < this.lags.length; k++) s += this.coefs[k] * A[(r + this.lags[k]) * n + j];
        out[j * n + r] = s;
        for (let i = r + 1; i < n; i++) out[j * n + i] = A[(i - 1) * n + j];
      }
    }
  }
}

export interface FilterResult {
  /** Innovations of each input series (NaN where the first series is missing or the step is diffuse). */
  v: Float64Array[];
  /** Innovation variance (σ² = 1 units) at each step. */
  F: Float64Array;
  /** Predicted state of each series for the step after the last, and its covariance (σ² = 1). */
  aNext: Float64Array[];
  pNext: Float64Array;
  /** Steps that count in the likelihood (observed, past the diffuse start). */
  used: number;
}

/**
 * Runs the filter over every series in `ys` (all the same length; the first one's NaNs mark missing steps).
 * `delta`: the differencing in the state (`differencingLags`), empty when the series is already differenced.
 * Returns null when the ARMA polynomial is not stationary (no stationary start exists).
 */
export function kalmanFilter(ys: Float64Array[], poly: ArmaPoly, delta: number[] = []): FilterResult | null {
  const p = poly.ar.length;
  const q = poly.ma.length;
  const r = Math.max(p, q + 1);
  const n = ys[0].length;
  const k = ys.length;
  const phi = new Float64Array(r);
  poly.ar.forEach((v, i) => (phi[i] = v));
  const rv = new Float64Array(r);
  rv[0] = 1;
  poly.ma.forEach((v, i) => (rv[i + 1] = v));
  const Q0 = stationaryCovariance(phi, rv);
  if (Number.isNaN(Q0[0])) return null;
  const T = new Transition(phi, delta);
  const rd = T.size;
  const diffuse = rd > r;
  let P: Float64Array = new Float64Array(rd * rd);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * rd + j] = Q0[i * r + j];
  for (let i = r; i < rd; i++) P[i * rd + i] = DIFFUSE_KAPPA;
  const a = ys.map(() => new Float64Array(rd));
  const v = ys.map(() => new Float64Array(n));
  const F = new Float64Array(n);
  const M = new Float64Array(rd);
  const N = new Float64Array(rd);
  const U = new Float64Array(rd * rd);
  const X = new Float64Array(rd * rd);
  let Pn: Float64Array = new Float64Array(rd * rd);
  let steady = false;
  let used = 0;
  const y0 = ys[0];
  for (let t = 0; t < n; t++) {
    const missing = Number.isNaN(y0[t]);
    // M = P Z, N = Z' P (equal but for rounding: the update uses both, as the filter always has), f = Z' P Z.
    for (let i = 0; i < rd; i++) M[i] = T.observe(P, i * rd);
    for (let j = 0; j < rd; j++) N[j] = T.observeColumn(P, j);
    const f = T.observe(M);
    F[t] = f;
    const counted = !missing && (!diffuse || f < DIFFUSE_GAIN);
    if (counted) used++;
    for (let s = 0; s < k; s++) {
      const as = a[s];
      if (missing) v[s][t] = NaN;
      else {
        const e = ys[s][t] - T.observe(as);
        v[s][t] = counted ? e : NaN;
        for (let i = 0; i < rd; i++) as[i] += (M[i] / f) * e;
      }
      T.step(as);
    }
    if (steady && !missing) continue;
    // Covariance: update (P - M N / f when observed), then predict T P T' + R R'.
    if (!missing) {
      for (let i = 0; i < rd; i++) for (let j = 0; j < rd; j++) U[i * rd + j] = P[i * rd + j] - (M[i] / f) * N[j];
    } else U.set(P);
    T.leftTransposed(U, X);
    T.leftTransposed(X, Pn);
    let change = 0;
    for (let i = 0; i < rd; i++)
      for (let j = 0; j < rd; j++) {
        const val = Pn[i * rd + j] + (i < r && j < r ? rv[i] * rv[j] : 0);
        change = Math.max(change, Math.abs(val - P[i * rd + j]));
        Pn[i * rd + j] = val;
      }
    [P, Pn] = [Pn, P];
    steady = !missing && change < 1e-11;
  }
  return { v, F, aNext: a, pNext: P, used };
}

export interface Concentrated {
  /** -2 log-likelihood at the GLS coefficients and the ML σ². */
  m2ll: number;
  sigma2: number;
  beta: number[];
  used: number;
}

/**
 * -2 log-likelihood of y - Xβ ~ ARMA with β and σ² concentrated out (GLS on the filtered innovations).
 * `y` may hold NaN (missing); regressors must not. `delta`: differencing in the state (see `kalmanFilter`).
 */
export function concentratedLikelihood(
  y: Float64Array,
  X: Float64Array[],
  poly: ArmaPoly,
  delta: number[] = [],
): Concentrated | null {
  const res = kalmanFilter([y, ...X], poly, delta);
  if (!res) return null;
  const { v, F, used } = res;
  const k = X.length;
  const n = y.length;
  let beta: number[] = [];
  if (k > 0) {
    const A = new Float64Array(k * k);
    const b = new Float64Array(k);
    for (let t = 0; t < n; t++) {
      if (Number.isNaN(v[0][t])) continue;
      const w = 1 / F[t];
      for (let i = 0; i < k; i++) {
        const xi = v[i + 1][t] * w;
        b[i] += xi * v[0][t];
        for (let j = 0; j <= i; j++) A[i * k + j] += xi * v[j + 1][t];
      }
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) A[j * k + i] = A[i * k + j];
    const sol = solveSpd(A, b, k);
    if (!sol) return null;
    beta = sol;
  }
  let ssq = 0;
  let logF = 0;
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(v[0][t])) continue;
    let e = v[0][t];
    for (let i = 0; i < k; i++) e -= beta[i] * v[i + 1][t];
    ssq += (e * e) / F[t];
    logF += Math.log(F[t]);
  }
  if (used === 0 || !(ssq >= 0)) return null;
  // A series the model fits exactly (a pure season after differencing) gets a tiny, finite variance.
  const sigma2 = Math.max(ssq / used, 1e-300);
  return { m2ll: used * Math.log(2 * Math.PI * sigma2) + logF + used, sigma2, beta, used };
}

/** Solves A x = b for a symmetric positive (semi)definite A by Cholesky with a tiny ridge; null if singular. */
export function solveSpd(A: Float64Array, b: Float64Array, k: number): number[] | null {
  const L = new Float64Array(k * k);
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, A[i * k + i]);
  const ridge = 1e-10 * (scale || 1);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j] + (i === j ? ridge : 0);
      for (let l = 0; l < j; l++) s -= L[i * k + l] * L[j * k + l];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j];
    }
  }
  const z = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let l = 0; l < i; l++) s -= L[i * k + l] * z[l];
    z[i] = s / L[i * k + i];
  }
  const x = new Array<number>(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let l = i + 1; l < k; l++) s -= L[l * k + i] * x[l];
    x[i] = s / L[i * k + i];
  }
  return x;
}

/**
 * Point forecasts for h steps from the filter's predicted state (future shocks zero): of w, or of y itself
 * when the differencing `delta` is in the state.
 */
export function stateForecast(aNext: Float64Array, ar: number[], h: number, delta: number[] = []): Float64Array {
  const phi = new Float64Array(aNext.length - delta.length);
  ar.forEach((v, i) => (phi[i] = v));
  const T = new Transition(phi, delta);
  const a = Float64Array.from(aNext);
  const out = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    out[j] = T.observe(a);
    T.step(a);
  }
  return out;
}

/**
 * ψ-weights of the MA(∞) form of an ARIMA model (differencing multiplied into the AR side): the h-step
 * forecast-error variance is σ² Σ_{j<h} ψ_j².
 */
export function psiWeights(arFull: number[], ma: number[], h: number): Float64Array {
  const psi = new Float64Array(h);
  psi[0] = 1;
  for (let j = 1; j < h; j++) {
    let s = j - 1 < ma.length ? ma[j - 1] : 0;
    for (let i = 0; i < arFull.length && i < j; i++) s += arFull[i] * psi[j - 1 - i];
    psi[j] = s;
  }
  return psi;
}
