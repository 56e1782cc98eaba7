import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arima } from './arima';
import { chooseHarmonics, likelyDifferencing } from './arima-search';
import { stepIndices } from './fourier';
import { makeFrequency } from './frequency';
import { rng } from './test-helpers';
import type { SeriesView } from './types';

const sig = new AbortController().signal;

/** The first `years` years of the bundled US births per day (1969-1988) and the year after them. */
function births(years: number): { train: SeriesView; next: number[] } {
  const rows = readFileSync(join(__dirname, '../../../resources/samples/us-births-daily.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const n = Math.round(years * 365.25);
  const y = rows.map((r) => Number(r[2]));
  const t = rows.map((r) => Date.parse(`${r[0]}T00:00:00Z`));
  return {
    train: {
      y: Float64Array.from(y.slice(0, n)),
      t: Float64Array.from(t.slice(0, n)),
      m: 7,
      periods: [7, 365.25],
      freq: makeFrequency('day', 1),
    },
    next: y.slice(n, n + 365),
  };
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

const mae = (a: number[], f: ArrayLike<number>): number => a.reduce((s, v, j) => s + Math.abs(v - f[j]), 0) / a.length;

describe('ARIMA with a weekly seasonal part and yearly Fourier terms (daily data)', () => {
  it("chooses the yearly harmonics on the series differenced as the model is (births' weekly seasonal difference)", () => {
    const { train } = births(4);
    const idx = stepIndices(train.freq, train.t[0], train.t);
    const diff = likelyDifferencing(train.y, 7);
    expect(diff).toEqual({ d: 0, D: 1, m: 7 });
    // On first differences the yearly curve shrinks to ~2% of its size and gets no harmonics.
    expect(chooseHarmonics(train.y, idx, [365.25], { d: 1, D: 0, m: 1 }).K).toEqual([0]);
    expect(chooseHarmonics(train.y, idx, [365.25], diff).K[0]).toBeGreaterThanOrEqual(2);
  });

  it('the automatic model carries the yearly season and forecasts the next year better than without it', () => {
    const { train, next } = births(4);
    const p = arima.fit(train, sig);
    expect(p.order.m).toBe(7);
    expect(p.reg.fourier?.periods).toEqual([365.25]);
    const weekly = arima.fit({ ...train, periods: [7] }, sig);
    const withYear = mae(next, arima.forecast(p, train, 365).mean);
    const without = mae(next, arima.forecast(weekly, { ...train, periods: [7] }, 365).mean);
    expect(withYear).toBeLessThan(0.85 * without);
  });
});

describe('ARIMA with Fourier terms on a trending daily series (first differences)', () => {
  it('adds yearly harmonics the least-squares choice on the differences misses, and forecasts the next year better', () => {
    // A wandering level (random walk) under a yearly sine and day-to-day noise: the model differences once,
    // where the sine shrinks to 2% of its size against the noise (K = 0 by least squares on the differences).
    const r = rng(3);
    let level = 100;
    const n = 5 * 365;
    const y = Float64Array.from(
      { length: n },
      (_, i) => (level += 0.3 * gauss(r)) + 6 * Math.sin((2 * Math.PI * i) / 365.25) + 2 * gauss(r),
    );
    const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2015, 0, 1) + i * 86_400_000);
    const train: SeriesView = {
      y: y.subarray(0, 1460),
      t: t.subarray(0, 1460),
      m: 365,
      periods: [365.25],
      freq: makeFrequency('day', 1),
    };
    const idx = stepIndices(train.freq, train.t[0], train.t);
    expect(chooseHarmonics(train.y, idx, [365.25], likelyDifferencing(train.y, 1)).K).toEqual([0]);
    const p = arima.fit(train, sig);
    expect(p.order.d).toBe(1);
    expect(p.reg.fourier?.K[0]).toBeGreaterThanOrEqual(1);
    const next = Array.from(y.subarray(1460));
    const plain = arima.fit({ ...train, periods: [] }, sig);
    expect(mae(next, arima.forecast(p, train, 365).mean)).toBeLessThan(
      0.7 * mae(next, arima.forecast(plain, { ...train, periods: [] }, 365).mean),
    );
  });
});
