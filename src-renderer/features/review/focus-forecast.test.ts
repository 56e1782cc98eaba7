import type { LineSpec } from '@shared/charts';
import { describe, expect, it } from 'vitest';
import { forecastFocus } from './focus-forecast';
import { DAY_MS } from '@shared/time';

const days = (from: number, n: number) => Array.from({ length: n }, (_, i) => (from + i) * DAY_MS);

function spec(historyDays: number, horizon: number): LineSpec {
  const hx = days(0, historyDays);
  const fx = days(historyDays, horizon);
  return {
    kind: 'line',
    series: [
      { name: 'History', x: hx, y: hx.map((_, i) => i) },
      { name: 'Forecast', x: fx, y: fx.map(() => 1), lower: fx.map(() => 0), upper: fx.map(() => 2), dashed: true },
    ],
    x: { format: 'date' },
  };
}

describe('forecastFocus', () => {
  it('opens on about four horizons of history and the whole forecast', () => {
    // Forecast spans 29 days (day 400 to 429), so history from day 400 - 4 * 29 = 284 on.
    expect(forecastFocus(spec(400, 30))).toEqual([284 * DAY_MS, 429 * DAY_MS]);
  });

  it('leaves short histories and charts without a forecast whole', () => {
    expect(forecastFocus(spec(50, 30))).toBeNull();
    const plain: LineSpec = { kind: 'line', series: [{ name: 'Silhouette', x: [2, 3, 4], y: [0.3, 0.4, 0.2] }] };
    expect(forecastFocus(plain)).toBeNull();
  });

  it('keeps at least minPoints of history for short horizons', () => {
    // 3-day horizon: 4 horizons would be 8 days; the last 60 history days are shown instead.
    expect(forecastFocus(spec(400, 3))).toEqual([340 * DAY_MS, 402 * DAY_MS]);
  });

  it('focuses a horizon too long to spread into one call (200k points)', () => {
    // Math.min(...x) threw RangeError past ~125k points. 1,000,000 days of history, 200,000 days ahead.
    expect(forecastFocus(spec(1_000_000, 200_000))).toEqual([200_004 * DAY_MS, 1_199_999 * DAY_MS]);
  });
});
