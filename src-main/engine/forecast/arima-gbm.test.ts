import { describe, expect, it } from 'vitest';
import { arima } from './arima';
import { difference, integrate, kpss } from './arima-core';
import { nsdiffs, searchArima } from './arima-search';
import { makeFrequency } from './frequency';
import { gbmLags } from './gbm-lags';
import { movingAverage, seasonalComponent, strengthOf } from './seasonality';
import { monthlyDates, rng } from './test-helpers';
import type { SeriesView } from './types';

const sig = new AbortController().signal;
const PATTERN = [10, 12, 15, 20, 26, 30, 33, 31, 25, 18, 13, 11];

function view(y: number[], m: number): SeriesView {
  return {
    y: Float64Array.from(y),
    t: Float64Array.from(monthlyDates(y.length), (d) => Date.parse(d)),
    m,
    freq: makeFrequency('month', 1, 1),
  };
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

describe('ARIMA', () => {
  it('differencing and integration are inverse', () => {
    const y = Array.from({ length: 40 }, (_, i) => i * i + PATTERN[i % 12]);
    const diff = { d: 1, D: 1, m: 12 };
    const w = difference(y.slice(0, 30), diff);
    const full = difference(y, diff);
    const back = integrate(y.slice(0, 30), full.subarray(w.length), diff);
    back.forEach((v, j) => expect(v).toBeCloseTo(y[30 + j], 9));
  });

  it('KPSS separates a random walk from white noise', () => {
    const r = rng(2);
    const noise = Array.from({ length: 300 }, () => gauss(r));
    let s = 0;
    const walk = noise.map((v) => (s += v));
    expect(kpss(noise)).toBeLessThan(0.463);
    expect(kpss(walk)).toBeGreaterThan(0.463);
  });

  it('a centred moving average of even width follows a straight line exactly', () => {
    const line = Array.from({ length: 40 }, (_, i) => 100 + 3 * i);
    const ma = movingAverage(line, 12);
    for (let i = 6; i < 34; i++) expect(ma[i]).toBeCloseTo(line[i], 9);
    expect(Number.isNaN(ma[5]) && Number.isNaN(ma[34])).toBe(true);
  });

  it('differences seasonally when the swing grows with the level (as R nsdiffs, from an evolving season)', () => {
    const r = rng(5);
    const y = Array.from(
      { length: 240 },
      (_, i) => 10 * Math.exp(i / 60) * (1 + 0.2 * (i / 240) * Math.sin((2 * Math.PI * i) / 12)) + 0.2 * (r() - 0.5),
    );
    // One fixed profile explains little of a season whose amplitude grows from nothing...
    const fixed = seasonalComponent(y, 12);
    expect(strengthOf(fixed.season, fixed.detrended)).toBeLessThan(0.64);
    // ...a season that may change from year to year explains it.
    expect(nsdiffs(Float64Array.from(y), 12)).toBe(1);
    const noise = Array.from({ length: 240 }, () => r());
    expect(nsdiffs(Float64Array.from(noise), 12)).toBe(0);
  });

  it('recovers an AR(1) coefficient', () => {
    const r = rng(4);
    const y = [0];
    for (let i = 1; i < 600; i++) y.push(0.7 * y[i - 1] + gauss(r));
    const p = arima.fit(view(y, 1), sig);
    expect(p.order.d).toBe(0);
    expect(p.order.p + p.order.q).toBeGreaterThan(0);
    // One-step forecast follows 0.7 * last value (plus the small mean).
    const f = arima.forecast(p, view(y, 1), 1).mean;
    const mean = p.reg.constant === 'intercept' ? p.coef.beta[0] : 0;
    expect(f[0]).toBeCloseTo(0.7 * y[599] + mean * 0.3, 0);
    if (p.order.p === 1 && p.order.q === 0) expect(p.coef.ar[0]).toBeCloseTo(0.7, 1);
  });

  it('forecasts a pure seasonal series exactly with seasonal differencing', () => {
    const y = Array.from({ length: 96 }, (_, i) => 100 + PATTERN[i % 12]);
    const p = arima.fit(view(y, 12), sig);
    expect(p.order.D).toBe(1);
    const f = arima.forecast(p, view(y, 12), 12).mean;
    f.forEach((v, j) => expect(v).toBeCloseTo(100 + PATTERN[j % 12], 6));
  });
});

describe('ARIMA with Box-Cox', () => {
  it('offers the model the search chose on the original scale as the alternative to the transformed one', () => {
    const r = rng(9);
    // Multiplicative season and noise on an exponential trend: Box-Cox (near log) wins on AICc.
    const y = Array.from(
      { length: 144 },
      (_, i) => 100 * Math.exp(i / 60) * (1 + 0.25 * Math.sin((2 * Math.PI * i) / 12)) * Math.exp(0.03 * gauss(r)),
    );
    const v = view(y, 12);
    const p = arima.fit(v, sig);
    expect(p.lambda).not.toBeNull();
    const [alt] = arima.alternatives!(p);
    const raw = searchArima(
      v.y,
      Float64Array.from(y, (_, i) => i),
      { m: 12, fourier: null, origin: v.t[0], signal: sig },
    );
    expect(alt.lambda).toBeNull();
    expect(alt.order).toEqual(raw.order);
    expect(alt.aicc).toBeCloseTo(raw.fit.aicc, 6);
  });
});

describe('boosted trees on lags', () => {
  it('follows trend and season better than repeating the last value', () => {
    const r = rng(8);
    const y = Array.from({ length: 156 }, (_, i) => 50 + 0.8 * i + PATTERN[i % 12] + 0.5 * gauss(r));
    const train = view(y.slice(0, 132), 12);
    const p = gbmLags.fit(train, sig);
    const f = gbmLags.forecast(p, train, 24).mean;
    let err = 0;
    let naive = 0;
    for (let j = 0; j < 24; j++) {
      err += Math.abs(f[j] - y[132 + j]);
      naive += Math.abs(y[131] - y[132 + j]);
    }
    expect(err / 24).toBeLessThan(4);
    expect(err).toBeLessThan(naive / 2);
  });
});
