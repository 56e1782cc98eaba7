import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split';

describe('stratifiedSplit', () => {
  it('splits a million labels by class, every row once (no spread of a class into one call)', () => {
    // push(...rows) threw RangeError past ~125k rows in a class; the per-row copy was quadratic.
    const n = 1_000_000;
    const y = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const { train, valid } = stratifiedSplit(y, 0.2);
    expect(train.length + valid.length).toBe(n);
    expect(valid.length).toBe(20_000 + 180_000);
    expect(valid.filter((i) => y[i] === 1).length).toBe(20_000);
    const seen = new Uint8Array(n);
    for (const i of [...train, ...valid]) seen[i]++;
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('is reproducible from its seed', () => {
    const y = Array.from({ length: 50 }, (_, i) => i % 3);
    expect(stratifiedSplit(y, 0.3, 7)).toEqual(stratifiedSplit(y, 0.3, 7));
    expect(stratifiedSplit(y, 0.3, 7).valid).not.toEqual(stratifiedSplit(y, 0.3, 8).valid);
  });
});
