import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastSeasons, mstl, MSTL_WINDOWS, stl } from './stl';

/** R 4.2 stats::stl and forecast 8.20's mstl on nottem and three weeks of taylor: fixtures/stl.R. */
const r = JSON.parse(readFileSync(join(__dirname, 'fixtures/stl.json'), 'utf8')) as {
  nottem: number[];
  plain: { seasonal: number[]; trend: number[] };
  robust: { seasonal: number[]; trend: number[] };
  taylor: number[];
  mstl: { s48: number[]; s336: number[] };
};

function maxDiff(a: ArrayLike<number>, b: number[]): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('STL by loess, as R', () => {
  it('equals stats::stl(nottem, s.window = 11): a season that changes over the years', () => {
    const d = stl(r.nottem, 12, { sWindow: 11 });
    expect(maxDiff(d.seasonal, r.plain.seasonal)).toBeLessThan(1e-9);
    expect(maxDiff(d.trend, r.plain.trend)).toBeLessThan(1e-9);
  });

  it('equals the robust variant (bisquare weights, 15 outer iterations) on 239 months', () => {
    const y = r.nottem.slice(0, 239);
    const d = stl(y, 12, { sWindow: 11, robust: true });
    expect(maxDiff(d.seasonal, r.robust.seasonal)).toBeLessThan(1e-9);
    expect(maxDiff(d.trend, r.robust.trend)).toBeLessThan(1e-9);
    // The robust fit differs from the plain one: the test would pass for neither by accident.
    const plain = stl(y, 12, { sWindow: 11 });
    expect(maxDiff(plain.seasonal, r.robust.seasonal)).toBeGreaterThan(0.01);
  });

  it('equals forecast::mstl on half-hourly demand with a daily and a weekly season', () => {
    const d = mstl(r.taylor, [336, 48], { sWindows: MSTL_WINDOWS });
    expect(d.periods).toEqual([48, 336]);
    expect(maxDiff(d.seasonals[0], r.mstl.s48)).toBeLessThan(1e-7);
    expect(maxDiff(d.seasonals[1], r.mstl.s336)).toBeLessThan(1e-7);
    const sum = Float64Array.from(d.adjusted, (v, i) => v + d.seasonals[0][i] + d.seasonals[1][i]);
    expect(maxDiff(sum, r.taylor)).toBeLessThan(1e-9);
  });

  it("carries each season's last cycle forward", () => {
    const d = mstl(r.taylor, [48, 336], { sWindows: MSTL_WINDOWS });
    const f = lastSeasons(d, 400);
    const n = r.taylor.length;
    for (const j of [0, 47, 48, 335, 336, 399])
      expect(f[j]).toBeCloseTo(d.seasonals[0][n - 48 + (j % 48)] + d.seasonals[1][n - 336 + (j % 336)], 12);
  });

  it('leaves out a season with under two cycles in the series and refuses a series too short for STL', () => {
    expect(mstl(r.nottem.slice(0, 40), [12, 24], { sWindows: MSTL_WINDOWS }).periods).toEqual([12]);
    expect(() => stl(r.nottem.slice(0, 24), 12, { sWindow: 11 })).toThrow(/more than two cycles/);
  });
});
