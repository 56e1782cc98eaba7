/** SARIMA building blocks: differencing, polynomial expansion, conditional sum of squares, KPSS. */

/** Maps unconstrained values to coefficients of a stationary AR polynomial (tanh partial autocorrelations, Durbin-Levinson). */
export function pacfToAr(x: number[]): number[] {
  let phi: number[] = [];
  for (let k = 0; k < x.length; k++) {
    const r = Math.tanh(x[k]);
    const next = phi.map((v, j) => v - r * phi[k - 1 - j]);
    next.push(r);
    phi = next;
  }
  return phi;
}

/**
 * Lag coefficients of (1 - sum a_i B^i)(1 - sum s_j B^(jm)) as c with (1 - sum c_k B^k).
 * With sign = -1 the same for MA polynomials written (1 + ...).
 */
export function expand(a: number[], s: number[], m: number): number[] {
  const len = a.length + s.length * m;
  const poly = new Array<number>(len + 1).fill(0);
  const left = [1, ...a.map((v) => -v)];
  const right = new Array<number>(s.length * m + 1).fill(0);
  right[0] = 1;
  s.forEach((v, j) => (right[(j + 1) * m] = -v));
  for (let i = 0; i < left.length; i++) for (let j = 0; j < right.length; j++) poly[i + j] += left[i] * right[j];
  return poly.slice(1).map((v) => -v);
}

export interface Differencing {
  d: number;
  D: number;
  m: number;
}

/** (1 - B)^d (1 - B^m)^D y. */
export function difference(y: ArrayLike<number>, { d, D, m }: Differencing): Float64Array {
  let z = Float64Array.from(y);
  for (let k = 0; k < D; k++) z = Float64Array.from({ length: z.length - m }, (_, i) => z[i + m] - z[i]);
  for (let k = 0; k < d; k++) z = Float64Array.from({ length: z.length - 1 }, (_, i) => z[i + 1] - z[i]);
  return z;
}

/** (1 - Σ a_i B^i)(1 - Σ b_j B^j) as (1 - Σ c_k B^k). */
export function multiplyLags(a: number[], b: number[]): number[] {
  const left = [1, ...a.map((v) => -v)];
  const right = [1, ...b.map((v) => -v)];
  const out = new Array<number>(left.length + right.length - 1).fill(0);
  for (let i = 0; i < left.length; i++) for (let j = 0; j < right.length; j++) out[i + j] += left[i] * right[j];
  return out.slice(1).map((v) => -v);
}

/**
 * The differencing (1 - B)^d (1 - B^m)^D as lag coefficients δ: y_t = Δy_t + Σ δ_i y_{t-i}; multiplied into
 * an AR polynomial `ar` when given (the ψ-weights of an ARIMA model).
 */
export function differencingLags({ d, D, m }: Differencing, ar: number[] = []): number[] {
  let delta = ar;
  for (let i = 0; i < d; i++) delta = multiplyLags(delta, [1]);
  for (let i = 0; i < D; i++) delta = multiplyLags(delta, [...new Array<number>(m - 1).fill(0), 1]);
  return delta;
}

/** Turns forecasts of the differenced series back into forecasts of y. */
export function integrate(y: ArrayLike<number>, wFuture: Float64Array, { d, D, m }: Differencing): Float64Array {
  // Stack of series after each differencing step, so each level can be undone with its own history.
  const levels: Float64Array[] = [Float64Array.from(y)];
  for (let k = 0; k < D; k++) {
    const z = levels[levels.length - 1];
    levels.push(Float64Array.from({ length: z.length - m }, (_, i) => z[i + m] - z[i]));
  }
  for (let k = 0; k < d; k++) {
    const z = levels[levels.length - 1];
    levels.push(Float64Array.from({ length: z.length - 1 }, (_, i) => z[i + 1] - z[i]));
  }
  let future = wFuture;
  for (let lvl = levels.length - 2; lvl >= 0; lvl--) {
    const hist = levels[lvl];
    const lag = lvl < D ? m : 1;
    const ext = new Float64Array(hist.length + future.length);
    ext.set(hist);
    for (let j = 0; j < future.length; j++) ext[hist.length + j] = future[j] + ext[hist.length + j - lag];
    future = ext.subarray(hist.length);
  }
  return Float64Array.from(future);
}

/**
 * Conditional sum of squares of an ARMA model of w (zero mean; ar: w_t = Σ ar_i w_{t-i} + e_t + Σ ma_j e_{t-j}),
 * conditioned on the first max(ar order) values. Missing values (NaN) count as 0 with a zero residual.
 * The cheap criterion of the order search (auto.arima's approximation); the chosen model is refitted by exact ML.
 */
export function cssSum(w: Float64Array, ar: number[], ma: number[], e: Float64Array): number {
  const p = ar.length;
  const q = ma.length;
  let sse = 0;
  for (let t = 0; t < w.length; t++) {
    if (t < p || Number.isNaN(w[t])) {
      e[t] = 0;
      continue;
    }
    let v = w[t];
    for (let i = 0; i < p; i++) {
      const past = w[t - 1 - i];
      if (!Number.isNaN(past)) v -= ar[i] * past;
    }
    for (let j = 0; j < q && j < t; j++) v -= ma[j] * e[t - 1 - j];
    e[t] = v;
    sse += v * v;
  }
  return sse;
}

/** KPSS level-stationarity statistic (Kwiatkowski et al. 1992) with a Bartlett long-run variance; 5% critical value 0.463. */
export function kpss(x: ArrayLike<number>): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] / n;
  const r = Float64Array.from({ length: n }, (_, i) => x[i] - mean);
  let s = 0;
  let eta = 0;
  for (let i = 0; i < n; i++) {
    s += r[i];
    eta += s * s;
  }
  const lags = Math.floor((3 * Math.sqrt(n)) / 13);
  let lr = 0;
  for (let i = 0; i < n; i++) lr += r[i] * r[i];
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let i = l; i < n; i++) c += r[i] * r[i - l];
    lr += 2 * (1 - l / (lags + 1)) * c;
  }
  lr /= n;
  return lr > 0 ? eta / (n * n * lr) : 0;
}
