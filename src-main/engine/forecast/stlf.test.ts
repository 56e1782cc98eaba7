import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtest, planBacktest } from './backtest';
import { ets } from './ets';
import { makeFrequency } from './frequency';
import { forecastWith, methodFor } from './methods';
import { lastSeasons, mstl, MSTL_WINDOWS } from './stl';
import { stlf, type StlfParams } from './stlf';
import type { SeriesView } from './types';

/** Three weeks of taylor's half-hourly demand and R's stlf forecast of the next 100 half-hours (fixtures/stl.R). */
const r = JSON.parse(readFileSync(join(__dirname, 'fixtures/stl.json'), 'utf8')) as {
  taylor: number[];
  stlf_mean: number[];
};
const sig = new AbortController().signal;
const view: SeriesView = {
  y: Float64Array.from(r.taylor),
  t: Float64Array.from(r.taylor, (_, i) => Date.UTC(2000, 5, 5) + i * 1_800_000),
  m: 48,
  periods: [48, 336],
  freq: makeFrequency('minute', 30),
};

describe('stlf: STL, a non-seasonal model of the adjusted series, the last seasons added back', () => {
  it("forecasts half-hourly demand (daily and weekly seasons) as R's stlf does", () => {
    const p = stlf.fit(view, sig);
    expect(stlf.describe(p).model).toBe('STL(48, 336) + ETS(A,N,N)');
    const f = stlf.forecast(p, view, 100).mean;
    // R: stlf(msts(taylor[1:1008], c(48, 336)), h = 100), STL + ETS(A,N,N); demand is about 22,000-30,000 MW.
    r.stlf_mean.forEach((v, j) => expect(Math.abs(f[j] - v)).toBeLessThan(1));
  });

  it("is the inner model's forecast of the adjusted series plus each season's last cycle", () => {
    const p = stlf.fit(view, sig);
    const d = mstl(view.y, [48, 336], { sWindows: MSTL_WINDOWS });
    const inner = ets.forecast(p.inner as never, { ...view, y: d.adjusted, m: 1, periods: [] }, 400).mean;
    const season = lastSeasons(d, 400);
    const f = stlf.forecast(p, view, 400);
    f.mean.forEach((v, j) => expect(v).toBeCloseTo(inner[j] + season[j], 8));
    const band = f.interval!(0.95);
    expect(band.lower[399]).toBeLessThan(f.mean[399]);
    expect(band.upper[399]).toBeGreaterThan(f.mean[399]);
  });

  it('offers ARIMA on the adjusted series as the alternative; folds refit the structure they are given', () => {
    const p = stlf.fit(view, sig);
    const [alt] = stlf.alternatives!(p);
    expect(alt.inner.family).toBe('arima');
    expect(alt.others).toBeUndefined();
    const plan = planBacktest(view.y.length, 96, view.m);
    const method = methodFor('stlf');
    const rEts = backtest(method, view, plan, sig, undefined, undefined, p);
    const rArima = backtest(method, view, plan, sig, undefined, undefined, alt);
    expect(rEts.preds).toHaveLength(plan.origins.length);
    expect(rArima.preds[0]).not.toEqual(rEts.preds[0]);
    // A fold is fitted on its own past only: refitting on the fold reproduces its forecast.
    const fold = { ...view, y: view.y.subarray(0, plan.origins[0]), t: view.t.subarray(0, plan.origins[0]) };
    const refit = stlf.fit(fold, sig, undefined, p);
    expect(Array.from(stlf.forecast(refit, fold, 96).mean)).toEqual(rEts.preds[0]);
  });

  it('forecasts the same from its parameters written to JSON and read back (a saved bundle)', () => {
    const p = stlf.fit(view, sig);
    const back = JSON.parse(JSON.stringify(p)) as StlfParams;
    expect(Array.from(forecastWith(back, view, 50).mean)).toEqual(Array.from(forecastWith(p, view, 50).mean));
  });

  it('offers the same on a Box-Cox scale when the season grows with the level, and it forecasts that growth', () => {
    // Monthly sales growing 3% a year with a season proportional to the level (airline-passenger shape).
    const shape = [0.85, 0.8, 0.95, 1, 1.05, 1.2, 1.35, 1.3, 1.1, 0.95, 0.85, 0.9];
    const all = Array.from(
      { length: 168 },
      (_, i) => 100 * Math.exp(0.025 * i) * shape[i % 12] * (1 + 0.01 * Math.sin(i)),
    );
    const n = 144;
    const monthly: SeriesView = {
      y: Float64Array.from(all.slice(0, n)),
      t: Float64Array.from({ length: n }, (_, i) => Date.UTC(2000, i, 1)),
      m: 12,
      periods: [12],
      freq: makeFrequency('month', 1),
    };
    const p = stlf.fit(monthly, sig);
    expect(p.lambda).toBeNull();
    const logScale = stlf.alternatives!(p).filter((a) => a.lambda !== null);
    expect(logScale.map((a) => a.inner.family).sort()).toEqual(['arima', 'ets']);
    const mae = (q: StlfParams): number => {
      const f = stlf.forecast(q, monthly, 24).mean;
      return all.slice(n).reduce((a, v, j) => a + Math.abs(v - f[j]), 0) / 24;
    };
    // On the original scale the last cycle's swing is added to a level that has grown since: too small a swing.
    expect(mae(logScale[0])).toBeLessThan(0.5 * mae(p));
    const band = stlf.forecast(logScale[0], monthly, 24).interval!(0.8);
    expect(band.upper[23] - band.lower[23]).toBeGreaterThan(band.upper[0] - band.lower[0]);
  });

  it('applies only to a series holding more than two cycles of a season', () => {
    expect(stlf.applies!({ ...view, y: view.y.subarray(0, 90), t: view.t.subarray(0, 90) })).toBe(false);
    expect(stlf.applies!({ ...view, m: 1, periods: [] })).toBe(false);
    expect(stlf.applies!(view)).toBe(true);
  });
});
