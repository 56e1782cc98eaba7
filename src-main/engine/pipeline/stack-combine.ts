/**
 * The level-2 half of a stack (types.ts StackPipeline), shared by the reference evaluator, the trainer's scorer and
 * the trainer's fit: base outputs -> combiner features -> prediction rows.
 */
import type { StackPipeline } from './types';
import { softmaxRows } from '../util/softmax';

/** Width of one base's feature block: 1 for regression and binary (p(classes[1])), C for multiclass. */
export function blockWidth(task: StackPipeline['task'], nClasses: number): number {
  return task === 'multiclass' ? nClasses : 1;
}

/**
 * Combiner features n×q from each base's output rows (n×1 values, or n×C probabilities): the value, p(class 1)
 * for binary, all C probabilities for multiclass, base after base.
 */
export function stackFeatures(
  outputs: Float64Array[],
  n: number,
  task: StackPipeline['task'],
  nClasses: number,
): { Z: Float64Array; q: number } {
  const w = blockWidth(task, nClasses);
  const q = outputs.length * w;
  const Z = new Float64Array(n * q);
  outputs.forEach((o, b) => {
    const width = task === 'regression' ? 1 : nClasses;
    for (let r = 0; r < n; r++) {
      if (task === 'binary') Z[r * q + b] = o[r * width + 1];
      else for (let c = 0; c < w; c++) Z[r * q + b * w + c] = o[r * width + c];
    }
  });
  return { Z, q };
}

/** Prediction rows from combiner features: n values (regression) or n×C probabilities (binary as [1-p, p]). */
export function applyCombiner(
  combiner: StackPipeline['combiner'],
  Z: Float64Array,
  n: number,
  q: number,
  nClasses: number,
): Float64Array {
  const O = combiner.coef.length;
  const raw = new Float64Array(n * O);
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < O; o++) {
      let s = 0;
      const w = combiner.coef[o];
      for (let j = 0; j < q; j++) s += w[j] * Z[r * q + j];
      raw[r * O + o] = combiner.intercept[o] + s;
    }
  }
  if (combiner.link === 'identity') return raw;
  if (combiner.link === 'logistic') {
    const out = new Float64Array(n * 2);
    for (let r = 0; r < n; r++) {
      const p = 1 / (1 + Math.exp(-raw[r]));
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return out;
  }
  return softmaxRows(raw, n, nClasses, O);
}

/** Mean of equally weighted output rows (a base's pipelines). */
export function meanRows(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts[0].length);
  for (const p of parts) for (let i = 0; i < out.length; i++) out[i] += p[i];
  for (let i = 0; i < out.length; i++) out[i] /= parts.length;
  return out;
}
