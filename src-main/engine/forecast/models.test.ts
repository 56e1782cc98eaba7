import { describe, expect, it } from 'vitest';
import { fitArimaOrder, ols } from './arima-model';
import { boxCox, guerreroLambda, invBoxCox, invBoxCoxMean } from './boxcox';
import { ets, fitEts } from './ets';
import { fourierColumns } from './fourier';
import { makeFrequency } from './frequency';
import { fitProfile } from './deseason';
import { concentratedLikelihood } from './kalman';
import { detectSeasonality } from './seasonality';
import { theta } from './theta';
import { rng } from './test-helpers';
import type { SeriesView } from './types';

const sig = new AbortController().signal;
// Nile flow 1871-1950 (R datasets::Nile[1:80]); expected values below come from R forecast 8.20.
const NILE = [
  1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140, 1100,
  1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969, 831, 726, 456,
  824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040, 759, 781, 865, 845, 944, 984, 897,
  822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890,
];

function yearly(y: number[]): SeriesView {
  return {
    y: Float64Array.from(y),
    t: Float64Array.from(y, (_, i) => Date.UTC(1871 + i, 0, 1)),
    m: 1,
    periods: [],
    freq: makeFrequency('year', 1),
  };
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

const idx = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);
const AR1 = { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1 };
const NO_REGRESSORS = { constant: 'none' as const, fourier: null, origin: 0 };

describe('exact maximum likelihood ARIMA (Kalman filter)', () => {
  it('recovers a known AR(1) coefficient and noise variance', () => {
    const r = rng(11);
    const n = 2000;
    const y = new Float64Array(n);
    for (let i = 1; i < n; i++) y[i] = 0.6 * y[i - 1] + gauss(r);
    const f = fitArimaOrder(y, idx(n), AR1, NO_REGRESSORS)!;
    expect(f.ar[0]).toBeGreaterThan(0.56);
    expect(f.ar[0]).toBeLessThan(0.64);
    expect(f.sigma2).toBeGreaterThan(0.93);
    expect(f.sigma2).toBeLessThan(1.07);
  });

  it('matches R stats::arima (method "ML") on ARIMA(1,0,1) with a mean', () => {
    const y = Float64Array.from(NILE);
    const f = fitArimaOrder(
      y,
      idx(80),
      { p: 1, d: 0, q: 1, P: 0, D: 0, Q: 0, m: 1 },
      {
        constant: 'intercept',
        fourier: null,
        origin: 0,
      },
    )!;
    // R (forecast::Arima, method "ML"): ar1 0.8614418, ma1 -0.5075616, intercept 937.5609, loglik -511.7307,
    // sigma2 21748.97 (residual sum of squares over n - 3).
    expect(-f.m2ll / 2).toBeCloseTo(-511.7307, 2);
    expect(f.ar[0]).toBeCloseTo(0.8614, 2);
    expect(f.ma[0]).toBeCloseTo(-0.5076, 2);
    expect(f.beta[0]).toBeCloseTo(937.56, -1);
    expect(f.sigma2 / 21748.97).toBeCloseTo(1, 2);
  });

  it('the filter skips missing values: the likelihood of a series with gaps uses the observed points only', () => {
    const r = rng(5);
    const n = 600;
    const y = new Float64Array(n);
    for (let i = 1; i < n; i++) y[i] = 0.5 * y[i - 1] + gauss(r);
    const gappy = Float64Array.from(y, (v, i) => (i % 10 === 3 ? NaN : v));
    const poly = { ar: [0.5], ma: [] };
    const full = concentratedLikelihood(y, [], poly)!;
    const part = concentratedLikelihood(gappy, [], poly)!;
    expect(part.used).toBe(n - 60);
    expect(full.used).toBe(n);
    const f = fitArimaOrder(gappy, idx(n), AR1, NO_REGRESSORS)!;
    expect(f.ar[0]).toBeGreaterThan(0.42);
    expect(f.ar[0]).toBeLessThan(0.58);
  });
});

