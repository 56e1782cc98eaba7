import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyticsNotebookCells } from '../analytics/python-cells';
import type { ArimaParams } from './arima';
import { difference } from './arima-core';
import { fitArimaOrder, forecastArima, type ArimaOrder, type Regressors } from './arima-model';
import { makeFrequency } from './frequency';
import type { ForecastModelJson } from './model-json';
import { pythonJson } from './test-helpers';

/** R's presidents (quarterly, 6 missing) and airquality$Ozone (daily, 37 missing): fixtures/arima-gaps.R. */
const data = JSON.parse(readFileSync(join(__dirname, 'fixtures/arima-gaps.json'), 'utf8')) as Record<
  'presidents' | 'ozone',
  Array<number | null>
>;
const series = (name: 'presidents' | 'ozone'): Float64Array => Float64Array.from(data[name], (v) => v ?? NaN);
const idx = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i + 1);
const order = (p: number, d: number, q: number, P = 0, D = 0, Q = 0, m = 1): ArimaOrder => ({ p, d, q, P, D, Q, m });
const none: Regressors = { constant: 'none', fourier: null, origin: 0 };
const drift: Regressors = { constant: 'drift', fourier: null, origin: 0 };

function fit(name: 'presidents' | 'ozone', o: ArimaOrder, reg = none) {
  const z = series(name);
  return fitArimaOrder(z, idx(z.length), o, reg, { maxIter: 200 })!;
}

/** σ² by ML (sum of squares over the observations used), from the fit's degrees-of-freedom-corrected one. */
const mlSigma2 = (f: ReturnType<typeof fit>, npar: number): number => (f.sigma2 * (f.nobs - npar + 1)) / f.nobs;

// The numbers are R 4.2 stats::arima(method = "ML") / forecast::Arima, printed by fixtures/arima-gaps.R.
describe('ARIMA with differencing on series with gaps: the differencing in the state, as stats::arima', () => {
  it('ARIMA(0,1,1) on presidents: one observation lost to the difference, not one per gap', () => {
    // R: ma1 -0.193252, loglik -415.1436, sigma2 (ML) 89.0993, nobs 113.
    const f = fit('presidents', order(0, 1, 1));
    expect(f.nobs).toBe(113);
    expect(-f.m2ll / 2).toBeCloseTo(-415.1436, 3);
    expect(f.ma[0]).toBeCloseTo(-0.193252, 4);
    expect(mlSigma2(f, 2)).toBeCloseTo(89.0993, 2);
    // Differencing the data first leaves 110 differences (each of the 4 gaps inside the series costs two).
    const w = difference(series('presidents'), { d: 1, D: 0, m: 1 });
    expect(w.filter((v) => !Number.isNaN(v)).length).toBe(110);
  });

  it('ARIMA(1,1,1) on ozone: the interior optimum, not the MA unit root', () => {
    // R: ar1 0.404296, ma1 -0.917863, loglik -547.6280, sigma2 (ML) 761.1845, nobs 115.
    const f = fit('ozone', order(1, 1, 1));
    expect(f.nobs).toBe(115);
    expect(-f.m2ll / 2).toBeCloseTo(-547.628, 3);
    expect(f.ar[0]).toBeCloseTo(0.404296, 3);
    expect(f.ma[0]).toBeCloseTo(-0.917863, 3);
    expect(mlSigma2(f, 3) / 761.1845).toBeCloseTo(1, 4);
  });

  it('seasonal differencing in the state: ARIMA(1,1,0)(1,1,0)[4] on presidents', () => {
    // R: ar1 -0.191749, sar1 -0.477746, loglik -422.3467, nobs 109.
    const f = fit('presidents', order(1, 1, 0, 1, 1, 0, 4));
    expect(f.nobs).toBe(109);
    expect(-f.m2ll / 2).toBeCloseTo(-422.3467, 3);
    expect(f.ar[0]).toBeCloseTo(-0.191749, 4);
    expect(f.sar[0]).toBeCloseTo(-0.477746, 4);
  });

  it('a drift concentrated out by GLS through the same filter: ARIMA(0,1,1) with drift on presidents', () => {
    // R (forecast::Arima, include.drift): ma1 -0.198448, drift -0.523801, loglik -414.8629.
    const f = fit('presidents', order(0, 1, 1), drift);
    expect(-f.m2ll / 2).toBeCloseTo(-414.8629, 3);
    expect(f.ma[0]).toBeCloseTo(-0.198448, 4);
    expect(f.beta[0]).toBeCloseTo(-0.523801, 4);
  });

  it('forecasts from the filtered state: equal to R predict() for ARIMA(1,1,1) on ozone', () => {
    // R: predict(arima(airquality$Ozone, order = c(1, 1, 1), method = "ML"), 3)$pred
    const z = series('ozone');
    const f = fit('ozone', order(1, 1, 1));
    const freq = makeFrequency('day', 1);
    const t = Float64Array.from(z, (_, i) => Date.UTC(1973, 4, 1 + i));
    const out = forecastArima({ order: order(1, 1, 1), reg: none, coef: f }, z, z, t, freq, 3);
    [23.6286694, 25.09572443, 25.68884831].forEach((v, j) => expect(out.mean[j]).toBeCloseTo(v, 2));
  });
});

