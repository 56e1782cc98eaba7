import type { LineSpec } from '@shared/charts';
import { describe, expect, it } from 'vitest';
import { focusForecast } from './focus-forecast';

const DAY = 86_400_000;
const days = (from: number, n: number) => Array.from({ length: n }, (_, i) => (from + i) * DAY);

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

describe('focusForecast', () => {
  it('keeps about four horizons of history and the whole forecast', () => {
    const out = focusForecast(spec(400, 30));
    const [history, forecast] = out.series;
    // Forecast spans 29 days, so history from day 400 - 4 * 29 = 284 on.
    expect(history.x[0]).toBe(284 * DAY);
    expect(history.x.length).toBe(116);
    expect(history.y[0]).toBe(284);
    expect(forecast.x.length).toBe(30);
    expect(forecast.lower).toHaveLength(30);
  });

  it('leaves short histories and charts without a forecast alone', () => {
    const short = spec(50, 30);
    expect(focusForecast(short)).toBe(short);
    const plain: LineSpec = { kind: 'line', series: [{ name: 'Silhouette', x: [2, 3, 4], y: [0.3, 0.4, 0.2] }] };
    expect(focusForecast(plain)).toBe(plain);
  });

  it('keeps at least minPoints of history for short horizons', () => {
    const out = focusForecast(spec(400, 3));
    expect(out.series[0].x.length).toBe(60);
    expect(out.series[0].x.at(-1)).toBe(399 * DAY);
  });
});
