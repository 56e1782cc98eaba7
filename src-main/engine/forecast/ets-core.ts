/** Holt-Winters / ETS recursions (additive errors), shared by fitting and forecasting. */

export type TrendKind = 'N' | 'A' | 'Ad';
export type SeasonKind = 'N' | 'A' | 'M';

export interface EtsSpec {
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

/**
 * Runs the recursions over y from the given states. Returns the sum of squared one-step errors
 * (Infinity when a multiplicative model breaks down) and leaves the final states in `st`.
 */
export function filter(spec: EtsSpec, y: Float64Array, st: EtsStates, residuals?: Float64Array): number {
  const { alpha, beta, gamma, m } = spec;
  const phi = spec.trend === 'Ad' ? spec.phi : 1;
  const hasTrend = spec.trend !== 'N';
  let { level, trend } = st;
  const season = st.season;
  let sse = 0;
  for (let i = 0; i < y.length; i++) {
    const phib = hasTrend ? phi * trend : 0;
    const base = level + phib;
    const sIdx = m > 1 ? i % m : 0;
    const s = season[sIdx];
    let yhat = base;
    if (spec.season === 'A') yhat = base + s;
    else if (spec.season === 'M') {
      if (!(base > 0) || !(s > 0)) return Infinity;
      yhat = base * s;
    }
    const e = y[i] - yhat;
    if (residuals) residuals[i] = e;
    sse += e * e;
    const deseason = spec.season === 'A' ? y[i] - s : spec.season === 'M' ? y[i] / s : y[i];
    const newLevel = alpha * deseason + (1 - alpha) * base;
    if (hasTrend) trend = beta * (newLevel - level) + (1 - beta) * phib;
    if (spec.season === 'A') season[sIdx] = gamma * (y[i] - base) + (1 - gamma) * s;
    else if (spec.season === 'M') season[sIdx] = gamma * (y[i] / base) + (1 - gamma) * s;
    level = newLevel;
  }
  st.level = level;
  st.trend = trend;
  return sse;
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
