/**
 * TF-IDF features of text cells, as predict.ts's header defines them: the tokenizer, the fixed-order sum of the
 * squares (halvingSum, which the ONNX graph reproduces to the last bit) and the sparse rows of one step.
 */
import { csrRoom, type Csr } from '../preprocess/transform';
import { sublinearTf, termsOf, tokenize } from './text-terms';
import type { FeatureStep } from './types';

/**
 * Sum of a[0..len) in a fixed order: zero-pad to a power of two, then add the right half onto the left half
 * until one value is left. (Used for the TF-IDF norm; the ONNX graph does the same additions, so both agree
 * bit for bit.) `a` must have room for the padding (length >= the next power of two); it is overwritten.
 */
export function halvingSum(a: Float64Array, len: number): number {
  if (len === 0) return 0;
  let p = 1;
  while (p < len) p *= 2;
  a.fill(0, len, p);
  while (p > 1) {
    p /= 2;
    for (let i = 0; i < p; i++) a[i] = a[i] + a[i + p];
  }
  return a[0];
}

/** x's 32 bits in reverse order (bit 0 becomes bit 31), as an unsigned number. */
function reverseBits(x: number): number {
  let y = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  y = ((y >>> 2) & 0x33333333) | ((y & 0x33333333) << 2);
  y = ((y >>> 4) & 0x0f0f0f0f) | ((y & 0x0f0f0f0f) << 4);
  y = ((y >>> 8) & 0x00ff00ff) | ((y & 0x00ff00ff) << 8);
  return ((y >>> 16) | (y << 16)) >>> 0;
}

const INDEX = 2 ** 21;

/**
 * halvingSum of a vector that is zero except at the distinct positions `at` (values `v`, non-negative), without
 * visiting the zeros: the same additions in the same order (adding a zero changes no bit), so the same result.
 * halvingSum's last addition joins the even and the odd positions, the one before it the positions by their second
 * bit, and so on: a binary tree over the positions read from their lowest bit up. In that (bit-reversed) order two
 * neighbours join at the depth of the low bits they share, so one pass with a stack adds them as the tree does
 * (an operator-precedence reading of "v0 +d1 v1 +d2 v2 ...", deeper joins first).
 */
export function sparseHalvingSum(at: ArrayLike<number>, v: ArrayLike<number>): number {
  const k = at.length;
  if (k === 0) return 0;
  if (k === 1) return v[0];
  if (k >= INDEX) throw new RangeError('sparseHalvingSum takes fewer than 2^21 positions');
  // Bit-reversed position and index packed in one float64 (below 2^53, so exact): a numeric sort, no comparator.
  const keys = new Float64Array(k);
  for (let i = 0; i < k; i++) keys[i] = reverseBits(at[i]) * INDEX + i;
  keys.sort();
  const vals = new Float64Array(k);
  /** depth[j]: the depth at which vals[j] and vals[j + 1] join (the number of low bits their positions share). */
  const depth = new Int32Array(k);
  let prev = Math.floor(keys[0] / INDEX);
  vals[0] = v[keys[0] - prev * INDEX];
  let top = 1;
  for (let i = 1; i < k; i++) {
    const key = Math.floor(keys[i] / INDEX);
    const d = Math.clz32(prev ^ key);
    while (top > 1 && depth[top - 2] > d) {
      vals[top - 2] = vals[top - 2] + vals[top - 1];
      top--;
    }
    depth[top - 1] = d;
    vals[top++] = v[keys[i] - key * INDEX];
    prev = key;
  }
  while (top > 1) {
    vals[top - 2] = vals[top - 2] + vals[top - 1];
    top--;
  }
  return vals[0];
}

export type TfidfStep = Extract<FeatureStep, { kind: 'tfidf' }>;

/** The terms a step counts in one cell, repeats included. */
function stepTerms(s: TfidfStep, text: string | null): string[] {
  const toks = tokenize(text, s.tokens);
  return termsOf(s.maxTokens ? toks.slice(0, s.maxTokens) : toks, s.ngram[0], s.ngram[1], s.analyzer);
}

