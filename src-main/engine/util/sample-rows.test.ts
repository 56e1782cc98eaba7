import { describe, expect, it } from 'vitest';
import { makeRng } from '../models/trees/rng';
import { gatherRows, sampleIndices, sampleRows } from './sample-rows';

describe('sampleRows', () => {
  it('draws the seeded samples the explainers, k-means and the kernel model have always drawn', () => {
    // Pinned from the copies this replaced (explain/rows.ts, cluster/select-k.ts, models/kernel.ts).
    expect(Array.from(sampleRows(20, 5, 42))).toEqual([6, 9, 12, 14, 17]);
    expect(Array.from(sampleRows(1000, 4, 7 * 31 + 7))).toEqual([113, 275, 488, 876]);
  });

  it('gives every row, in order, when k is at least n; distinct increasing rows otherwise', () => {
    expect(Array.from(sampleRows(4, 4, 1))).toEqual([0, 1, 2, 3]);
    expect(Array.from(sampleRows(3, 10, 1))).toEqual([0, 1, 2]);
    const s = Array.from(sampleRows(500, 100, 9));
    expect(s).toHaveLength(100);
    expect(s.every((r, i) => r >= 0 && r < 500 && (i === 0 || r > s[i - 1]))).toBe(true);
  });
});

describe('sampleIndices', () => {
  it("draws the columns GBM's column subsample drew with its own loop, from the same random stream", () => {
    // Pinned from gbm.ts's sampleFeatures before it called sampleIndices: three rounds on one stream; the third
    // keeps every column (round(5 * 0.9) = 5) and still draws from the stream, as it did.
    const rng = makeRng(11);
    expect(
      [sampleIndices(12, 6, rng), sampleIndices(12, 6, rng), sampleIndices(5, 5, rng)].map((s) => Array.from(s)),
    ).toEqual([
      [0, 2, 3, 6, 8, 10],
      [0, 3, 6, 7, 8, 10],
      [0, 1, 2, 3, 4],
    ]);
  });
});

describe('gatherRows', () => {
  it('copies the given rows of a row-major matrix in the order given', () => {
    const X = Float64Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(X, 2, Int32Array.from([2, 0])))).toEqual([20, 21, 0, 1]);
  });
});
