import { describe, expect, it, vi } from 'vitest';
import { applyBinning, columnCodes, fitBinning, rowCodes } from './binning';
import { buildHist, growTree, HistPool, type GrowData, type GrowParams } from './hist-tree';
import { gradientRows, LOG_LOSS, SQUARED_ERROR } from './gradient-rows';
import { HistArena, splitRows } from './hist-wasm';
import { makeRng } from './rng';
import { fitGbm } from '../gbm';

/**
 * Waits for the arena's helper thread to start (asynchronously: a worker thread and its wasm instance). Up to 30 s: a
 * thread started on a loaded machine took longer than the 2 s the tests used to allow; a ready helper returns at once.
 */
async function helperStarts(arena: HistArena): Promise<boolean> {
  for (let i = 0; i < 3000 && !arena.helperReady(); i++) await new Promise((r) => setTimeout(r, 10));
  return arena.helperReady();
}

describe('wasm histogram kernel', () => {
  // 3,000 rows: one pass; 40,000: ~12,000 rows × 7 features, summed in two row halves (splitRows) by both.
  it.each([3000, 40_000])(
    'gives bit-identical sums to the JS pass on a scattered subset of %i rows, missing values included',
    (n) => {
      const p = 7;
      const rng = makeRng(7);
      const X = Float64Array.from({ length: n * p }, (_, i) =>
        i % p === 2 ? Math.floor(rng() * 5) : rng() < 0.05 ? NaN : rng() * 10 - 5,
      );
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
      const viaJs = buildHist(
        { ...base, gh: Float32Array.from(arena.gh) } as GrowData,
        Int32Array.from(arena.idx),
        0,
        count,
        all,
        new Float64Array(slot.length),
      );
      expect(Array.from(viaWasm)).toEqual(Array.from(viaJs));
      // Sanity: the hessian mass of feature 0 equals the sum over the subset's rows.
      let h = 0;
      for (let i = 0; i < count; i++) h += arena.gh[2 * arena.idx[i] + 1];
      let hh = 0;
      for (let b = 0; b < binning.nBins[0]; b++) hh += viaWasm[2 * b + 1];
      expect(hh).toBeCloseTo(h, 9);
      expect(splitRows(0, count, p) > 0).toBe(n > 10_000);
    },
  );

  it('grows the same tree (splits, sums, leaf rows) with the wasm partition and sums as with the JS loops', () => {
    const n = 4000;
    const p = 5;
    const rng = makeRng(11);
    const X = Float64Array.from({ length: n * p }, () => (rng() < 0.03 ? NaN : rng() * 4 - 2));
    const binning = fitBinning(X, n, p);
    const bins = applyBinning(binning, X, n, p);
    const arena = HistArena.create(n, p, binning.totalBins * 2, 40);
    if (!arena) throw new Error('WebAssembly unavailable');
    const rows8 = rowCodes(binning, bins, n, p, arena.rows8);
    const cols = columnCodes(binning, bins, n, p, arena.cols);
    for (let r = 0; r < n; r++) {
      const x = X[r * p] || 0;
      arena.gh[2 * r] = Math.fround((x > 0.3 ? 1 : -1) + Math.sin(3 * (X[r * p + 1] || 0)) + rng() * 0.1);
      arena.gh[2 * r + 1] = Math.fround(0.2 + rng() * 0.05);
      arena.idx[r] = r;
    }
    const params: GrowParams = {
      maxDepth: 5,
      maxLeaves: 24,
      lambda: 1,
      minChildWeight: 1,
      minGain: 1e-12,
      featuresPerNode: 0,
      extraRandom: false,
      subtract: true,
    };
    const all = Int32Array.from({ length: p }, (_, i) => i);
    const plainIdx = Int32Array.from(arena.idx);
    const plain = growTree(
      {
        bins,
        cols: Uint8Array.from(cols),
        rows8: Uint8Array.from(rows8),
        n,
        p,
        binning,
        K: 1,
        gh: Float32Array.from(arena.gh),
        rng,
      },
      plainIdx,
      n,
      all,
      params,
    );
    const viaWasm = growTree(
      { bins, cols, rows8, arena, n, p, binning, K: 1, gh: arena.gh, rng },
      arena.idx,
      n,
      all,
      params,
      new HistPool(binning.totalBins * 2, arena),
    );
    expect(viaWasm.feature.filter((f) => f >= 0).length).toBeGreaterThan(10);
    expect(JSON.stringify(viaWasm)).toBe(JSON.stringify(plain));
    expect(Array.from(arena.idx)).toEqual(Array.from(plainIdx));
  });

  it('shares large passes with a helper thread and still grows the identical tree', async () => {
    const n = 30_000;
    const p = 9;
    const rng = makeRng(5);
    const X = Float64Array.from({ length: n * p }, () => (rng() < 0.02 ? NaN : rng() * 4 - 2));
    const binning = fitBinning(X, n, p);
    const bins = applyBinning(binning, X, n, p);
    const single = HistArena.create(n, p, binning.totalBins * 2, 40);
    const threaded = HistArena.create(n, p, binning.totalBins * 2, 40, 2);
    if (!single || !threaded) throw new Error('WebAssembly unavailable');
    try {
      const grow = (arena: HistArena): ReturnType<typeof growTree> => {
        const rows8 = rowCodes(binning, bins, n, p, arena.rows8);
        const cols = columnCodes(binning, bins, n, p, arena.cols);
        const r2 = makeRng(3);
        for (let r = 0; r < n; r++) {
          arena.gh[2 * r] = Math.fround((X[r * p] > 0 ? 1 : -1) + (X[r * p + 5] || 0) * 0.5 + r2() * 0.1);
          arena.gh[2 * r + 1] = Math.fround(0.25);
          arena.idx[r] = r;
        }
        const all = Int32Array.from({ length: p }, (_, i) => i);
        const params: GrowParams = {
          maxDepth: 6,
          maxLeaves: 31,
          lambda: 1,
          minChildWeight: 1,
          minGain: 1e-12,
          featuresPerNode: 0,
          extraRandom: false,
          subtract: true,
        };
        const data = { bins, cols, rows8, arena, n, p, binning, K: 1, gh: arena.gh, rng: makeRng(1) };
        return growTree(data, arena.idx, n, all, params, new HistPool(binning.totalBins * 2, arena));
      };
      // The helper starts asynchronously: until it is ready every pass runs on this thread.
      expect(await helperStarts(threaded)).toBe(true);
      const a = grow(single);
      expect(a.feature.filter((f) => f >= 0).length).toBeGreaterThan(20);
      // The helper sums a pass's second half only when it claims it before the fit is done with the first half; a
      // helper asleep between passes often wakes too late for this tree's passes, and on a busy machine it may not
      // run at all, so the tree is grown several times (each time identical). That the helper does sum some passes,
      // and exactly, is the next test's (passes back to back, which a woken helper catches).
      for (let k = 0; k < 5; k++) expect(JSON.stringify(grow(threaded))).toBe(JSON.stringify(a));
    } finally {
      threaded.close();
    }
  });

  it('sums each pass once, on the helper or on the fit, even when the wake-up for it comes late', async () => {
    // The fit stores the job number, then notifies. Descheduled between the two (a busy machine), the helper may have
    // seen the number, run the pass and gone back to sleep when the notify arrives: that wake-up must not run the
    // pass again (it added the second half's rows into the scratch histogram once more; trees then differed).
    const n = 30_000;
    const p = 8;
    const stride = 16;
    const arena = HistArena.create(n, p, p * stride * 2, 4, 2);
    if (!arena) throw new Error('WebAssembly unavailable');
    const notify = vi.spyOn(Atomics, 'notify');
    try {
      const rng = makeRng(11);
      for (let i = 0; i < n * p; i++) arena.rows8[i] = Math.floor(rng() * stride);
      for (let i = 0; i < 2 * n; i++) arena.gh[i] = Math.fround(rng() - 0.5);
      for (let r = 0; r < n; r++) arena.idx[r] = r;
      expect(await helperStarts(arena)).toBe(true);
      // The same rows summed on one thread: every pass below must give exactly these sums, whichever thread summed
      // its second half (the fit sums it itself when the helper has not claimed it yet, e.g. while it sleeps).
      const single = HistArena.create(n, p, p * stride * 2, 4, 1);
      if (!single) throw new Error('WebAssembly unavailable');
      single.rows8.set(arena.rows8.subarray(0, n * p));
      single.gh.set(arena.gh.subarray(0, 2 * n));
      single.idx.set(arena.idx.subarray(0, n));
      const reference = single.takeSlot() as Float64Array;
      single.hist8(single.idx, 0, n, reference, p, stride);
      single.close();
      const hist = arena.takeSlot() as Float64Array;
      let passes = 0;
      for (const until = Date.now() + 20_000; Date.now() < until && arena.helperPasses === 0; passes++) {
        hist.fill(0);
        arena.hist8(arena.idx, 0, n, hist, p, stride);
        expect(Array.from(hist)).toEqual(Array.from(reference));
      }
      expect(arena.helperPasses).toBe(1);
      const posted = notify.mock.calls.filter(([, index]) => index === 0);
      expect(posted).toHaveLength(passes);
      // Let the helper go back to sleep, then wake it with the same notify again: the late one.
      await new Promise((r) => setTimeout(r, 50));
      const memory = new Uint8Array(arena.rows8.buffer);
      const before = Uint8Array.from(memory);
      const control = posted[posted.length - 1][0];
      expect(control).toBeInstanceOf(Int32Array);
      if (control instanceof Int32Array) Atomics.notify(control, 0);
      await new Promise((r) => setTimeout(r, 100));
      let changed = 0;
      for (let i = 0; i < memory.length; i++) if (memory[i] !== before[i]) changed++;
      expect(changed).toBe(0);
    } finally {
      notify.mockRestore();
      arena.close();
    }
  });

  it('computes the gradients on two threads exactly as on one, both taking chunks of rows', async () => {
    const n = 50_000;
    const arena = HistArena.create(n, 4, 4 * 16 * 2, 2, 2, true);
    if (!arena) throw new Error('WebAssembly unavailable');
    try {
      const rows = arena.rowsF64;
      expect(rows).not.toBeNull();
      if (!rows) return;
      const rng = makeRng(5);
      for (let r = 0; r < n; r++) {
        rows.scores[r] = rng() * 8 - 4;
        rows.target[r] = rng() < 0.4 ? 1 : 0;
        rows.weights[r] = 0.5 + rng();
      }
      // On one thread, over plain arrays.
      const reference = (task: number, weighted: boolean): Float32Array => {
        const gh = new Float32Array(2 * n);
        const w = weighted ? Float64Array.from(rows.weights) : null;
        gradientRows(task, Float64Array.from(rows.scores), Float64Array.from(rows.target), w, gh, 0, n);
        return gh;
      };
      const cases: [number, boolean][] = [
        [LOG_LOSS, true],
        [LOG_LOSS, false],
        [SQUARED_ERROR, true],
        [SQUARED_ERROR, false],
      ];
      const expected = cases.map(([task, weighted]) => Array.from(reference(task, weighted)));
      expect(await helperStarts(arena)).toBe(true);
      // The helper takes chunks only once it claims the job (it may sleep or not run): call until it claimed
      // one job of each case, checking every result.
      for (const [c, [task, weighted]] of cases.entries()) {
        const before = arena.helperPasses;
        for (const until = Date.now() + 20_000; Date.now() < until && arena.helperPasses === before;) {
          arena.gh.fill(NaN);
          arena.gradients(task, weighted);
          expect(Array.from(arena.gh)).toEqual(expected[c]);
        }
        expect(arena.helperPasses).toBe(before + 1);
      }
      expect(expected[0]).not.toEqual(expected[1]);
      expect(expected[2]).not.toEqual(expected[3]);
    } finally {
      arena.close();
    }
  });

  it("adds leaf values to their rows' scores as the JS loop does, both threads taking leaves", async () => {
    const n = 60_000;
    const arena = HistArena.create(n, 4, 4 * 16 * 2, 2, 2, true);
    const F = arena?.rowsF64?.scores;
    if (!arena || !F) throw new Error('WebAssembly unavailable');
    try {
      const rng = makeRng(8);
      const F0 = Float64Array.from({ length: n }, () => rng() * 4 - 2);
      // Rows in a shuffled order, cut into 5 leaves of uneven size under 4 interior nodes (as a grown tree).
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      arena.idx.set(order);
      const cuts = [0, 1000, 21_000, 22_000, 50_000, n];
      const tree = {
        feature: [0, 1, -1, 2, -1, -1, 3, -1, -1],
        binThr: [],
        codeThr: [],
        codeMiss: [],
        missingLeft: [],
        left: [1, 3, -1, 6, -1, -1, 7, -1, -1],
        right: [2, 4, -1, 5, -1, -1, 8, -1, -1],
        sums: [],
        segStart: [0, 0, cuts[4], 0, cuts[1], cuts[2], 0, 0, cuts[3]],
        segEnd: [n, cuts[4], n, cuts[1], cuts[2], cuts[3], cuts[1], cuts[1], cuts[4]],
      };
      const values = tree.left.map(() => rng() - 0.5);
      const expected = Float64Array.from(F0);
      for (let node = 0; node < tree.left.length; node++) {
        if (tree.left[node] !== -1) continue;
        for (let i = tree.segStart[node]; i < tree.segEnd[node]; i++) expected[order[i]] += values[node];
      }
      expect(await helperStarts(arena)).toBe(true);
      for (const until = Date.now() + 20_000; Date.now() < until && arena.helperPasses === 0;) {
        F.set(F0);
        expect(arena.addLeaves(tree, values)).toBe(true);
        expect(Array.from(F)).toEqual(Array.from(expected));
      }
      expect(arena.helperPasses).toBe(1);
    } finally {
      arena.close();
    }
  });

  it('fits the same GBM on two threads as on one (a fit large enough to start the helper)', () => {
    const n = 120_000;
    const p = 9;
    const rng = makeRng(9);
    const X = Float64Array.from({ length: n * p }, () => (rng() < 0.01 ? NaN : rng() * 2 - 1));
    const y = Float64Array.from({ length: n }, (_, r) =>
      (X[r * p] || 0) + Math.sin(3 * (X[r * p + 1] || 0)) > 0 ? 1 : 0,
    );
    const fit = (threads: number): ReturnType<typeof fitGbm> =>
      fitGbm({ X, n, p, y, task: 'binary', nClasses: 2 }, { n_estimators: 4, threads });
    const one = fit(1);
    const two = fit(2);
    expect(one.trees).toHaveLength(4);
    expect(JSON.stringify(two.trees)).toBe(JSON.stringify(one.trees));
    // Weighted regression: the helper's gradients (squared error, times weights) too.
    const weights = Float64Array.from({ length: n }, () => 0.5 + rng());
    const target = Float64Array.from({ length: n }, (_, r) => 3 * (X[r * p + 2] || 0) + y[r]);
    const reg = (threads: number): ReturnType<typeof fitGbm> =>
      fitGbm({ X, n, p, y: target, weights, task: 'regression', nClasses: 0 }, { n_estimators: 4, threads });
    expect(JSON.stringify(reg(2).trees)).toBe(JSON.stringify(reg(1).trees));
  });
});
