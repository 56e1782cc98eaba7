import { CodedError } from '@shared/errors';
import type { ColumnData, FeatureStep } from '../pipeline/types';
import { datePart } from './datetime';
import { columnTerms, tfidfRow } from './text';

/** Compressed sparse rows: row r's entries are indices/values[indptr[r] .. indptr[r+1]), columns 0..p-1. */
export interface Csr {
  p: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** CSR entry arrays with room for `need` entries: the same arrays, or copies of them at least twice as long. */
export function csrRoom(
  indices: Int32Array,
  values: Float64Array,
  need: number,
): { indices: Int32Array; values: Float64Array } {
  if (need <= indices.length) return { indices, values };
  const size = Math.max(indices.length * 2, need);
  const ni = new Int32Array(size);
  ni.set(indices);
  const nv = new Float64Array(size);
  nv.set(values);
  return { indices: ni, values: nv };
}

/**
 * A dense row-major matrix X[r * p + j], optionally followed by sparse columns: with `tail`, feature p + j of row r
 * is the tail's column j (TF-IDF blocks for the linear models that read sparse input).
 */
export interface Matrix {
  X: Float64Array;
  n: number;
  p: number;
  tail?: Csr;
}

/** Number of features a step produces. */
export function stepWidth(step: FeatureStep): number {
  switch (step.kind) {
    case 'numeric':
      return step.indicator ? 2 : 1;
    case 'spline':
      return step.knots.length;
    case 'onehot':
      return step.categories.length;
    case 'ordinal':
      return 1;
    case 'target':
      return step.fallback.length;
    case 'datetime':
      return step.parts.length;
    case 'tfidf':
      return step.vocabulary.length;
  }
}

/**
 * Applies fitted steps to raw columns exactly as types.ts defines them, for the rows listed
 * (all rows when `rows` is omitted). This is the engine's own reading of the contract; predict.ts is the
 * shipped one and tests check they agree.
 */
export function applySteps(
  steps: FeatureStep[],
  column: (name: string) => ColumnData | undefined,
  nRows: number,
  rows?: ArrayLike<number>,
  /** Trailing TF-IDF steps go to a sparse tail instead of dense columns. */
  opts: { sparseText?: boolean } = {},
): Matrix {
  const n = rows ? rows.length : nRows;
  let first = steps.length;
  if (opts.sparseText) while (first > 0 && steps[first - 1].kind === 'tfidf') first--;
  if (first < steps.length) {
    const dense = applySteps(steps.slice(0, first), column, nRows, rows);
    return { ...dense, tail: sparseTfidf(steps.slice(first) as TfidfStep[], column, n, rows) };
  }
  const p = steps.reduce((s, st) => s + stepWidth(st), 0);
  const X = new Float64Array(n * p);
  let off = 0;
  for (const step of steps) {
    const col = column(step.column);
    if (!col)
      throw new CodedError('column-missing', `Column '${step.column}' is needed by the model but is not in the data.`);
    const at = (i: number): number => (rows ? rows[i] : i);
    switch (step.kind) {
      case 'numeric': {
        const v = col as Float64Array;
        for (let i = 0; i < n; i++) {
          const x = v[at(i)];
          const miss = Number.isNaN(x);
          X[i * p + off] = (miss ? step.impute : x - step.center) / step.scale;
          if (step.indicator) X[i * p + off + 1] = miss ? 1 : 0;
        }
        break;
      }
      case 'spline': {
        const v = col as Float64Array;
        const K = step.knots.length;
        for (let i = 0; i < n; i++) {
          const x = v[at(i)];
          const z = (Number.isNaN(x) ? step.impute : x - step.center) / step.scale;
          for (let j = 0; j < K; j++) X[i * p + off + j] = Math.max(0, z - step.knots[j]);
        }
        break;
      }
      case 'onehot':
      case 'ordinal':
      case 'target': {
        const v = col as Array<string | null>;
        const index = new Map(step.categories.map((c, k) => [c, k]));
        const w = stepWidth(step);
        for (let i = 0; i < n; i++) {
          const s = v[at(i)];
          const k = s === null || s === '' ? undefined : index.get(s);
          const base = i * p + off;
          if (step.kind === 'onehot') {
            if (k !== undefined) X[base + k] = 1;
          } else if (step.kind === 'ordinal') {
            X[base] = k === undefined ? -1 : k;
          } else {
            const vals = k === undefined ? step.fallback : step.values[k];
            for (let o = 0; o < w; o++) X[base + o] = vals[o];
          }
        }
        break;
      }
      case 'datetime': {
        const v = col as Float64Array;
        for (let i = 0; i < n; i++) {
          const ms = v[at(i)];
          for (let q = 0; q < step.parts.length; q++) X[i * p + off + q] = datePart(ms, step.parts[q]);
        }
        break;
      }
      case 'tfidf': {
        const terms = columnTerms(col as Array<string | null>, step);
        const index = terms.vocabularyIndex(step.vocabulary);
        for (let i = 0; i < n; i++) tfidfRow(terms.row(at(i)), index, step.idf, X, i * p + off, step.sublinear);
        break;
      }
    }
    off += stepWidth(step);
  }
  return { X, n, p };
}

type TfidfStep = Extract<FeatureStep, { kind: 'tfidf' }>;

/** TF-IDF steps side by side as one CSR block (the same values as the dense path, without the zeros). */
function sparseTfidf(
  steps: TfidfStep[],
  column: (name: string) => ColumnData | undefined,
  n: number,
  rows?: ArrayLike<number>,
): Csr {
  const widths = steps.map((s) => s.vocabulary.length);
  const p = widths.reduce((a, b) => a + b, 0);
  const terms = steps.map((s) => {
    const c = column(s.column);
    if (!c)
      throw new CodedError('column-missing', `Column '${s.column}' is needed by the model but is not in the data.`);
    return columnTerms(c as Array<string | null>, s);
  });
  const indexes = steps.map((s, k) => terms[k].vocabularyIndex(s.vocabulary));
  const indptr = new Int32Array(n + 1);
  let indices: Int32Array = new Int32Array(Math.max(16, n * 8));
  let values: Float64Array = new Float64Array(indices.length);
  const scratch = new Float64Array(Math.max(...widths, 1));
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    let off = 0;
    steps.forEach((s, k) => {
      const touched = tfidfRow(terms[k].row(r), indexes[k], s.idf, scratch, 0, s.sublinear);
      touched.sort((a, b) => a - b);
      ({ indices, values } = csrRoom(indices, values, nnz + touched.length));
      for (const j of touched) {
        indices[nnz] = off + j;
        values[nnz++] = scratch[j];
        scratch[j] = 0;
      }
      off += widths[k];
    });
    indptr[i + 1] = nnz;
  }
  return { p, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}
