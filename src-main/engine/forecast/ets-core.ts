/**
 * ETS state-space recursions (Hyndman, Koehler, Ord & Snyder 2008): error A/M, trend N/A/Ad, season N/A/M.
 * Given the parameters, the state updates are the same for additive and multiplicative errors (written
 * with the absolute one-step error); the error type changes the likelihood and the forecast variance.
 */

export type TrendKind = 'N' | 'A' | 'Ad';
export type SeasonKind = 'N' | 'A' | 'M';

export type ErrorKind = 'A' | 'M';

export interface EtsSpec {
  error: ErrorKind;
  trend: TrendKind;
  season: SeasonKind;
  m: number;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface EtsStates {
  level: number;
  trend: number;
  /** season[i % m] is the seasonal state for absolute position i. */
  season: Float64Array;
}

/**
 * Heuristic initial states (Hyndman et al. 2008, section 2.6.1): seasonal indices from a classical
 * decomposition of the first cycles, level and trend from a line through the first deseasonalised values.
 * Derived from the history itself, so the same fitted smoothing parameters apply to new history.
 */
export function initialStates(y: Float64Array, trend: TrendKind, seasonKind: SeasonKind, m: number): EtsStates {
  const n = y.length;
  const season = new Float64Array(Math.max(1, m)).fill(seasonKind === 'M' ? 1 : 0);
  if (seasonKind !== 'N' && m > 1 && n >= 2 * m) {
    const cycles = Math.min(Math.floor(n / m), 4);
    const len = cycles * m;
    const half = Math.floor(m / 2);
    const sums = new Float64Array(m);
    const counts = new Float64Array(m);
    for (let i = half; i < len - half - (m % 2 === 0 ? 1 : 0); i++) {
      let ma: number;
      if (m % 2 === 1) {
        ma = 0;
        for (let j = i - half; j <= i + half; j++) ma += y[j];
        ma /= m;
      } else {
        // 2 x m centred moving average for an even period.
        ma = 0.5 * y[i - half] + 0.5 * y[i + half];
        for (let j = i - half + 1; j < i + half; j++) ma += y[j];
        ma /= m;
      }
      sums[i % m] += seasonKind === 'M' ? y[i] / ma : y[i] - ma;
      counts[i % m]++;
    }
    let mean = 0;
    for (let j = 0; j < m; j++) {
      season[j] = counts[j] > 0 ? sums[j] / counts[j] : seasonKind === 'M' ? 1 : 0;
      mean += season[j] / m;
    }
    for (let j = 0; j < m; j++) season[j] = seasonKind === 'M' ? season[j] / mean : season[j] - mean;
  }
  const k = Math.min(n, Math.max(10, seasonKind === 'N' ? 10 : 2 * m));
  const d = new Float64Array(k);
  for (let i = 0; i < k; i++)
    d[i] = seasonKind === 'M' ? y[i] / season[i % m] : seasonKind === 'A' ? y[i] - season[i % m] : y[i];
  if (trend === 'N') {
    let mean = 0;
    for (let i = 0; i < k; i++) mean += d[i] / k;
    return { level: mean, trend: 0, season };
  }
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < k; i++) {
    sx += i;
    sy += d[i];
    sxx += i * i;
    sxy += i * d[i];
  }
  const slope = k > 1 ? (k * sxy - sx * sy) / (k * sxx - sx * sx) : 0;
  const intercept = (sy - slope * sx) / k;
  // States sit one step before the first observation.
  return { level: intercept - slope, trend: slope, season };
}

/** Result of running the recursions over a series. */
export interface FilterStats {
  /** -2 log-likelihood up to a constant (Infinity when the model breaks down). */
  m2ll: number;
  /** Sum of squared errors on the error's own scale (absolute for A, relative for M). */
  sse: number;
  /** Observations used. */
  n: number;
}

/**
 * Runs the recursions over y from the given states, leaving the final states in `st`. NaN values of y are
 * missing: the state moves on with its one-step forecast. Returns the likelihood statistics.
 */
