/**
 * The one softmax: each row of `raw` (n rows of k scores, row-major; rows `stride` apart when they hold more) to
 * probabilities, in a new n×k array. The row maximum is subtracted first so large scores cannot overflow.
 */
export function softmaxRows(raw: ArrayLike<number>, n: number, k: number, stride = k): Float64Array {
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    let mx = -Infinity;
    for (let c = 0; c < k; c++) mx = Math.max(mx, raw[r * stride + c]);
    let s = 0;
    for (let c = 0; c < k; c++) s += out[r * k + c] = Math.exp(raw[r * stride + c] - mx);
    for (let c = 0; c < k; c++) out[r * k + c] /= s;
  }
  return out;
}
