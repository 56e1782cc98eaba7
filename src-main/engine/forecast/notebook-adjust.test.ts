import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyticsNotebookCells } from '../analytics/python-cells';
import { makeFrequency } from './frequency';
import type { ForecastModelJson } from './model-json';
import { theta } from './theta';
import { pythonJson, rng } from './test-helpers';
import type { SeriesView } from './types';

/**
 * Hourly readings with a daily and a weekly cycle (forecast::taylor-like): Theta keeps the daily season itself and
 * the app removes the weekly one first (deseason.ts). The notebook must do the same, or its forecast misses the
 * weekly swing (fresh's taylor hourly walk, session 12: off by 11% on average).
 */
function hourlySeries(n: number): SeriesView {
  const noise = rng(7);
  const y = Float64Array.from({ length: n }, (_, i) => {
    const hour = i % 24;
    const day = Math.floor(i / 24) % 7;
    const daily = 1 + 0.25 * Math.sin((2 * Math.PI * (hour - 6)) / 24);
    const weekly = day >= 5 ? 0.7 : 1;
    return 1000 * daily * weekly + 20 * (noise() - 0.5);
  });
  const t0 = Date.UTC(2024, 0, 1);
  return {
    y,
    t: Float64Array.from(y, (_, i) => t0 + i * 3_600_000),
    m: 24,
    periods: [24, 168],
    freq: makeFrequency('hour', 1),
  };
}

describe("the exported notebook's Theta on a series whose weekly season the app removed first", () => {
  it.skipIf(!existsSync('/usr/lib/python3/dist-packages/statsmodels'))(
    "removes and adds back the app's weekly profile, so its forecast follows the app's",
    () => {
      const view = hourlySeries(24 * 7 * 8);
      const fitted = theta.fit(view, new AbortController().signal);
      expect(fitted.adjust?.periods).toEqual([168]);
      const H = 24 * 7;
      const ours = theta.forecast(fitted, view, H).mean;
      const model = {
        kind: 'forecast',
        version: 2,
        dateColumn: 'hour',
        target: 'load',
        frequency: view.freq,
        seasonPeriod: 24,
        seasonPeriods: [24, 168],
        aggregation: 'mean',
        fill: 'interpolate',
        nonNegative: true,
        method: 'theta',
        fitted,
        lastDates: [],
        trainedOn: { start: '2024-01-01', end: '2024-02-25', points: view.y.length },
        interval: { source: 'model', levels: [0.8, 0.95], sigmas: [], scaleRef: 1 },
        backtest: { horizon: H, folds: 0, selection: 'aicc', metrics: {} },
      } as ForecastModelJson;
      const cells = analyticsNotebookCells({ task: 'forecast', model, horizon: H });
      const code = `import numpy as np, pandas as pd, json
y = pd.Series(${JSON.stringify(Array.from(view.y))}, index=pd.date_range('2024-01-01', periods=${view.y.length}, freq='H'))
gaps = np.zeros(len(y), dtype=bool)
H = ${H}
${cells[2].text}
print(json.dumps([float(v) for v in np.asarray(ours)]))`;
      const py = pythonJson<number[]>(code);
      expect(py).toHaveLength(H);
      // statsmodels estimates Theta's own parameters and daily indices itself: close, not equal (0.18 on a level of
      // ~1,000 when measured). Without the weekly profile the mean gap was 195.
      const meanAbs = py.reduce((a, v, j) => a + Math.abs(v - ours[j]), 0) / H;
      expect(meanAbs).toBeLessThan(5);
    },
    60_000,
  );
});
