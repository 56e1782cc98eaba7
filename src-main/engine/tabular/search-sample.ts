import { makeRng } from '../models/trees/rng';
import type { TargetInfo } from '../preprocess/fit-steps';
import type { Split } from './split';

/** Training cells (rows × input columns) above which the search compares candidates on a sample of rows. */
export const SAMPLE_ABOVE_CELLS = 1e7;
/** Cells of the sample the search fits and validates on (e.g. 200,000 rows of 20 columns). */
export const SEARCH_CELLS = 4e6;
/** Fewest rows a search sample keeps, however wide the table. */
const MIN_SEARCH_ROWS = 50_000;
/** Share of the sample that validates (as in a holdout split). */
const VALIDATION_SHARE = 0.2;
/** Rows kept of every class in the sample (all of a rarer one), so each class is seen by the search. */
const CLASS_FLOOR = 20;

/** What the search saw: its rows (fit + validation) out of all training rows. */
export interface SearchSample {
  /** Rows the candidates were fitted on. */
  fitRows: number;
  /** Rows the candidates were validated on. */
  validationRows: number;
  /** All training rows (what the chosen models are refitted on). */
  trainRows: number;
}

/**
 * On a huge training set, candidates are fitted and compared on a sample of the training rows, and the chosen
 * models are refitted on all of them afterwards (refit.ts: the split's `train` stays all rows, in holdout mode).
 * Random and k-fold plans get one stratified holdout within a random (per class stratified) sample; time plans
 * validate on the latest training rows and fit on an evenly drawn sample of the earlier ones, kept in time order.
 * Test rows are untouched. Returns the split unchanged (and no sample) when the data is small enough.
 */
export function sampleForSearch(
  split: Split,
  target: TargetInfo,
  nColumns: number,
  opts: { stratified: boolean; seed: number },
): { split: Split; sample: SearchSample | null } {
  const n = split.train.length;
  const m = Math.max(MIN_SEARCH_ROWS, Math.floor(SEARCH_CELLS / Math.max(1, nColumns)));
  if (n * nColumns <= SAMPLE_ABOVE_CELLS || m * 2 > n) return { split, sample: null };
  const rng = makeRng(opts.seed + 9173);
  const nVal = Math.round(m * VALIDATION_SHARE);
  let fit: Int32Array;
  let val: Int32Array;
  if (split.mode === 'time') {
    // split.train is in time order: the latest rows validate, an even draw of the earlier ones fits.
    val = split.train.slice(n - nVal);
    const earlier = n - nVal;
    const picked = pickPositions(earlier, m - nVal, rng);
    fit = Int32Array.from(picked, (i) => split.train[i]);
  } else {
    const strata = groupByClass(split.train, target, opts.stratified && target.kind !== 'regression');
    const fits: Int32Array[] = [];
    const vals: Int32Array[] = [];
    for (const rows of strata) {
      const want = Math.min(rows.length, Math.max(CLASS_FLOOR, Math.round((rows.length * m) / n)));
      const picked = partialShuffle(rows, want, rng);
      const v = Math.round(want * VALIDATION_SHARE);
      vals.push(picked.subarray(0, v));
      fits.push(picked.subarray(v));
    }
    fit = concatSorted(fits);
    val = concatSorted(vals);
  }
  return {
    split: {
      train: split.train,
      test: split.test,
      folds: [{ fit, val, repeat: 0 }],
      mode: split.mode === 'time' ? 'time' : 'holdout',
      repeats: 1,
    },
    sample: { fitRows: fit.length, validationRows: val.length, trainRows: n },
  };
}

/** Training rows per class (one group of all rows when not stratified), classes in code order. */
function groupByClass(rows: Int32Array, target: TargetInfo, stratified: boolean): Int32Array[] {
  if (!stratified) return [rows.slice()];
  const counts = new Int32Array(target.nClasses);
  for (let i = 0; i < rows.length; i++) counts[target.y[rows[i]]]++;
  const groups = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(target.nClasses);
  for (let i = 0; i < rows.length; i++) {
    const c = target.y[rows[i]];
    groups[c][fill[c]++] = rows[i];
  }
  return groups.filter((g) => g.length > 0);
}

/** Shuffles the first `k` places of `a` (in place) with k random members of it; returns them. */
function partialShuffle(a: Int32Array, k: number, rng: () => number): Int32Array {
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.subarray(0, k);
}

/** `k` distinct positions of 0..n-1, ascending. */
function pickPositions(n: number, k: number, rng: () => number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return partialShuffle(all, k, rng).slice().sort();
}

function concatSorted(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.sort();
}

/** Rows a refit on all training rows sees per row of the search's fit: its expected time per search-fit second. */
export function refitRatio(sample: SearchSample): number {
  return sample.trainRows / sample.fitRows;
}

/** Time a refit on all training rows takes, per second of the search's fit of the same configuration. */
export function refitCost(sample: SearchSample | null): number {
  // Holdout refit: 25% more rows (and boosting without the rounds past the best): 1.5 leaves a margin. After a
  // sampled search the fit is about linear in rows (trees, linear models), with a 50% margin: the search's last fit
  // runs past the search's end by its predictions of the test rows (8 s at 1M rows for a 30 s refit, 47 s at 10M),
  // which a 20% margin did not cover (train-scale bench: no refit at 1M or 10M).
  return sample ? 1.5 * refitRatio(sample) : 1.5;
}

/**
 * When a sampled search should stop so that the leading configuration (its search fit took `leaderSeconds`) can
 * still be refitted on all rows before the refit deadline. If even stopping now leaves too little time, the search
 * keeps its ordinary end: the models then stay fitted on the sample (the leaderboard says so: no refit_all_rows).
 */
export function sampledSearchEnd(
  sample: SearchSample,
  leaderSeconds: number,
  at: { now: number; searchEnd: number; refitDeadline: number },
): number {
  const latest = at.refitDeadline - leaderSeconds * 1000 * refitCost(sample);
  return latest < at.now ? at.searchEnd : Math.min(at.searchEnd, latest);
}

/**
 * The search fit seconds of the configuration a sampled search keeps time to refit on all rows: the best-scoring
 * finished one whose refit (refitCost × its search fit) still fits in `leftMs`. A leader too slow to refit passes
 * the refit to the next best instead of cancelling it (the search would then run to its ordinary end and leave every
 * model fitted on the sample). Undefined when none fits.
 */
export function refitTargetSeconds(
  done: ReadonlyArray<{ score: number; fitSeconds: number }>,
  sample: SearchSample,
  leftMs: number,
): number | undefined {
  const fits = done.filter((d) => d.fitSeconds * 1000 * refitCost(sample) <= leftMs);
  return fits.sort((a, b) => b.score - a.score)[0]?.fitSeconds;
}

/** Up to `k` of `rows`, drawn at random (seeded), ascending. */
export function someRows(rows: Int32Array, k: number, seed: number): Int32Array {
  if (rows.length <= k) return rows;
  return partialShuffle(rows.slice(), k, makeRng(seed + 4421))
    .slice()
    .sort();
}
