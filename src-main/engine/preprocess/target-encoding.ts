import type { FeatureStep } from '../pipeline/types';
import type { TargetInfo } from './fit-steps';

type TargetStep = Extract<FeatureStep, { kind: 'target' }>;

/** Weight of the prior, in rows: a category seen m times gets half its own mean, half the prior. */
const SMOOTHING = 10;

function nOut(target: TargetInfo): number {
  return target.kind === 'multiclass' ? target.nClasses : 1;
}

/** Per-output contribution of one row's target (class indicator for multiclass). */
function addTarget(acc: Float64Array, base: number, y: number, target: TargetInfo): void {
  if (target.kind === 'multiclass') acc[base + y] += 1;
  else acc[base] += y;
}

/** Smoothed per-category target means fitted on `rows`; values[k] is parallel to categories[k]. */
export function fitTargetEncoding(
  column: string,
  values: Array<string | null>,
  target: TargetInfo,
  rows: ArrayLike<number>,
): TargetStep {
  const o = nOut(target);
  const index = new Map<string, number>();
  const cats: string[] = [];
  const sums: number[] = [];
  const counts: number[] = [];
  const prior = new Float64Array(o);
  let nPrior = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const y = target.y[r];
    if (Number.isNaN(y)) continue;
    addTarget(prior, 0, y, target);
    nPrior++;
    const v = values[r];
    if (v === null || v === '') continue;
    let k = index.get(v);
    if (k === undefined) {
      k = cats.length;
      index.set(v, k);
      cats.push(v);
      counts.push(0);
      for (let q = 0; q < o; q++) sums.push(0);
    }
    counts[k]++;
    const acc = new Float64Array(o);
    addTarget(acc, 0, y, target);
    for (let q = 0; q < o; q++) sums[k * o + q] += acc[q];
  }
  const fallback = Array.from(prior, (s) => s / Math.max(nPrior, 1));
  const vals = cats.map((_, k) =>
    fallback.map((pr, q) => (sums[k * o + q] + SMOOTHING * pr) / (counts[k] + SMOOTHING)),
  );
  return { kind: 'target', column, categories: cats, values: vals, fallback };
}

/**
 * Out-of-fold encodings for the training rows (row i of the result = rows[i]), so a model never sees
 * a category statistic computed from its own target: the leakage scikit-learn's TargetEncoder avoids the same way.
 */
export function crossFitTargetEncoding(
  values: Array<string | null>,
  target: TargetInfo,
  rows: Int32Array,
  folds = 5,
): Float64Array {
  const o = nOut(target);
  const out = new Float64Array(rows.length * o);
  for (let f = 0; f < folds; f++) {
    const fitRows: number[] = [];
    for (let i = 0; i < rows.length; i++) if (i % folds !== f) fitRows.push(rows[i]);
    const step = fitTargetEncoding('', values, target, fitRows);
    const index = new Map(step.categories.map((c, k) => [c, k]));
    for (let i = f; i < rows.length; i += folds) {
      const v = values[rows[i]];
      const k = v === null ? undefined : index.get(v);
      const vals = k === undefined ? step.fallback : step.values[k];
      for (let q = 0; q < o; q++) out[i * o + q] = vals[q];
    }
  }
  return out;
}
