import { forecastSpec, type ForecastData } from '@shared/charts';
import { periodDate, type Frequency } from './frequency';
import type { ForecastRow } from './model-json';
import type { TaskChart } from '../artifacts/task-result';

/** History (last 400 points) plus forecast with its interval band, in the shape the review diagnostics read. */
export function forecastData(t: Float64Array, y: Float64Array, rows: ForecastRow[], freq: Frequency): ForecastData {
  const tail = Math.max(0, y.length - 400);
  const last = t[t.length - 1];
  return {
    historyX: Array.from(t.subarray(tail)),
    historyY: Array.from(y.subarray(tail)),
    forecastX: rows.map((_, j) => periodDate(freq, last, j + 1)),
    forecastY: rows.map((r) => r.prediction),
    lower: rows.map((r) => r.lower),
    upper: rows.map((r) => r.upper),
  };
}

export function forecastChart(data: ForecastData, target: string): TaskChart[] {
  return [{ title: 'Forecast', spec: forecastSpec(data, target) }];
}