describe('Box-Cox', () => {
  it('round-trips values for several λ, the log included', () => {
    for (const lambda of [0, 0.5, -0.5, 1, 1.5]) {
      for (const v of [0.3, 1, 7.5, 1234.5]) expect(invBoxCox(boxCox(v, lambda), lambda)).toBeCloseTo(v, 9);
    }
  });

  it('bias adjustment turns the median of a log-normal into its mean', () => {
    // exp(N(1, 0.25)) has mean exp(1 + 0.125); the second-order adjustment gives e(1 + 0.125).
    expect(invBoxCoxMean(1, 0.25, 0)).toBeCloseTo(Math.E * 1.125, 9);
    expect(invBoxCoxMean(1, 0, 0.5)).toBeCloseTo(invBoxCox(1, 0.5), 12);
  });

  it("Guerrero's λ is near 0 when the swing grows with the level and near 1 when it does not", () => {
    const r = rng(9);
    const mult = Array.from(
      { length: 120 },
      (_, i) => 100 * 1.03 ** i * (1 + 0.2 * Math.sin((2 * Math.PI * i) / 12)) * (1 + 0.01 * gauss(r)),
    );
    const add = Array.from({ length: 120 }, (_, i) => 500 + 3 * i + 20 * Math.sin((2 * Math.PI * i) / 12) + gauss(r));
    expect(Math.abs(guerreroLambda(mult, 12))).toBeLessThan(0.25);
    expect(guerreroLambda(add, 12)).toBeGreaterThan(0.6);
  });
});

describe('Fourier terms', () => {
  it('reproduce a sine season exactly (integer and non-integer periods)', () => {
    for (const p of [7, 365.25]) {
      const n = 800;
      const t = idx(n);
      const y = Float64Array.from(
        t,
        (v) => 10 + 3 * Math.sin((2 * Math.PI * v) / p) - 2 * Math.cos((4 * Math.PI * v) / p),
      );
      const cols = fourierColumns({ periods: [p], K: [2] }, t);
      const b = ols(y, [...cols, new Float64Array(n).fill(1)])!;
      // Columns: sin1, cos1, sin2, cos2, 1.
      expect(b[0]).toBeCloseTo(3, 7);
      expect(b[1]).toBeCloseTo(0, 7);
      expect(b[2]).toBeCloseTo(0, 7);
      expect(b[3]).toBeCloseTo(-2, 7);
      expect(b[4]).toBeCloseTo(10, 7);
    }
  });
});

describe('ETS and Theta against R forecast', () => {
  it('ETS(A,N,N) by maximum likelihood matches forecast::ets (α 0.2450, forecast 864.35)', () => {
    const view = yearly(NILE);
    const p = fitEts(view, { error: 'A', trend: 'N', season: 'N', m: 1 })!;
    expect(p.alpha).toBeCloseTo(0.245, 2);
    const f = ets.forecast(p, view, 3).mean;
    expect(f[0]).toBeCloseTo(864.35, 0);
  });

  it('Theta matches forecast::thetaf', () => {
    const view = yearly(NILE);
    const f = theta.forecast(theta.fit(view, sig), view, 5).mean;
    const r = [855.6892, 853.5589, 851.4287, 849.2984, 847.1682];
    f.forEach((v, j) => expect(Math.abs(v - r[j])).toBeLessThan(1));
  });
});

