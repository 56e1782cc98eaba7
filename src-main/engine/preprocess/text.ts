import { sublinearTf, termsOf, tokenize, type Analyzer, type Tokens } from '../pipeline/text-terms';

/** What decides a step's terms. */
export interface TermSpec {
  ngram: [number, number];
  analyzer?: Analyzer;
  maxTokens?: number;
  tokens?: Tokens;
}

/** One row's distinct terms (ids into ColumnTerms.terms) in the order they first occur, and how often each occurs. */
export interface RowIds {
  ids: Int32Array;
  counts: Int32Array;
}

/** Row entries (distinct terms summed over rows) a column keeps at most; rows past it are cut again when read. */
const MAX_KEPT_ENTRIES = 30_000_000;

/**
 * A text column's terms for one way of reading it (a TermSpec), cut once per row and interned: cross-validation
 * fits a vocabulary and builds the training and validation matrices of every fold from the same documents, and
 * cutting (char n-grams: ~5 strings per character) and hashing the strings each time was half of a text model's
 * fit (trump, 4,000 tweets, 5 folds: ~5 s of 11 s). Rows are kept up to MAX_KEPT_ENTRIES entries in all.
 */
export class ColumnTerms {
  /** Term by id. */
  readonly terms: string[] = [];
  private readonly idOf = new Map<string, number>();
  private readonly rows: Array<RowIds | undefined>;
  private kept = 0;

  constructor(
    private readonly docs: Array<string | null>,
    private readonly spec: TermSpec,
  ) {
    this.rows = new Array<RowIds | undefined>(docs.length);
  }

  /** The id of a term, added when new. */
  intern(term: string): number {
    let id = this.idOf.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.idOf.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  /** Row r's distinct terms and counts. */
  row(r: number): RowIds {
    const hit = this.rows[r];
    if (hit) return hit;
    const { ngram, maxTokens, analyzer } = this.spec;
    const toks = tokenize(this.docs[r], this.spec.tokens);
    const grams = termsOf(maxTokens ? toks.slice(0, maxTokens) : toks, ngram[0], ngram[1], analyzer ?? 'word');
    const at = new Map<number, number>();
    const ids: number[] = [];
    const counts: number[] = [];
    for (const g of grams) {
      const id = this.intern(g);
      const k = at.get(id);
      if (k === undefined) {
        at.set(id, ids.length);
        ids.push(id);
        counts.push(1);
      } else counts[k]++;
    }
    const out = { ids: Int32Array.from(ids), counts: Int32Array.from(counts) };
    if (this.kept + ids.length <= MAX_KEPT_ENTRIES) {
      this.rows[r] = out;
      this.kept += ids.length;
    }
    return out;
  }

  /** Vocabulary position by term id (-1: not in it); ids past the array's end are not in it either. */
  vocabularyIndex(vocabulary: string[]): Int32Array {
    // Interning every vocabulary term first: a term read later gets an id past the map, and is not in it.
    const ids = vocabulary.map((t) => this.intern(t));
    const at = new Int32Array(this.terms.length).fill(-1);
    // A vocabulary lists a term once; if not, its first position counts (as categoryIndex).
    for (let j = ids.length - 1; j >= 0; j--) at[ids[j]] = j;
    return at;
  }
}

/** Per column array (weakly: a frame's terms go with the frame) and way of reading, its interned terms. */
const columns = new WeakMap<Array<string | null>, Map<string, ColumnTerms>>();

/** The interned terms of `docs` read as `spec` says, made once per column array and spec. */
export function columnTerms(docs: Array<string | null>, spec: TermSpec): ColumnTerms {
  let bySpec = columns.get(docs);
  if (!bySpec) {
    bySpec = new Map();
    columns.set(docs, bySpec);
  }
  const key = `${spec.analyzer ?? 'word'},${spec.ngram[0]},${spec.ngram[1]},${spec.maxTokens ?? 0},${spec.tokens ?? 'ascii'}`;
  let ct = bySpec.get(key);
  if (!ct) {
    ct = new ColumnTerms(docs, spec);
    bySpec.set(key, ct);
  }
  return ct;
}

/** Fits a TF-IDF vocabulary: most frequent terms by document frequency (ties by term), smooth idf as scikit-learn. */
export function fitTfidf(
  docs: Array<string | null>,
  rows: ArrayLike<number>,
  opts: TermSpec & { maxFeatures: number; minDf: number },
): { vocabulary: string[]; idf: number[] } {
  const ct = columnTerms(docs, opts);
  let df = new Int32Array(1024);
  for (let i = 0; i < rows.length; i++) {
    const { ids } = ct.row(rows[i]);
    if (ct.terms.length > df.length) {
      const grown = new Int32Array(Math.max(ct.terms.length, df.length * 2));
      grown.set(df);
      df = grown;
    }
    for (let q = 0; q < ids.length; q++) df[ids[q]]++;
  }
  const terms: Array<[string, number]> = [];
  for (let id = 0; id < ct.terms.length; id++) if (df[id] >= opts.minDf) terms.push([ct.terms[id], df[id]]);
  terms.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = terms.slice(0, opts.maxFeatures);
  const n = rows.length;
  return { vocabulary: kept.map((t) => t[0]), idf: kept.map(([, c]) => Math.log((1 + n) / (1 + c)) + 1) };
}

/**
 * Writes the L2-normalised tf*idf vector of one row's terms into out[offset .. offset+vocab), returns the positions
 * written in the order the terms first occur. `at`: vocabularyIndex of the step's vocabulary.
 */
export function tfidfRow(
  row: RowIds,
  at: Int32Array,
  idf: number[],
  out: Float64Array,
  offset: number,
  sublinear = false,
): number[] {
  const touched: number[] = [];
  const { ids, counts } = row;
  for (let q = 0; q < ids.length; q++) {
    const j = ids[q] < at.length ? at[ids[q]] : -1;
    if (j < 0) continue;
    if (out[offset + j] === 0) touched.push(j);
    out[offset + j] += counts[q];
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
