import { describe, expect, it } from 'vitest';
import { applyBinning, applyBinningLocal, columnCodes, fitBinning } from './binning';
import { binLeaf, growTree, HistPool, localLeaf, type GrowParams } from './hist-tree';
import { makeRng } from './rng';

// Huge fits keep uint8 local codes instead of the BinMatrix (LOCAL_CODES_CELLS): the trees must not change.
describe('local bin codes', () => {
  const n = 6000;
  const p = 6;
  const rng = makeRng(17);
  const X = Float64Array.from({ length: n * p }, (_, i) =>
    i % p === 1 ? Math.floor(rng() * 4) : rng() < 0.04 ? NaN : rng() * 8 - 4,
  );
  const binning = fitBinning(X, n, p);
  const bins = applyBinning(binning, X, n, p);
  const local = applyBinningLocal(binning, X, n, p);

  it('are the global codes without the offsets, and give the same column codes', () => {
    for (let i = 0; i < n * p; i++) expect(local[i]).toBe(bins[i] - binning.offsets[i % p]);
    expect(Array.from(columnCodes(binning, local, n, p))).toEqual(Array.from(columnCodes(binning, bins, n, p)));
  });

  it.each([
    ['boosting, a feature subset per tree', 1, 4],
    ['forest, class channels and features per node', 2, 0],
  ])('grow the same tree as the global codes: %s', (_label, K, subset) => {
    const S = K + 1;
    const gh = Float32Array.from({ length: n * S }, (_, i) => (i % S === K ? 1 : rng() * 2 - 1));
    const params: GrowParams = {
      maxDepth: 8,
      maxLeaves: 40,
      lambda: K === 1 ? 1 : 0,
      minChildWeight: 1,
      minGain: 1e-12,
      featuresPerNode: K === 1 ? 0 : 3,
      extraRandom: false,
      subtract: K === 1,
    };
    const feats = Int32Array.from({ length: subset || p }, (_, i) => i);
    const cols = columnCodes(binning, bins, n, p);
    const grow = (codes: { bins?: typeof bins; local?: Uint8Array }) => {
      const idx = Int32Array.from({ length: n }, (_, i) => i);
      const tree = growTree(
        { ...codes, cols, n, p, binning, K, gh, rng: makeRng(5) },
        idx,
        n,
        feats,
        params,
        new HistPool(binning.totalBins * S),
      );
      return { tree, idx };
    };
    const a = grow({ bins });
    const b = grow({ local });
    expect(a.tree.left.length).toBeGreaterThan(20);
    expect(b.tree.feature).toEqual(a.tree.feature);
    expect(b.tree.binThr).toEqual(a.tree.binThr);
    expect(b.tree.missingLeft).toEqual(a.tree.missingLeft);
    expect(b.tree.sums.map((s) => Array.from(s))).toEqual(a.tree.sums.map((s) => Array.from(s)));
    expect(Array.from(b.idx)).toEqual(Array.from(a.idx));
    for (let r = 0; r < n; r++) expect(localLeaf(b.tree, local, r * p)).toBe(binLeaf(a.tree, bins, r * p));
  });
});
