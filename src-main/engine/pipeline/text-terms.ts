/**
 * The terms a TF-IDF step counts, shared by the trainer, the reference evaluator (predict.ts) and the ONNX writer.
 * - word: n-grams of n consecutive tokens joined by one space, n from lo to hi (shorter n first).
 * - char_wb: for each token w, the character n-grams of " " + w + " " (n from lo to hi), never across tokens, as
 *   scikit-learn's char_wb analyzer on the same tokens (a token shorter than n - 2 yields no n-gram of that length).
 * Tokens come from `tokenize` below; n-grams are counted in code points (a letter outside the BMP is one character).
 */
export type Analyzer = 'word' | 'char_wb';

/**
 * How a cell is split into tokens (a tfidf step's `tokens`).
 * - unicode: runs of letters, combining marks, digits and _ in any script; only A-Z are lower-cased, as onnxruntime's
 *   StringNormalizer does in locale "C" (so "Пример" and "пример" stay two tokens, "Café" reads "café").
 * - ascii: lower-cased, then runs of [a-z0-9_]: every other character separates (Cyrillic, Greek, CJK text had no
 *   tokens at all, "Pełna" read "pe", "na"). Models saved before the unicode tokens carry no `tokens` and read so.
 */
export type Tokens = 'ascii' | 'unicode';

/** The token pattern in RE2 syntax, for the ONNX Tokenizer (applied after the ASCII-only lower-casing). */
export const TOKEN_PATTERN: Record<Tokens, string> = { ascii: '[a-z0-9_]+', unicode: '[\\p{L}\\p{M}\\p{N}_]+' };

/** The same pattern for the app's own tokenizer: one source, so the app and the ONNX graph cannot drift apart. */
const UNICODE_TOKEN = new RegExp(TOKEN_PATTERN.unicode, 'gu');

/** Tokens of a text cell (see Tokens). */
export function tokenize(text: string | null, tokens: Tokens = 'ascii'): string[] {
  if (!text) return [];
  if (tokens === 'unicode') return text.replace(/[A-Z]+/g, (m) => m.toLowerCase()).match(UNICODE_TOKEN) ?? [];
  return text
    .toLowerCase()
    .split(/\W+/)
    .filter((t) => t.length > 0);
}

/** A UTF-16 surrogate: the string holds a code point outside the BMP, which slice() would cut in two. */
const SURROGATE = /[\uD800-\uDFFF]/;

export function termsOf(tokens: string[], lo: number, hi: number, analyzer: Analyzer = 'word'): string[] {
  const out: string[] = [];
  if (analyzer === 'char_wb') {
    for (const t of tokens) {
      const w = ` ${t} `;
      if (SURROGATE.test(w)) {
        const cs = [...w];
        for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= cs.length; i++) out.push(cs.slice(i, i + n).join(''));
      } else for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n));
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
