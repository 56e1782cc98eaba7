import { describe, expect, it } from 'vitest';
import { binOf, mergedBins } from './reference';
import { chiSquare, chiSquareSf, fSf, KS_EXACT_CELLS, kolmogorovSf, ksExactP, ksFromBins, psi } from './stat-tests';

describe('drift statistics', () => {
  it('chi-square tail matches the tables', () => {
    expect(chiSquareSf(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSf(18.307038, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquareSf(6.634897, 1)).toBeCloseTo(0.01, 6);
    expect(chiSquareSf(124.342113, 100)).toBeCloseTo(0.05, 5);
    expect(chiSquareSf(0.5, 3)).toBeCloseTo(0.918891, 5);
  });

  it('F tail matches scipy.stats.f.sf', () => {
    const cases: Array<[number, number, number, number]> = [
      [2.82, 4, 22, 0.049813152150409955],
      [4.31, 4, 22, 0.010034814515288216],
      [2.45, 4, 21, 0.07782170870199212],
      [3.76, 4, 23, 0.017027316794369318],
      [1.0, 4, 40, 0.41890476988622327],
      [10.0, 3, 7, 0.006331603506624043],
      [0.5, 1, 1, 0.6081734479693928],
    ];
    for (const [f, d1, d2, p] of cases) expect(fSf(f, d1, d2)).toBeCloseTo(p, 7);
    expect(fSf(0, 4, 20)).toBe(1);
  });

  it('Kolmogorov tail matches the tables', () => {
    expect(kolmogorovSf(1.358099)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSf(1.627624)).toBeCloseTo(0.01, 4);
    expect(kolmogorovSf(0.1)).toBe(1);
  });

  it('PSI by hand', () => {
    // 0.5→0.3: (0.3-0.5) ln(0.6) ; 0.5→0.7: (0.2) ln(1.4)
    const expected = -0.2 * Math.log(0.6) + 0.2 * Math.log(1.4);
    expect(psi([50, 50], [30, 70])).toBeCloseTo(expected, 12);
    expect(psi([10, 20, 30], [1, 2, 3])).toBeCloseTo(0, 12);
    expect(psi([0, 0], [1, 1])).toBeNull();
  });

  it('KS from bins is the largest gap of the cumulative shares', () => {
    const ks = ksFromBins([25, 25, 25, 25], [0, 0, 50, 50])!;
    expect(ks.d).toBeCloseTo(0.5, 12);
    expect(ks.p).toBeLessThan(1e-3);
    expect(ksFromBins([25, 25, 25, 25], [250, 250, 250, 250])!.p).toBe(1);
  });

  it('KS p-values of small samples are exact: equal to scipy.stats.ks_2samp(method="exact")', () => {
    // python3 -c "from scipy.stats import ks_2samp; x=[((i*37+11)%1009)/70 for i in range(n)];
    //   y=[((j*53+5)%199)/14+shift for j in range(m)]; print(ks_2samp(x, y, method='exact'))" (scipy 1.17)
    const cases: Array<[number, number, number, number, number]> = [
      [8, 6, 0, 0.6666666666666666, 0.0606060606060606],
      [60, 25, 1, 0.13666666666666666, 0.8481069208897885],
      [200, 30, 0.5, 0.07833333333333334, 0.9932034789352282],
      [500, 20, 2, 0.164, 0.6263155357160058],
      [40, 40, 1.5, 0.275, 0.09707484379785862],
      [150, 150, 0.8, 0.1, 0.4425235033915137],
    ];
    for (const [n, m, shift, d, p] of cases) {
      const x = Array.from({ length: n }, (_, i) => ((i * 37 + 11) % 1009) / 70);
      const y = Array.from({ length: m }, (_, j) => ((j * 53 + 5) % 199) / 14 + shift);
      // One bin per distinct value (values both samples hold share a bin, as scipy counts them).
      const values = [...new Set([...x, ...y])].sort((a, b) => a - b);
      const at = new Map(values.map((v, k) => [v, k]));
      const bins = (s: number[]) => {
        const c = new Array<number>(values.length).fill(0);
        for (const v of s) c[at.get(v) as number]++;
        return c;
      };
      const ks = ksFromBins(bins(x), bins(y));
      expect(ks?.d, `${n} x ${m}`).toBeCloseTo(d, 12);
      expect(Math.abs((ks?.p ?? NaN) - p) / p, `${n} x ${m}`).toBeLessThan(1e-9);
    }
    // Small samples are where the asymptotic value is off: 8 against 6 values, D = 2/3.
    const ne = (8 * 6) / 14;
    expect(kolmogorovSf((Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * (2 / 3))).toBeLessThan(0.052);
    expect(ksExactP(8, 6, 32)).toBeCloseTo(0.0606060606060606, 12);
    expect(ksExactP(8, 6, 0)).toBe(1);
  });

  it('KS beyond the exact size (or with fractional counts) is asymptotic', () => {
    const e = [500, 500, 500, 500];
    const a = [150, 150, 200, 500];
    expect(2000 * 1000).toBeGreaterThan(KS_EXACT_CELLS);
    const ks = ksFromBins(e, a)!;
    const ne = (2000 * 1000) / 3000;
    expect(ks.p).toBe(kolmogorovSf((Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * ks.d));
    const half = ksFromBins([2.5, 2.5], [1, 3])!;
    const neHalf = (5 * 4) / 9;
    expect(half.p).toBe(kolmogorovSf((Math.sqrt(neHalf) + 0.12 + 0.11 / Math.sqrt(neHalf)) * half.d));
  });

  it('chi-square of categories: equal shares pass, a moved share fails, small cells pool', () => {
    expect(chiSquare([100, 100, 100], [100, 100, 100])!.p).toBeCloseTo(1, 9);
    const moved = chiSquare([100, 100, 100], [200, 50, 50])!;
    expect(moved.stat).toBeCloseTo(100 + 25 + 25, 9);
    expect(moved.df).toBe(2);
    expect(moved.p).toBeLessThan(1e-9);
    expect(chiSquare([1000, 1000, 1, 1], [500, 500, 0, 0])!.df).toBe(2);
  });

  it('bins: merged to at least 5% each, outer bins for values outside the training range', () => {
    const m = mergedBins({ edges: [0, 1, 2, 3, 4], counts: [1, 1, 48, 50] })!;
    expect(m.edges).toEqual([0, 3, 4]);
    expect(m.counts).toEqual([0, 50, 50, 0]);
    expect(binOf(m.edges, -1)).toBe(0);
    expect(binOf(m.edges, 0)).toBe(1);
    // (a, b] like the profile's histogram; the first bin also holds its lower edge.
    expect(binOf(m.edges, 2.99)).toBe(1);
    expect(binOf(m.edges, 3)).toBe(1);
    expect(binOf(m.edges, 3.01)).toBe(2);
    expect(binOf(m.edges, 4)).toBe(2);
    expect(binOf(m.edges, 4.01)).toBe(3);
    expect(binOf(m.edges, NaN)).toBe(-1);
  });
});
