/**
 * The terms a TF-IDF step counts, shared by the trainer, the reference evaluator (predict.ts) and the ONNX writer.
 * - word: n-grams of n consecutive tokens joined by one space, n from lo to hi (shorter n first).
 * - char_wb: for each token w, the character n-grams of " " + w + " " (n from lo to hi), never across tokens, as
 *   scikit-learn's char_wb analyzer on the same tokens (a token shorter than n - 2 yields no n-gram of that length).
 * Tokens are ASCII [a-z0-9_] runs (the tokenizer lower-cases and splits on non-word characters).
 */
export type Analyzer = 'word' | 'char_wb';

export function termsOf(tokens: string[], lo: number, hi: number, analyzer: Analyzer = 'word'): string[] {
  const out: string[] = [];
  if (analyzer === 'char_wb') {
    for (const t of tokens) {
      const w = ` ${t} `;
      for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n));
    }
    return out;
  }
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/** Counts above this are read as this count by sublinear tf (a fixed table keeps the ONNX graph bit-identical). */
export const SUBLINEAR_MAX_COUNT = 1024;

/** SUBLINEAR_TABLE[c] = 1 + ln(c) for c >= 1, 0 for c = 0. */
export const SUBLINEAR_TABLE: Float64Array = Float64Array.from({ length: SUBLINEAR_MAX_COUNT + 1 }, (_, c) =>
  c === 0 ? 0 : 1 + Math.log(c),
);

/** Sublinear term frequency of a raw count. */
export function sublinearTf(count: number): number {
  return SUBLINEAR_TABLE[Math.min(count, SUBLINEAR_MAX_COUNT)];
}
