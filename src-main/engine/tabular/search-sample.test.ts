import { describe, expect, it } from 'vitest';
import type { TargetInfo } from '../preprocess/fit-steps';
import { refitCost, refitTargetSeconds, sampledSearchEnd, sampleForSearch, someRows } from './search-sample';
import type { Split } from './split';

/** Rows 0..n-1: every 5th row is test, the rest train (sorted, as makeSplit returns them). */
function holdoutSplit(n: number, mode: Split['mode'] = 'holdout'): Split {
  const test: number[] = [];
  const train: number[] = [];
  for (let r = 0; r < n; r++) (r % 5 === 0 ? test : train).push(r);
  const t = Int32Array.from(train);
  const half = Math.floor(t.length * 0.8);
  return {
    train: t,
    test: Int32Array.from(test),
    folds: [{ fit: t.slice(0, half), val: t.slice(half), repeat: 0 }],
    mode,
    repeats: 1,
  };
}

describe('sampleForSearch', () => {
  it('leaves a small training set alone', () => {
    const split = holdoutSplit(10_000);
    const y = new Float64Array(10_000);
    const out = sampleForSearch(split, { kind: 'regression', y, nClasses: 0 }, 20, { stratified: false, seed: 1 });
    expect(out.sample).toBeNull();
    expect(out.split).toBe(split);
  });

  it('searches a stratified sample of a huge training set and keeps every training row for the refit', () => {
    const n = 1_000_000;
    const y = new Float64Array(n);
    // Class 2 is rare (0.1%), class 1 is 30%.
    for (let r = 0; r < n; r++) y[r] = r % 1000 === 7 ? 2 : r % 10 < 3 ? 1 : 0;
    const target: TargetInfo = { kind: 'multiclass', y, nClasses: 3 };
    const base: Split = { ...holdoutSplit(n), mode: 'kfold', repeats: 1 };
    const { split, sample } = sampleForSearch(base, target, 40, { stratified: true, seed: 3 });
    // 40 columns: 4e6 / 40 = 100,000 rows searched (80% fit, 20% validation).
    expect(sample).not.toBeNull();
    expect(sample?.trainRows).toBe(base.train.length);
    expect(split.train).toBe(base.train);
    expect(split.test).toBe(base.test);
    expect(split.mode).toBe('holdout');
    expect(split.folds).toHaveLength(1);
    const { fit, val } = split.folds[0];
    expect(fit.length + val.length).toBeGreaterThan(99_000);
    expect(fit.length + val.length).toBeLessThan(101_000);
    expect(val.length / (fit.length + val.length)).toBeCloseTo(0.2, 2);
    expect(sample?.fitRows).toBe(fit.length);
    // Distinct training rows, none in test, sorted.
    const uses = new Uint8Array(n);
    for (const rows of [fit, val]) for (let i = 0; i < rows.length; i++) uses[rows[i]]++;
    expect(uses.some((u, r) => u > 1 || (u === 1 && r % 5 === 0))).toBe(false);
    expect(fit.every((r, i) => i === 0 || r > fit[i - 1])).toBe(true);
    // Class shares as in the training rows, in fit and in validation.
    const share = (rows: Int32Array, c: number): number => rows.filter((r) => y[r] === c).length / rows.length;
    for (const c of [0, 1, 2]) {
      expect(share(fit, c)).toBeCloseTo(share(base.train, c), 3);
      expect(share(val, c)).toBeCloseTo(share(base.train, c), 3);
    }
    // The same seed draws the same sample; another seed another one.
    const again = sampleForSearch(base, target, 40, { stratified: true, seed: 3 }).split.folds[0].fit;
    expect(Array.from(again)).toEqual(Array.from(fit));
    const other = sampleForSearch(base, target, 40, { stratified: true, seed: 4 }).split.folds[0].fit;
    expect(Array.from(other)).not.toEqual(Array.from(fit));
  });

  it('on a time split validates on the latest training rows and fits on earlier ones in time order', () => {
    const n = 600_000;
    // Time order is the reverse of row order: split.train lists rows from the earliest to the latest.
    const train = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const base: Split = {
      train,
      test: new Int32Array(0),
      folds: [{ fit: train.slice(0, n * 0.8), val: train.slice(n * 0.8), repeat: 0 }],
      mode: 'time',
      repeats: 1,
    };
    const y = new Float64Array(n);
    const { split, sample } = sampleForSearch(base, { kind: 'regression', y, nClasses: 0 }, 20, {
      stratified: false,
      seed: 1,
    });
    expect(sample).toEqual({ fitRows: 160_000, validationRows: 40_000, trainRows: n });
    expect(split.mode).toBe('time');
    const { fit, val } = split.folds[0];
    expect(Array.from(val)).toEqual(Array.from(train.slice(n - 40_000)));
    // Fit rows come in time order (descending row numbers here), all before the validation rows, spread over time.
    expect(fit.every((r, i) => i === 0 || r < fit[i - 1])).toBe(true);
    expect(fit[fit.length - 1]).toBeGreaterThan(val[0]);
    expect(fit[0]).toBeGreaterThan(n - 1000);
    expect(fit[fit.length - 1]).toBeLessThan(40_000 + 1000);
  });
});

