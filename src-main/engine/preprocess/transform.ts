import { CodedError } from '@shared/errors';
import type { ColumnData, FeatureStep } from '../pipeline/types';
import { datePart } from './datetime';
import { rowNgrams, tfidfRow } from './text';

/** A dense row-major matrix: X[r * p + j]. */
export interface Matrix {
  X: Float64Array;
  n: number;
  p: number;
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
): Matrix {
  const n = rows ? rows.length : nRows;
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
        const v = col as Array<string | null>;
        const index = new Map(step.vocabulary.map((t, j) => [t, j]));
        for (let i = 0; i < n; i++)
          tfidfRow(rowNgrams(v, at(i), step.ngram[0], step.ngram[1]), index, step.idf, X, i * p + off);
        break;
      }
    }
    off += stepWidth(step);
  }
  return { X, n, p };
}
