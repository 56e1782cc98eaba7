import type { PreprocessPlan } from '@shared/project';
import { makeRng } from '../models/trees/rng';
import type { TargetInfo } from '../preprocess/fit-steps';

export interface Fold {
  fit: Int32Array;
  val: Int32Array;
  /** Which repetition of k-fold this fold belongs to (0 for holdout and time splits). */
  repeat: number;
}

export interface Split {
  train: Int32Array;
  test: Int32Array;
  folds: Fold[];
  /** 'kfold': out-of-fold predictions cover all train rows; the final model is the bag of repetition 0's fold models. */
  mode: 'kfold' | 'holdout' | 'time';
  /** k-fold repetitions (1 for holdout and time). */
  repeats: number;
}

/**
 * Repetitions of k-fold by training-set size: on small data one k-fold split's score is noisy enough to pick the
 * wrong model (a row is 0.5% of 200 rows), so small sets average 3 (under 1,000 rows) or 2 (under 2,000) splits.
 */
export function kfoldRepeats(nTrain: number): number {
  return nTrain < 1000 ? 3 : nTrain < 2000 ? 2 : 1;
}

function shuffle(a: number[], rng: () => number): number[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Assigns rows to k groups, stratified by class when asked (each class dealt round-robin after a shuffle). */
function assignGroups(
  rows: Int32Array,
  k: number,
  target: TargetInfo,
  stratified: boolean,
  rng: () => number,
): Int32Array {
  const group = new Int32Array(rows.length);
  const strata = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const key = stratified ? target.y[rows[i]] : 0;
    if (!strata.has(key)) strata.set(key, []);
    (strata.get(key) as number[]).push(i);
  }
  let offset = 0;
  for (const key of [...strata.keys()].sort((a, b) => a - b)) {
    const members = shuffle(strata.get(key) as number[], rng);
    members.forEach((i, j) => (group[i] = (j + offset) % k));
    offset += members.length;
  }
  return group;
}

/** Picks a stratified (or plain) random subset of about `fraction` of rows; returns [rest, picked], both sorted. */
function holdout(
  rows: Int32Array,
  fraction: number,
  target: TargetInfo,
  stratified: boolean,
  rng: () => number,
): [Int32Array, Int32Array] {
  const strata = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const key = stratified ? target.y[rows[i]] : 0;
    if (!strata.has(key)) strata.set(key, []);
    (strata.get(key) as number[]).push(rows[i]);
  }
  const picked: number[] = [];
  const rest: number[] = [];
  for (const key of [...strata.keys()].sort((a, b) => a - b)) {
    const members = shuffle(strata.get(key) as number[], rng);
    const m = Math.round(members.length * fraction);
    // Element by element: spreading a class of ~100k+ rows into push() overflows the call stack.
    for (let i = 0; i < members.length; i++) (i < m ? picked : rest).push(members[i]);
  }
  return [Int32Array.from(rest).sort(), Int32Array.from(picked).sort()];
}

/**
 * Test split and validation folds. Time plans keep the latest rows (by `order`) for test and the latest
 * training rows for validation; otherwise a seeded (stratified) random split, then k folds or one holdout.
 */
export function makeSplit(
  rows: Int32Array,
  target: TargetInfo,
  plan: PreprocessPlan,
  seed: number,
  order?: Float64Array,
  fixedTest?: number[],
): Split {
  const v = plan.validation;
  const rng = makeRng(seed);
  const strat = v.stratified && target.kind !== 'regression';
  if (v.kind === 'time') {
    const sorted = Array.from(rows);
    if (order) sorted.sort((a, b) => (order[a] || 0) - (order[b] || 0) || a - b);
    const nTest = Math.max(1, Math.round(sorted.length * v.testFraction));
    const train = sorted.slice(0, sorted.length - nTest);
    const nVal = Math.max(1, Math.round(train.length * 0.2));
    return {
      train: Int32Array.from(train),
      test: Int32Array.from(sorted.slice(sorted.length - nTest)).sort(),
      folds: [
        {
          fit: Int32Array.from(train.slice(0, train.length - nVal)),
          val: Int32Array.from(train.slice(train.length - nVal)),
          repeat: 0,
        },
      ],
      mode: 'time',
      repeats: 1,
    };
  }
  let [train, test] = holdout(rows, v.testFraction, target, strat, rng);
  if (fixedTest) {
    const inTest = new Set(fixedTest);
    test = Int32Array.from(rows.filter((r) => inTest.has(r)));
    train = Int32Array.from(rows.filter((r) => !inTest.has(r)));
  }
  if (v.kind === 'kfold') {
    const k = Math.max(2, Math.min(v.folds ?? 5, 10));
    const repeats = kfoldRepeats(train.length);
    const folds: Fold[] = [];
    for (let rep = 0; rep < repeats; rep++) {
      const group = assignGroups(train, k, target, strat, rng);
      for (let f = 0; f < k; f++) {
        const fit: number[] = [];
        const val: number[] = [];
        for (let i = 0; i < train.length; i++) (group[i] === f ? val : fit).push(train[i]);
        folds.push({ fit: Int32Array.from(fit), val: Int32Array.from(val), repeat: rep });
      }
    }
    return { train, test, folds, mode: 'kfold', repeats };
  }
  const [fit, val] = holdout(train, 0.2, target, strat, rng);
  return { train, test, folds: [{ fit, val, repeat: 0 }], mode: 'holdout', repeats: 1 };
}
