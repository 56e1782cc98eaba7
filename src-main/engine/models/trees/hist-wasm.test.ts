import { describe, expect, it } from 'vitest';
import { applyBinning, columnCodes, fitBinning, rowCodes } from './binning';
import { buildHist, type GrowData } from './hist-tree';
import { HistArena } from './hist-wasm';
import { makeRng } from './rng';

describe('wasm histogram kernel', () => {
  it('gives bit-identical sums to the JS pass on a scattered subset of rows, missing values included', () => {
    const n = 3000;
    const p = 7;
    const rng = makeRng(7);
    const X = Float64Array.from({ length: n * p }, (_, i) => (i % p === 2 ? Math.floor(rng() * 5) : rng() < 0.05 ? NaN : rng() * 10 - 5));
    const binning = fitBinning(X, n, p);
    expect(binning.stride).toBe(256);
    const bins = applyBinning(binning, X, n, p);
    const arena = HistArena.create(n, p, binning.totalBins * 2, 2);
    expect(arena).not.toBeNull();
    if (!arena) return;
    const rows8 = rowCodes(binning, bins, n, p, arena.rows8);
    for (let i = 0; i < 2 * n; i++) arena.gh[i] = rng() * 2 - 1;
    let count = 0;
    for (let r = 0; r < n; r++) if (rng() < 0.3) arena.idx[count++] = r;
    const base = { bins, cols: columnCodes(binning, bins, n, p), rows8, n, p, binning, K: 1, rng };
    const all = Int32Array.from({ length: p }, (_, i) => i);
    const slot = arena.takeSlot() as Float64Array;
    slot.fill(123); // buildHist must clear it
    // The kernel runs only when every array is a view of the arena's memory.
    expect(rows8).toBe(arena.rows8);
    expect(arena.owns(slot) && arena.owns(arena.idx) && arena.owns(arena.gh)).toBe(true);
    const viaWasm = buildHist({ ...base, arena, gh: arena.gh } as GrowData, arena.idx, 0, count, all, slot);
    const viaJs = buildHist({ ...base, gh: Float32Array.from(arena.gh) } as GrowData, Int32Array.from(arena.idx), 0, count, all, new Float64Array(slot.length));
    expect(Array.from(viaWasm)).toEqual(Array.from(viaJs));
    // Sanity: the hessian mass of feature 0 equals the sum over the subset's rows.
    let h = 0;
    for (let i = 0; i < count; i++) h += arena.gh[2 * arena.idx[i] + 1];
    let hh = 0;
    for (let b = 0; b < binning.nBins[0]; b++) hh += viaWasm[2 * b + 1];
    expect(hh).toBeCloseTo(h, 9);
  });
});
