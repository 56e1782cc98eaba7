/** Task codes of gradientRows. */
export const SQUARED_ERROR = 0;
export const LOG_LOSS = 1;

/**
 * Row-interleaved [gradient, hessian] of a single-output loss into gh for rows [start, end): squared error
 * (task SQUARED_ERROR) or binary log loss on the raw score (LOG_LOSS), each row times its weight when w is given.
 * The helper thread runs this function's own source text (hist-wasm.ts), so it must stay self-contained: no
 * imports, no outer names, nothing but Math. Both threads then compute every row alike (same code, same Math.exp).
 */
export function gradientRows(
  task: number,
  F: Float64Array,
  y: Float64Array,
  w: Float64Array | null,
  gh: Float32Array,
  start: number,
  end: number,
): void {
  if (task === 0) {
    for (let r = start; r < end; r++) {
      const wr = w ? w[r] : 1;
      gh[2 * r] = wr * (F[r] - y[r]);
      gh[2 * r + 1] = wr;
    }
    return;
  }
  for (let r = start; r < end; r++) {
    const wr = w ? w[r] : 1;
    const pr = 1 / (1 + Math.exp(-F[r]));
    gh[2 * r] = wr * (pr - y[r]);
    gh[2 * r + 1] = wr * Math.max(pr * (1 - pr), 1e-16);
  }
}
