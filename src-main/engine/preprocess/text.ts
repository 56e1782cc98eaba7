import { sublinearTf, termsOf, tokenize, type Analyzer, type Tokens } from '../pipeline/text-terms';

/** What decides a step's terms. */
export interface TermSpec {
  ngram: [number, number];
  analyzer?: Analyzer;
  maxTokens?: number;
  tokens?: Tokens;
}

/**
 * Word n-grams per row, cached per column array and n-gram range: cross-validation tokenises the same documents
 * a dozen times otherwise (it was 80% of a text run). Weakly held, so a frame's cache goes with the frame.
 * Character n-grams are not cached (they are ~10x more strings than words; fitted matrices are cached instead).
 */
const cache = new WeakMap<Array<string | null>, Map<string, Array<string[] | undefined>>>();

export function rowNgrams(docs: Array<string | null>, r: number, spec: TermSpec): string[] {
  const [lo, hi] = spec.ngram;
  const d = docs[r];
  if (spec.analyzer === 'char_wb') {
    if (!d) return [];
    const toks = tokenize(d, spec.tokens);
    return termsOf(spec.maxTokens ? toks.slice(0, spec.maxTokens) : toks, lo, hi, 'char_wb');
  }
  let byRange = cache.get(docs);
  if (!byRange) {
    byRange = new Map();
    cache.set(docs, byRange);
  }
  const key = `${lo},${hi},${spec.maxTokens ?? 0},${spec.tokens ?? 'ascii'}`;
  let rows = byRange.get(key);
  if (!rows) {
    rows = new Array<string[] | undefined>(docs.length);
    byRange.set(key, rows);
  }
  let grams = rows[r];
  if (!grams) {
    const toks = tokenize(d, spec.tokens);
    grams = termsOf(spec.maxTokens ? toks.slice(0, spec.maxTokens) : toks, lo, hi, 'word');
    rows[r] = grams;
  }
  return grams;
}

/** Fits a TF-IDF vocabulary: most frequent terms by document frequency (ties by term), smooth idf as scikit-learn. */
export function fitTfidf(
  docs: Array<string | null>,
  rows: ArrayLike<number>,
  opts: TermSpec & { maxFeatures: number; minDf: number },
): { vocabulary: string[]; idf: number[] } {
  const df = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    for (const term of new Set(rowNgrams(docs, rows[i], opts))) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const terms = [...df.entries()].filter(([, c]) => c >= opts.minDf);
  terms.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = terms.slice(0, opts.maxFeatures);
  const n = rows.length;
  return { vocabulary: kept.map((t) => t[0]), idf: kept.map(([, c]) => Math.log((1 + n) / (1 + c)) + 1) };
}

/** Writes the L2-normalised tf*idf vector of one document's n-grams into out[offset .. offset+vocab). */
export function tfidfRow(
  terms: string[],
  index: Map<string, number>,
  idf: number[],
  out: Float64Array,
  offset: number,
  sublinear = false,
): number[] {
  const touched: number[] = [];
  for (const term of terms) {
    const j = index.get(term);
    if (j === undefined) continue;
    if (out[offset + j] === 0) touched.push(j);
    out[offset + j] += 1;
  }
  let norm = 0;
  for (const j of touched) {
    if (sublinear) out[offset + j] = sublinearTf(out[offset + j]);
    out[offset + j] *= idf[j];
    norm += out[offset + j] * out[offset + j];
  }
  if (norm > 0) {
    const s = 1 / Math.sqrt(norm);
    for (const j of touched) out[offset + j] *= s;
  }
  return touched;
}
