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

/**
 * Row r against o weight vectors stored feature-major (w[j * o + k]: a feature's o weights side by side, intercepts
 * after the width * o weights): z[k] = Σ_j w[j * o + k] x_j, dense part then the sparse tail. One feature's weights
 * share a cache line, so a row's random n-gram ids cost one line each instead of o (multinomial text models).
 */
export function rowDotMulti(
  z: Float64Array,
  o: number,
  w: Float64Array,
  X: Float64Array,
  p: number,
  r: number,
  tail: Csr | undefined,
): void {
  const base = r * p;
  for (let j = 0; j < p; j++) {
    const v = X[base + j];
    if (v === 0) continue;
    const at = j * o;
    for (let k = 0; k < o; k++) z[k] += w[at + k] * v;
  }
  if (tail) {
    for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) {
      const at = (p + tail.indices[q]) * o;
      const v = tail.values[q];
      for (let k = 0; k < o; k++) z[k] += w[at + k] * v;
    }
  }
}

/** g[j * o + k] += a[k] * x_j for row r: rowDotMulti's layout. */
export function rowAxpyMulti(
  g: Float64Array,
  o: number,
  a: Float64Array,
  X: Float64Array,
  p: number,
  r: number,
  tail: Csr | undefined,
): void {
  const base = r * p;
  for (let j = 0; j < p; j++) {
    const v = X[base + j];
    if (v === 0) continue;
    const at = j * o;
    for (let k = 0; k < o; k++) g[at + k] += a[k] * v;
  }
  if (tail) {
    for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) {
      const at = (p + tail.indices[q]) * o;
      const v = tail.values[q];
      for (let k = 0; k < o; k++) g[at + k] += a[k] * v;
    }
  }
}

/**
 * The initial inverse-Hessian diagonal L-BFGS is preconditioned with (lbfgs.ts `diagonal`) for a linear model over
 * rows of this layout, laid out as its weights (rowDotMulti's: a feature's o weights side by side, then o intercepts;
 * with o = 1 that is rowDot's). Per weight
 * 1 / (c Σ w x_j² + lam), c bounding the loss's second derivative in the margin (0.25 logistic and softmax, 2 the
 * squared hinge), lam the L2 penalty (none on the intercept, whose column is 1).
 */
export function inverseCurvature(
  X: Float64Array,
  n: number,
  p: number,
  tail: Csr | undefined,
  w: Float64Array | undefined,
  o: number,
  c: number,
  lam: number,
): Float64Array {
  const width = p + (tail?.p ?? 0);
  const h = new Float64Array(width + 1);
  for (let r = 0; r < n; r++) {
    const wr = w ? w[r] : 1;
    for (let j = 0; j < p; j++) h[j] += wr * X[r * p + j] * X[r * p + j];
    if (tail)
      for (let q = tail.indptr[r]; q < tail.indptr[r + 1]; q++) h[p + tail.indices[q]] += wr * tail.values[q] ** 2;
    h[width] += wr;
  }
  const out = new Float64Array(o * (width + 1));
  for (let j = 0; j <= width; j++) out.fill(1 / (c * h[j] + (j < width ? lam : 0) + 1e-12), j * o, (j + 1) * o);
  return out;
}
