/**
 * Exact Gaussian likelihood of an ARMA process through its state-space form and the Kalman filter
 * (Harvey 1989; the representation R's stats::arima uses):
 *   w_t = Z a_t,  a_t = T a_{t-1} + R e_t,  Z = (1, 0, ..., 0),  T = [φ | I; 0],  R = (1, θ_1, ..., θ_{r-1})',
 * r = max(p, q + 1), started from the stationary state covariance. Missing values (NaN) are skipped by the
 * filter (prediction without update). Several series can be filtered at once with the same gains: the
 * regressors of a regression with ARMA errors, whose coefficients are then concentrated out by GLS.
 * Once the state covariance has converged the gains are frozen (steady state), so a long series costs
 * O(r) per step and series.
 */

export interface ArmaPoly {
  /** w_t = Σ ar_i w_{t-i} + e_t + Σ ma_j e_{t-j} (full polynomials, seasonal parts multiplied in). */
  ar: number[];
  ma: number[];
}

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

export interface FilterResult {
  /** Innovations of each input series (NaN where the first series is missing). */
  v: Float64Array[];
  /** Innovation variance (σ² = 1 units) at each step. */
  F: Float64Array;
  /** Predicted state of each series for the step after the last, and its covariance (σ² = 1). */
  aNext: Float64Array[];
  pNext: Float64Array;
  /** Steps with an observation. */
  used: number;
}

/**
 * Runs the filter over every series in `ys` (all the same length; the first one's NaNs mark missing steps).
 * Returns null when the ARMA polynomial is not stationary (no stationary start exists).
 */
export function kalmanFilter(ys: Float64Array[], poly: ArmaPoly): FilterResult | null {
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
  let P: Float64Array = stationaryCovariance(phi, rv);
  if (Number.isNaN(P[0])) return null;
  const a = ys.map(() => new Float64Array(r));
  const v = ys.map(() => new Float64Array(n));
  const F = new Float64Array(n);
  const gain = new Float64Array(r);
  const M = new Float64Array(r * r);
  let Pn: Float64Array = new Float64Array(r * r);
  let steady = false;
  let used = 0;
  const y0 = ys[0];
  for (let t = 0; t < n; t++) {
    const missing = Number.isNaN(y0[t]);
    const f = P[0];
    F[t] = f;
    if (!missing) {
      used++;
      for (let i = 0; i < r; i++) gain[i] = P[i * r] / f;
    }
    for (let s = 0; s < k; s++) {
      const as = a[s];
      if (missing) v[s][t] = NaN;
      else {
        const e = ys[s][t] - as[0];
        v[s][t] = e;
        for (let i = 0; i < r; i++) as[i] += gain[i] * e;
      }
      // a <- T a
      const a0 = as[0];
      for (let i = 0; i < r - 1; i++) as[i] = phi[i] * a0 + as[i + 1];
      as[r - 1] = phi[r - 1] * a0;
    }
    if (steady && !missing) continue;
    // Covariance: update (P - P[:,0] P[0,:] / f when observed), then predict T P T' + R R'.
    if (!missing) {
      for (let i = 0; i < r; i++) {
        const gi = P[i * r] / f;
        for (let j = 0; j < r; j++) M[i * r + j] = P[i * r + j] - gi * P[j];
      }
    } else M.set(P);
    // Pn = T M T' + R R': first X = T M (rows), then X T'.
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) Pn[i * r + j] = phi[i] * M[j] + (i + 1 < r ? M[(i + 1) * r + j] : 0);
    for (let i = 0; i < r; i++) {
      const x0 = Pn[i * r];
      for (let j = 0; j < r; j++) M[i * r + j] = phi[j] * x0 + (j + 1 < r ? Pn[i * r + j + 1] : 0);
    }
    let change = 0;
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        const val = M[i * r + j] + rv[i] * rv[j];
        change = Math.max(change, Math.abs(val - P[i * r + j]));
        Pn[i * r + j] = val;
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
 * `y` may hold NaN (missing); regressors must not.
 */
export function concentratedLikelihood(y: Float64Array, X: Float64Array[], poly: ArmaPoly): Concentrated | null {
  const res = kalmanFilter([y, ...X], poly);
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

/** Point forecasts of w for h steps from the filter's predicted state (future shocks zero). */
export function stateForecast(aNext: Float64Array, ar: number[], h: number): Float64Array {
  const r = aNext.length;
  const phi = new Float64Array(r);
  ar.forEach((v, i) => (phi[i] = v));
  const a = Float64Array.from(aNext);
  const out = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    out[j] = a[0];
    const a0 = a[0];
    for (let i = 0; i < r - 1; i++) a[i] = phi[i] * a0 + a[i + 1];
    a[r - 1] = phi[r - 1] * a0;
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