export function filter(spec: EtsSpec, y: ArrayLike<number>, st: EtsStates, residuals?: Float64Array): FilterStats {
  const { alpha, beta, gamma, m } = spec;
  const phi = spec.trend === 'Ad' ? spec.phi : 1;
  const hasTrend = spec.trend !== 'N';
  let { level, trend } = st;
  const season = st.season;
  let sse = 0;
  let logSum = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const phib = hasTrend ? phi * trend : 0;
    const base = level + phib;
    const sIdx = m > 1 ? i % m : 0;
    const s = season[sIdx];
    let yhat = base;
    if (spec.season === 'A') yhat = base + s;
    else if (spec.season === 'M') {
      if (!(base > 0) || !(s > 0)) return { m2ll: Infinity, sse: Infinity, n };
      yhat = base * s;
    }
    if (spec.error === 'M' && !(yhat > 0)) return { m2ll: Infinity, sse: Infinity, n };
    const obs = y[i];
    const e = Number.isNaN(obs) ? 0 : obs - yhat;
    if (residuals) residuals[i] = e;
    if (!Number.isNaN(obs)) {
      n++;
      if (spec.error === 'A') sse += e * e;
      else {
        sse += (e / yhat) ** 2;
        logSum += Math.log(yhat);
      }
    }
    if (spec.season === 'M') {
      level = base + (alpha * e) / s;
      if (hasTrend) trend = phib + (beta * e) / s;
      season[sIdx] = s + (gamma * e) / base;
    } else {
      level = base + alpha * e;
      if (hasTrend) trend = phib + beta * e;
      if (spec.season === 'A') season[sIdx] = s + gamma * e;
    }
  }
  st.level = level;
  st.trend = trend;
  if (n === 0 || !(sse >= 0) || !Number.isFinite(sse)) return { m2ll: Infinity, sse: Infinity, n };
  const m2ll = n * Math.log(Math.max(sse, 1e-300)) + 2 * logSum;
  return { m2ll, sse, n };
}

/** Point forecasts for the h steps after a history of length n, from the states after filtering. */
export function etsForecast(spec: EtsSpec, st: EtsStates, n: number, h: number): Float64Array {
  const out = new Float64Array(h);
  const phi = spec.trend === 'Ad' ? spec.phi : 1;
  let damp = 0;
  let pw = 1;
  for (let j = 1; j <= h; j++) {
    pw *= phi;
    damp += spec.trend === 'N' ? 0 : spec.trend === 'A' ? 1 : pw;
    const base = st.level + damp * st.trend;
    const s = spec.m > 1 ? st.season[(n + j - 1) % spec.m] : spec.season === 'M' ? 1 : 0;
    out[j - 1] = spec.season === 'A' ? base + s : spec.season === 'M' ? base * s : base;
  }
  return out;
}

/**
 * Forecast standard deviations: exact for the linear models (additive error, no multiplicative season;
 * Hyndman et al. 2008, class 1: v_h = σ²(1 + Σ_{j<h} c_j²), c_j = α + β Σ_{i≤j} φ^i + γ·[m divides j]);
 * for multiplicative errors the same weights on the relative scale times the point forecast (a first-order
 * approximation of their class 2/3 results).
 */
export function etsSd(spec: EtsSpec, sigma2: number, mean: Float64Array): Float64Array {
  const h = mean.length;
  const out = new Float64Array(h);
  const phi = spec.trend === 'Ad' ? spec.phi : 1;
  let acc = 1;
  let damp = 0;
  let pw = 1;
  for (let j = 1; j <= h; j++) {
    const v = sigma2 * acc;
    out[j - 1] = spec.error === 'A' ? Math.sqrt(v) : Math.abs(mean[j - 1]) * Math.sqrt(v);
    pw *= phi;
    damp += spec.trend === 'N' ? 0 : spec.trend === 'A' ? 1 : pw;
    const c = spec.alpha + spec.beta * damp + (spec.season !== 'N' && spec.m > 1 && j % spec.m === 0 ? spec.gamma : 0);
    acc += c * c;
  }
  return out;
}