describe('seasonality', () => {
  it('finds both the daily and the weekly cycle of half-hourly data, and none in noise', () => {
    const r = rng(21);
    const n = 48 * 7 * 6;
    const day = (i: number): number => 30 * Math.sin((2 * Math.PI * i) / 48);
    const week = (i: number): number => (Math.floor(i / 48) % 7 >= 5 ? -25 : 5);
    const y = Float64Array.from({ length: n }, (_, i) => 500 + day(i) + week(i) + 3 * gauss(r));
    const info = detectSeasonality(y, makeFrequency('minute', 30));
    expect(info.periods).toEqual([48, 336]);
    const noise = Float64Array.from({ length: 240 }, () => gauss(r));
    expect(detectSeasonality(noise, makeFrequency('month', 1, 1)).periods).toEqual([]);
  });

  it('finds the weekly cycle of hourly data beside the daily one, and no weekly cycle in a slow drift', () => {
    const r = rng(3);
    const n = 24 * 7 * 8;
    let ar = 0;
    // Weekend days lower, most of all in the day hours; persistent hour-to-hour noise.
    const both = Float64Array.from({ length: n }, (_, i) => {
      ar = 0.8 * ar + gauss(r);
      const hour = i % 24;
      const weekend = Math.floor(i / 24) % 7 >= 5;
      return (
        100 + 10 * Math.sin((2 * Math.PI * hour) / 24) + (weekend ? (hour > 7 && hour < 20 ? -8 : -2.4) : 0) + 2 * ar
      );
    });
    expect(detectSeasonality(both, makeFrequency('hour', 1)).periods).toEqual([24, 168]);
    // Climate normals (seattle_hourly): a daily cycle on a slowly wandering level (persistent from day to
    // day), no day of the week. The weekly profile explains next to nothing.
    let level = 0;
    const days = Array.from({ length: n / 24 + 1 }, () => (level = 0.9 * level + gauss(r)));
    const normals = Float64Array.from({ length: n }, (_, i) => {
      const d = i / 24;
      const k = Math.floor(d);
      const wander = days[k] + (d - k) * (days[k + 1] - days[k]);
      return 18 + wander + 6 * Math.sin((2 * Math.PI * i) / 24) + 0.2 * gauss(r);
    });
    const info = detectSeasonality(normals, makeFrequency('hour', 1));
    expect(info.periods).toEqual([24]);
  });

  it('finds the yearly cycle of three years of daily temperatures, and none in a random walk', () => {
    const r = rng(21);
    // A smooth yearly cycle under persistent day-to-day weather (AR(1), φ = 0.8): the autocorrelation at lag
    // 365 is not significant against the Bartlett band, the cycle's shape is.
    let ar = 0;
    const y = Float64Array.from({ length: 3 * 365 + 100 }, (_, i) => {
      ar = 0.8 * ar + 2.5 * gauss(r);
      return 15 + 6 * Math.sin((2 * Math.PI * i) / 365.25) + ar;
    });
    const info = detectSeasonality(y, makeFrequency('day', 1));
    expect(info.periods).toEqual([365.25]);
    let walk = 0;
    const prices = Float64Array.from({ length: 3 * 365 + 100 }, () => (walk += gauss(r)));
    expect(detectSeasonality(prices, makeFrequency('day', 1)).periods).toEqual([]);
  });

  it('finds no yearly season in random walks of 2.5 years of days, yet keeps a real one under persistent noise', () => {
    // A wandering price fits a smooth yearly curve as well as a season does (before the test of its changes,
    // 11 of these 40 walks got a yearly season; DJIA8012's last three years did, and its forecast error doubled).
    const day = makeFrequency('day', 1);
    const r = rng(5);
    let walks = 0;
    for (let k = 0; k < 40; k++) {
      let walk = 0;
      const y = Float64Array.from({ length: 900 }, () => 100 + (walk += gauss(r)));
      if (detectSeasonality(y, day).periods.length > 0) walks++;
    }
    expect(walks).toBeLessThanOrEqual(4);
    const r2 = rng(6);
    let seasons = 0;
    for (let k = 0; k < 20; k++) {
      let ar = 0;
      const y = Float64Array.from({ length: 900 }, (_, i) => {
        ar = 0.95 * ar + gauss(r2);
        return 100 + 6 * Math.sin((2 * Math.PI * i) / 365.25) + ar;
      });
      if (detectSeasonality(y, day).periods.includes(365.25)) seasons++;
    }
    expect(seasons).toBeGreaterThanOrEqual(16);
  });

  it('profiles a yearly season from 1.3 years of days (smooth) and from 4 years (per day), both near the truth', () => {
    const r = rng(5);
    const season = (i: number): number =>
      8 * Math.sin((2 * Math.PI * i) / 365.25) + 3 * Math.cos((4 * Math.PI * i) / 365.25);
    for (const years of [1.3, 4]) {
      const n = Math.round(years * 365.25);
      const s: SeriesView = {
        y: Float64Array.from({ length: n }, (_, i) => 20 + 0.002 * i + season(i) + gauss(r)),
        t: Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000),
        m: 365,
        periods: [365.25],
        freq: makeFrequency('day', 1),
      };
      const prof = fitProfile(s, null);
      expect(prof?.periods).toEqual([365.25]);
      const worst = Math.max(...prof!.values[0].map((v, b) => Math.abs(v - season(b))));
      expect(worst).toBeLessThan(years < 2 ? 0.6 : 2);
    }
    expect(fitProfile({ ...yearly(NILE), m: 1, periods: [] }, null)).toBeNull();
  });
});
