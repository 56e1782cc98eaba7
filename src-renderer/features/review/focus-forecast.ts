import type { LineSpec } from '@shared/charts';
import { extent } from '@shared/charts/scale';

/**
 * A forecast drawn after a long history is a sliver at the right edge. The chart opens zoomed on the last `ratio`
 * horizons of history (at least `minPoints` points) and the whole forecast; the rest of the history stays in the
 * chart, one "Show all" or a pan away. Null when there is nothing to focus (no series named like "forecast", or a
 * history short enough to show whole).
 */
export function forecastFocus(spec: LineSpec, ratio = 4, minPoints = 60): [number, number] | null {
  const forecast = spec.series.find((s) => /forecast/i.test(s.name) && s.x.length > 0);
  if (!forecast) return null;
  // extent, not Math.min(...x): a long horizon spread into one call overflows the stack past ~125k points.
  const [start, end] = extent(forecast.x) ?? [NaN, NaN];
  const span = end - start;
  if (!(span > 0)) return null;
  const history = spec.series
    .filter((s) => s !== forecast)
    .flatMap((s) => s.x)
    .filter((x) => Number.isFinite(x) && x < start)
    .sort((a, b) => a - b);
  if (!history.length) return null;
  let from = start - ratio * span;
  const kept = history.filter((x) => x >= from).length;
  // Too few points left would lose the seasonal shape: keep the last minPoints instead.
  if (kept < Math.min(minPoints, history.length)) from = history[Math.max(0, history.length - minPoints)];
  return from > history[0] ? [from, end] : null;
}
