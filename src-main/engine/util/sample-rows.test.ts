import { describe, expect, it } from 'vitest';
import { gatherRows, sampleRows } from './sample-rows';

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

describe('gatherRows', () => {
  it('copies the given rows of a row-major matrix in the order given', () => {
    const X = Float64Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(X, 2, Int32Array.from([2, 0])))).toEqual([20, 21, 0, 1]);
  });
});
