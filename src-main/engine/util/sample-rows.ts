import { seededRandom } from './rng';

/**
 * Rows 0..n-1 when k >= n, else a seeded sample of k of them without replacement (sampleIndices driven by
 * seededRandom(seed)), in increasing order.
 */
export function sampleRows(n: number, k: number, seed: number): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return sampleIndices(n, k, seededRandom(seed));
}

/** k of 0..n-1 (k <= n) without replacement by a partial Fisher-Yates shuffle drawing from `rand`, in increasing order. */
export function sampleIndices(n: number, k: number, rand: () => number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort();
}

/** The given rows of a row-major matrix of width p, in that order. */
export function gatherRows(X: Float64Array, p: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * p);
  rows.forEach((r, i) => out.set(X.subarray(r * p, r * p + p), i * p));
  return out;
}
