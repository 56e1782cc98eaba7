/**
 * Solves A x = b for a symmetric positive-definite A (row-major d×d) by Cholesky; A is overwritten.
 * A tiny jitter is added to the diagonal when a pivot is not positive (collinear features).
 */
export function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  let jitter = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    const L = Float64Array.from(A);
    if (jitter > 0) for (let i = 0; i < d; i++) L[i * d + i] += jitter;
    if (factor(L, d)) return substitute(L, b, d);
    let maxDiag = 0;
    for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * d + i]));
    jitter = jitter === 0 ? 1e-10 * Math.max(maxDiag, 1) : jitter * 100;
  }
  throw new Error('Normal equations are singular even after regularisation.');
}

/**
 * The lower Cholesky factor of A + jitter I (row-major d×d; A is not modified): jitter starts at `jitter` and grows
 * 10x until the factorisation succeeds (a kernel matrix of near-duplicate rows is only positive semi-definite).
 */
export function choleskyFactor(A: Float64Array, d: number, jitter: number): Float64Array {
  for (let attempt = 0; attempt < 12; attempt++, jitter *= 10) {
    const L = Float64Array.from(A);
    for (let i = 0; i < d; i++) L[i * d + i] += jitter;
    if (factor(L, d)) {
      for (let i = 0; i < d; i++) L.fill(0, i * d + i + 1, i * d + d);
      return L;
    }
  }
  throw new Error('The matrix is not positive definite even after regularisation.');
}

/** Solves L z = b in place (L lower triangular, row-major d×d; b at offset `at` of `b`). */
export function forwardSolve(L: Float64Array, b: Float64Array, d: number, at = 0): void {
  for (let i = 0; i < d; i++) {
    let s = b[at + i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * b[at + k];
    b[at + i] = s / L[i * d + i];
  }
}

/** Solves L^T x = b in place (L lower triangular, row-major d×d). */
export function backSolveTransposed(L: Float64Array, b: Float64Array, d: number): void {
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * b[k];
    b[i] = s / L[i * d + i];
  }
}

function factor(L: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    let s = L[j * d + j];
    for (let k = 0; k < j; k++) s -= L[j * d + k] * L[j * d + k];
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = L[i * d + j];
      for (let k = 0; k < j; k++) t -= L[i * d + k] * L[j * d + k];
      L[i * d + j] = t / ljj;
    }
  }
  return true;
}

function substitute(L: Float64Array, b: Float64Array, d: number): Float64Array {
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * z[k];
    z[i] = s / L[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}
