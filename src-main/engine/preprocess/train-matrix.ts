import type { Frame } from '../frame/load-frame';
import type { FittedFeatures, TargetInfo } from './fit-steps';
import { applySteps, stepWidth, type Matrix } from './transform';
import { crossFitTargetEncoding } from './target-encoding';

/** Matrix for other rows (validation, test): the steps exactly as stored in the pipeline. */
export function featureMatrix(
  frame: Frame,
  features: FittedFeatures,
  rows: Int32Array,
  opts: { sparseText?: boolean } = {},
): Matrix {
  return applySteps(features.steps, (name) => frame.get(name)?.values, frame.nRows, rows, opts);
}

/** Training matrix: as `featureMatrix`, except target-encoded columns hold out-of-fold statistics. */
export function trainMatrix(
  frame: Frame,
  features: FittedFeatures,
  target: TargetInfo,
  rows: Int32Array,
  opts: { sparseText?: boolean } = {},
): Matrix {
  const m = featureMatrix(frame, features, rows, opts);
  let off = 0;
  for (const step of features.steps) {
    const w = stepWidth(step);
    if (step.kind === 'target') {
      const enc = crossFitTargetEncoding(frame.get(step.column)?.values as Array<string | null>, target, rows);
      for (let i = 0; i < m.n; i++) for (let q = 0; q < w; q++) m.X[i * m.p + off + q] = enc[i * w + q];
    }
    off += w;
  }
  return m;
}
