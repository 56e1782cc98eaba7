/**
 * The players of every explanation are the pipeline's RAW input columns (`pipeline.inputs`, in order): each
 * feature a step produces (one-hot parts, TF-IDF terms, spline pieces, datetime parts, missing indicators,
 * per-class target statistics) belongs to the one column the step reads. Tree SHAP treats that column as a
 * single player (an exact Shapley value of the column, not a sum of per-feature values); linear SHAP is
 * additive, so the two agree there.
 */
import { CodedError } from '@shared/errors';
import { stepWidth } from '../pipeline/predict';
import type { InputSpec, SinglePipeline } from '../pipeline/types';

/** For each feature of `p`, the index of its raw column in `inputs` (the players of the explanation). */
export function featurePlayers(p: SinglePipeline, inputs: InputSpec[]): Int32Array {
  const index = new Map(inputs.map((c, i) => [c.name, i]));
  const out = new Int32Array(p.featureNames.length);
  let f = 0;
  for (const s of p.steps) {
    const player = index.get(s.column);
    if (player === undefined)
      throw new CodedError(
        'invalid-input',
        `The fitted pipeline reads column '${s.column}', which is not among its inputs. Retrain the model.`,
      );
    const w = stepWidth(s);
    if (f + w > out.length)
      throw new CodedError(
        'invalid-input',
        `The fitted pipeline's steps produce more features than its ${out.length} feature names. Retrain the model.`,
      );
    out.fill(player, f, f + w);
    f += w;
  }
  if (f !== out.length)
    throw new CodedError(
      'invalid-input',
      `The fitted pipeline's steps produce ${f} features but it names ${out.length}. Retrain the model.`,
    );
  return out;
}