/** A row's distinct terms and how often each occurs. */
export interface RowTerms {
  terms: string[];
  counts: Int32Array;
}

/** Terms made for some rows, by the column's text array and the way of reading it (termKey). */
export type TermCache = Map<string, { docs: Array<string | null>; rows: RowTerms[] }>;

/** Steps with the same key count the same terms in a cell (their vocabularies may differ). */
export function termKey(s: TfidfStep): string {
  return JSON.stringify([s.column, s.analyzer ?? 'word', s.ngram, s.maxTokens ?? 0, s.tokens ?? 'ascii']);
}

/** The rows' terms for the step's way of reading `docs`, made once per cache. */
export function cachedTerms(cache: TermCache, s: TfidfStep, docs: Array<string | null>, n: number): RowTerms[] {
  const key = termKey(s);
  const hit = cache.get(key);
  if (hit && hit.docs === docs) return hit.rows;
  const rows: RowTerms[] = new Array(n);
  const count = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    count.clear();
    for (const t of stepTerms(s, docs[r])) count.set(t, (count.get(t) ?? 0) + 1);
    rows[r] = { terms: [...count.keys()], counts: Int32Array.from(count.values()) };
  }
  cache.set(key, { docs, rows });
  return rows;
}

/**
 * One TF-IDF step's features as sparse rows: the row's own terms, columns ascending (every other column is 0).
 * `vocab`: the first index of each vocabulary term. Only the row's own terms are visited: a row has tens to a
 * few thousand terms of a vocabulary of up to tens of thousands. The norm adds their squares in halvingSum's order
 * (sparseHalvingSum), so the bits are those of the dense definition.
 */
export function tfidfRows(
  s: TfidfStep,
  v: Array<string | null>,
  vocab: Map<string, number>,
  n: number,
  /** The rows' distinct terms and their counts for this step's way of reading (rowTerms), when already made. */
  made?: RowTerms[],
): Csr {
  const V = s.vocabulary.length;
  const tf = new Float64Array(V);
  const seen = new Int32Array(V);
  const indptr = new Int32Array(n + 1);
  let indices: Int32Array = new Int32Array(Math.max(16, n * 8));
  let values: Float64Array = new Float64Array(indices.length);
  let nnz = 0;
  for (let r = 0; r < n; r++) {
    let k = 0;
    if (made) {
      const { terms, counts } = made[r];
      for (let q = 0; q < terms.length; q++) {
        const j = vocab.get(terms[q]);
        if (j === undefined) continue;
        // A vocabulary lists a term once (categoryIndex keeps its first index): each distinct term counts once.
        if (tf[j] === 0) seen[k++] = j;
        tf[j] += counts[q];
      }
    } else {
      for (const term of stepTerms(s, v[r])) {
        const j = vocab.get(term);
        if (j === undefined) continue;
        if (tf[j] === 0) seen[k++] = j;
        tf[j] += 1;
      }
    }
    // A typed array sorts numbers natively (a comparator on a plain array cost a third of the time).
    const at = seen.subarray(0, k).sort();
    const w = new Float64Array(k);
    const sq = new Float64Array(k);
    for (let t = 0; t < k; t++) {
      const j = at[t];
      w[t] = (s.sublinear ? sublinearTf(tf[j]) : tf[j]) * s.idf[j];
      sq[t] = w[t] * w[t];
      tf[j] = 0;
    }
    const ss = sparseHalvingSum(at, sq);
    const norm = ss === 0 ? 1 : Math.sqrt(ss);
    ({ indices, values } = csrRoom(indices, values, nnz + k));
    for (let t = 0; t < k; t++) {
      indices[nnz] = at[t];
      values[nnz++] = w[t] / norm;
    }
    indptr[r + 1] = nnz;
  }
  return { p: V, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}