describe('sampled search budget', () => {
  const sample = { fitRows: 100_000, validationRows: 25_000, trainRows: 1_000_000 };

  it('prices a refit by the rows it sees', () => {
    expect(refitCost(null)).toBe(1.5);
    expect(refitCost(sample)).toBeCloseTo(12, 10);
  });

  it('ends the search early enough to refit the leader on all rows, or not at all when that cannot fit', () => {
    const at = { now: 10_000, searchEnd: 85_000, refitDeadline: 92_000 };
    // A 2 s search fit: its refit takes ~24 s, so the search stops at 68 s.
    expect(sampledSearchEnd(sample, 2, at)).toBe(68_000);
    // A 0.1 s fit leaves the ordinary end.
    expect(sampledSearchEnd(sample, 0.1, at)).toBe(85_000);
    // A 10 s fit cannot be refitted in time even now: the search keeps its ordinary end.
    expect(sampledSearchEnd(sample, 10, at)).toBe(85_000);
  });

  it('keeps time to refit the best configuration whose refit fits, passing over a leader too slow for it', () => {
    // 10M-row run: the leader's 254 s search fit would take ~14,500 s on all rows; the next best's 16 s, ~900 s.
    const big = { fitRows: 168_421, validationRows: 42_105, trainRows: 8_000_000 };
    const done = [
      { score: 0.8014, fitSeconds: 254 },
      { score: 0.7985, fitSeconds: 16 },
      { score: 0.7918, fitSeconds: 24 },
    ];
    expect(refitTargetSeconds(done, big, 1_300_000)).toBe(16);
    // With time for the leader's refit, the leader.
    expect(refitTargetSeconds(done, big, 15_000_000)).toBe(254);
    // With time for none, none (the search keeps its ordinary end).
    expect(refitTargetSeconds(done, big, 500_000)).toBeUndefined();
    // The search then ends where the chosen one's refit still fits before the deadline.
    const at = { now: 300_000, searchEnd: 2_160_000, refitDeadline: 2_208_000 };
    const seconds = refitTargetSeconds(done, big, at.refitDeadline - at.now);
    expect(seconds).toBe(16);
    expect(sampledSearchEnd(big, seconds ?? 0, at)).toBeCloseTo(2_208_000 - 16_000 * refitCost(big), 6);
  });
});

describe('someRows', () => {
  it('draws k distinct rows of the given ones, ascending, or returns all when there are fewer', () => {
    const rows = Int32Array.from({ length: 50_000 }, (_, i) => i * 3);
    const some = someRows(rows, 1000, 7);
    expect(some).toHaveLength(1000);
    expect(some.every((r, i) => r % 3 === 0 && (i === 0 || r > some[i - 1]))).toBe(true);
    expect(Array.from(someRows(rows, 1000, 7))).toEqual(Array.from(some));
    expect(someRows(rows, 60_000, 7)).toBe(rows);
  });
});
