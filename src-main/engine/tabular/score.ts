import type { ColumnData, FittedPipeline, SinglePipeline } from '../pipeline/types';
import { predictModel } from '../models/predict-model';
import { applySteps } from '../preprocess/transform';
import { applyCombiner, meanRows, stackFeatures } from '../pipeline/stack-combine';

/** Number of outputs scored per row: 1 for regression, C (probabilities) for classification. */
export function widthOf(p: FittedPipeline): number {
  return p.task === 'regression' ? 1 : (p.classes?.length ?? 2);
}

/**
 * The engine's reading of a FittedPipeline (types.ts): steps → feature vector → model → link, and for an
 * ensemble the weighted average of members. Returns n×k row-major values for the listed rows.
 */
export function scorePipeline(
  p: FittedPipeline,
  column: (name: string) => ColumnData | undefined,
  nRows: number,
  rows?: ArrayLike<number>,
): Float64Array {
  const n = rows ? rows.length : nRows;
  const k = widthOf(p);
  if (p.kind === 'single') return scoreSingle(p, column, nRows, rows, k);
  if (p.kind === 'stack') {
    const outs = p.bases.map((b) => meanRows(b.pipelines.map((m) => scoreSingle(m, column, nRows, rows, k))));
    const C = k === 1 ? 0 : k;
    const { Z, q } = stackFeatures(outs, n, p.task, C);
    return applyCombiner(p.combiner, Z, n, q, C);
  }
  const out = new Float64Array(n * k);
  for (const m of p.members) {
    const s = scoreSingle(m.pipeline, column, nRows, rows, k);
    for (let i = 0; i < out.length; i++) out[i] += m.weight * s[i];
  }
  return out;
}

function scoreSingle(
  p: SinglePipeline,
  column: (name: string) => ColumnData | undefined,
  nRows: number,
  rows: ArrayLike<number> | undefined,
  k: number,
): Float64Array {
  // Linear models read TF-IDF blocks as a sparse tail (same features, without materialising the zeros).
  const sparseText = 'coef' in p.model && p.model.polynomialDegree !== 2;
  const m = applySteps(p.steps, column, nRows, rows, { sparseText });
  return predictModel(p.model, m.X, m.n, m.p, k === 1 ? 0 : k, m.tail);
}
