/** Forecast accuracy metrics on one window. */
export interface ForecastMetrics {
  mae: number;
  rmse: number;
  /** Percent; omitted when an actual value is zero. */
  mape?: number;
  /** Symmetric MAPE in percent (0..200). */
  smape: number;
  /** MAE scaled by the in-sample MAE of the seasonal naive forecast (Hyndman & Koehler 2006). */
  mase: number;
}

/**
 * In-sample MAE of the seasonal naive forecast on the training series: the MASE denominator.
 * Falls back to lag 1, then to 1, when the series repeats exactly (a pure seasonal series).
 */
export function maseScale(train: ArrayLike<number>, m: number): number {
  for (const lag of m > 1 ? [m, 1] : [1]) {
    let s = 0;
    let c = 0;
    for (let i = lag; i < train.length; i++) {
      s += Math.abs(train[i] - train[i - lag]);
      c++;
    }
    if (c > 0 && s / c > 1e-12) return s / c;
  }
  return 1;
}

export function forecastMetrics(actual: ArrayLike<number>, pred: ArrayLike<number>, scale: number): ForecastMetrics {
  const n = actual.length;
  let ae = 0;
  let se = 0;
  let ape = 0;
  let sape = 0;
  let zero = false;
  for (let i = 0; i < n; i++) {
    const e = actual[i] - pred[i];
    ae += Math.abs(e);
    se += e * e;
    if (actual[i] === 0) zero = true;
    else ape += Math.abs(e / actual[i]);
    const den = Math.abs(actual[i]) + Math.abs(pred[i]);
    sape += den === 0 ? 0 : (2 * Math.abs(e)) / den;
  }
  const out: ForecastMetrics = { mae: ae / n, rmse: Math.sqrt(se / n), smape: (100 * sape) / n, mase: ae / n / scale };
  if (!zero) out.mape = (100 * ape) / n;
  return out;
}

/** Mean of each metric over folds (mape only when every fold has it). */
export function averageMetrics(list: ForecastMetrics[]): ForecastMetrics {
  const avg = (k: keyof ForecastMetrics): number => list.reduce((a, m) => a + (m[k] ?? 0), 0) / list.length;
  const out: ForecastMetrics = { mae: avg('mae'), rmse: avg('rmse'), smape: avg('smape'), mase: avg('mase') };
  if (list.every((m) => m.mape !== undefined)) out.mape = avg('mape');
  return out;
}

/** Mean or median of numbers. */
export function combineValues(v: number[], how: 'mean' | 'median'): number {
  if (how === 'mean') return v.reduce((a, b) => a + b, 0) / v.length;
  const s = [...v].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/**
 * Interval bounds of a pool at one step when only some members have an interval (boosted trees have none): the
 * pool's forecast plus the mean distance of those members' bounds from their own forecasts. With every member
 * banded and the mean pool this is the mean of the bounds. The backtest calibration then widens it per step by
 * the pool's own errors (calibration.ts), as it does any model interval.
 */
export function pooledBounds(
  pool: number,
  members: Array<{ mean: number; lower?: number; upper?: number }>,
): { lower: number; upper: number } {
  let lo = 0;
  let up = 0;
  let k = 0;
  for (const m of members)
    if (m.lower !== undefined && m.upper !== undefined) {
      lo += m.lower - m.mean;
      up += m.upper - m.mean;
      k++;
    }
  return k > 0 ? { lower: pool + lo / k, upper: pool + up / k } : { lower: NaN, upper: NaN };
}
