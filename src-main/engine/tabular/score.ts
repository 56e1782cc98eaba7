import type { ColumnData, FittedPipeline, SinglePipeline } from '../pipeline/types';
import { predictModel } from '../models/predict-model';
import { untransformed } from '../pipeline/target-transform';
import { applySteps, type Matrix } from '../preprocess/transform';
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
  const k = widthOf(p);
  return combineSingles(p, rows ? rows.length : nRows, (s) => scoreMatrix(s, singleMatrix(s, column, nRows, rows), k));
}

/** A pipeline's n×k output from its single pipelines' outputs (`scoreOf`): as is, weighted, or through a stack. */
export function combineSingles(
  p: FittedPipeline,
  n: number,
  scoreOf: (s: SinglePipeline) => Float64Array,
): Float64Array {
  const k = widthOf(p);
  if (p.kind === 'single') return scoreOf(p);
  if (p.kind === 'stack') {
    const outs = p.bases.map((b) => meanRows(b.pipelines.map(scoreOf)));
    const C = k === 1 ? 0 : k;
    const { Z, q } = stackFeatures(outs, n, p.task, C);
    return applyCombiner(p.combiner, Z, n, q, C);
  }
  const out = new Float64Array(n * k);
  for (const m of p.members) {
    const s = scoreOf(m.pipeline);
    for (let i = 0; i < out.length; i++) out[i] += m.weight * s[i];
  }
  return out;
}

/** The feature matrix a single pipeline's model reads for the rows (text as a sparse tail for linear models). */
export function singleMatrix(
  p: SinglePipeline,
  column: (name: string) => ColumnData | undefined,
  nRows: number,
  rows?: ArrayLike<number>,
): Matrix {
  return applySteps(p.steps, column, nRows, rows, { sparseText: readsSparseText(p) });
}

/** Linear models read TF-IDF blocks as a sparse tail (same features, without materialising the zeros). */
export function readsSparseText(p: SinglePipeline): boolean {
  return 'coef' in p.model && p.model.polynomialDegree !== 2;
}

/** A single pipeline's n×k output from its feature matrix. */
export function scoreMatrix(p: SinglePipeline, m: Matrix, k: number): Float64Array {
  const out = predictModel(p.model, m.X, m.n, m.p, k === 1 ? 0 : k, m.tail);
  return p.task === 'regression' ? untransformed(p.targetTransform, out) : out;
}
