/** Task codes of gradientRows. */
export const SQUARED_ERROR = 0;
export const LOG_LOSS = 1;

/**
 * Row-interleaved [gradient, hessian] of a single-output loss into gh: squared error (task SQUARED_ERROR) or binary
 * log loss on the raw score (LOG_LOSS), each row times its weight when w is given. Rows come in segments j of
 * [from, to): positions bounds[2j] .. bounds[2j+1], row = idx[position] (or the position itself without idx). With
 * `add`, each row's score first gets its segment's add[j] (a tree's leaf value: the segments are its leaves), so a
 * round's score update and the next round's gradients are one pass.
 * The helper thread runs this function's own source text (hist-wasm.ts), so it must stay self-contained: no
 * imports, no outer names, nothing but Math. Both threads then compute every row alike (same code, same Math.exp).
 */
export function gradientRows(
  task: number,
  F: Float64Array,
  y: Float64Array,
  w: Float64Array | null,
  gh: Float32Array,
  idx: Int32Array | null,
  bounds: Int32Array,
  add: Float64Array | null,
  from: number,
  to: number,
): void {
  for (let j = from; j < to; j++) {
    const end = bounds[2 * j + 1];
    const v = add ? add[j] : 0;
    for (let i = bounds[2 * j]; i < end; i++) {
      const r = idx ? idx[i] : i;
      let f = F[r];
      if (add) F[r] = f += v;
      const wr = w ? w[r] : 1;
      if (task === 0) {
        gh[2 * r] = wr * (f - y[r]);
        gh[2 * r + 1] = wr;
      } else {
        const pr = 1 / (1 + Math.exp(-f));
        gh[2 * r] = wr * (pr - y[r]);
        gh[2 * r + 1] = wr * Math.max(pr * (1 - pr), 1e-16);
      }
    }
  }
}
