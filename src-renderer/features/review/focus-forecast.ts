import type { LineSeries, LineSpec } from '@shared/charts';

/**
 * A forecast drawn after a long history is a sliver at the right edge. Keep the last `ratio`
 * horizons of history (at least `minPoints` points) so the forecast and its band are readable.
 * Charts without a series named like "forecast" come back unchanged.
 */
export function focusForecast(spec: LineSpec, ratio = 4, minPoints = 60): LineSpec {
  const forecast = spec.series.find((s) => /forecast/i.test(s.name) && s.x.length > 0);
  if (!forecast) return spec;
  const start = Math.min(...forecast.x);
  const span = Math.max(...forecast.x) - start;
  if (!(span > 0)) return spec;
  const cutoff = start - ratio * span;
  let changed = false;
  const series = spec.series.map((s): LineSeries => {
    if (s === forecast) return s;
    const keep = s.x.map((x, i) => i).filter((i) => s.x[i] >= cutoff);
    // Too few points left would lose the seasonal shape: keep the last minPoints instead.
    const idx = keep.length >= Math.min(minPoints, s.x.length) ? keep : s.x.map((_, i) => i).slice(-minPoints);
    if (idx.length === s.x.length) return s;
    changed = true;
    const pick = (a?: number[]) => (a ? idx.map((i) => a[i]) : undefined);
    return {
      ...s,
      x: idx.map((i) => s.x[i]),
      y: idx.map((i) => s.y[i]),
      ...(s.lower ? { lower: pick(s.lower) } : {}),
      ...(s.upper ? { upper: pick(s.upper) } : {}),
    };
  });
  return changed
    ? { ...spec, series, subtitle: spec.subtitle ?? 'Recent history and the forecast with its interval' }
    : spec;
}