describe("the exported notebook's ARIMA on a series with gaps", () => {
  it.skipIf(!existsSync('/usr/lib/python3/dist-packages/statsmodels'))(
    "gives SARIMAX the gaps as missing values and reproduces the app's forecast",
    () => {
      const z = series('ozone');
      const o = order(1, 1, 1);
      const coef = fit('ozone', o);
      const fitted: ArimaParams = { family: 'arima', order: o, reg: none, coef, lambda: null, aicc: coef.aicc };
      const freq = makeFrequency('day', 1);
      const t = Float64Array.from(z, (_, i) => Date.UTC(1973, 4, 1 + i));
      const filled = Float64Array.from(z, (v, i) => (Number.isNaN(v) ? fillGap(z, i) : v));
      const ours = forecastArima(fitted, z, filled, t, freq, 12).mean;
      const model = {
        kind: 'forecast',
        version: 2,
        dateColumn: 'day',
        target: 'ozone',
        frequency: freq,
        seasonPeriod: 1,
        seasonPeriods: [],
        aggregation: 'mean',
        fill: 'interpolate',
        nonNegative: true,
        method: 'arima',
        fitted,
        lastDates: ['1973-09-30'],
        trainedOn: { start: '1973-05-01', end: '1973-09-30', points: 153 },
        interval: { source: 'model', levels: [0.8, 0.95], sigmas: [], scaleRef: 1 },
        backtest: { horizon: 12, folds: 0, selection: 'aicc', metrics: {} },
      } as ForecastModelJson;
      const cells = analyticsNotebookCells({ task: 'forecast', model, horizon: 12 });
      const code = `import numpy as np, pandas as pd, os, json
y = pd.Series(${JSON.stringify(Array.from(filled))}, index=pd.date_range('1973-05-01', periods=153, freq='D'))
gaps = np.array(${JSON.stringify(Array.from(z, (v) => (Number.isNaN(v) ? 1 : 0)))}, dtype=bool)
H = 12
${cells[2].text}
print(json.dumps([float(v) for v in np.asarray(ours)]))`;
      const py = pythonJson<number[]>(code);
      // statsmodels starts the differenced state exactly diffuse, the app (as R) with a variance of 1e6.
      py.forEach((v, j) => expect(Math.abs(v - ours[j])).toBeLessThan(1e-4 * Math.abs(ours[j])));
    },
    30_000,
  );
});

/** Linear interpolation across a gap (what the series loader and the notebook's pandas fill in). */
function fillGap(z: Float64Array, i: number): number {
  let a = i - 1;
  while (a >= 0 && Number.isNaN(z[a])) a--;
  let b = i + 1;
  while (b < z.length && Number.isNaN(z[b])) b++;
  if (a < 0) return z[b];
  if (b >= z.length) return z[a];
  return z[a] + ((z[b] - z[a]) * (i - a)) / (b - a);
}
