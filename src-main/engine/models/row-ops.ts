import type { Csr } from '../preprocess/transform';

/**
 * Row r of a dense matrix (p columns) followed by an optional sparse tail, against a weight vector laid out the same
 * way (w[off .. off + p) dense, then w[off + p .. off + p + tail.p) sparse): the two inner loops of linear models.
 */
export function rowDot(
  w: Float64Array,
  off: number,
  X: Float64Array,
  p: number,
  r: number,
  tail: Csr | undefined,
): number {
  let s = 0;
  const base = r * p;
  for (let j = 0; j < p; j++) s += w[off + j] * X[base + j];
  if (tail) {
    const o = off + p;
    for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) s += w[o + tail.indices[q]] * tail.values[q];
  }
  return s;
}

/** g[off ..] += a * row r (dense part, then the sparse tail's non-zeros). */
export function rowAxpy(
  g: Float64Array,
  off: number,
  a: number,
  X: Float64Array,
  p: number,
  r: number,
  tail: Csr | undefined,
): void {
  const base = r * p;
  for (let j = 0; j < p; j++) g[off + j] += a * X[base + j];
  if (tail) {
    const o = off + p;
    for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) g[o + tail.indices[q]] += a * tail.values[q];
  }
}
