import { describe, expect, it } from 'vitest';
import { binOf, mergedBins } from './reference';
import { chiSquare, chiSquareSf, kolmogorovSf, ksFromBins, psi } from './stat-tests';

describe('drift statistics', () => {
  it('chi-square tail matches the tables', () => {
    expect(chiSquareSf(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSf(18.307038, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquareSf(6.634897, 1)).toBeCloseTo(0.01, 6);
    expect(chiSquareSf(124.342113, 100)).toBeCloseTo(0.05, 5);
    expect(chiSquareSf(0.5, 3)).toBeCloseTo(0.918891, 5);
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
