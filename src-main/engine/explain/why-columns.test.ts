import { describe, expect, it } from 'vitest';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { buildBackground } from './background';
import { whyEffectNote } from './why-columns';
import type { FittedPipeline } from '../pipeline/types';

const train = makeTable(120, 5);
const note = (p: FittedPipeline) =>
  whyEffectNote({ formatVersion: 1, pipeline: p, background: buildBackground(p, train.cols, train.n) });

describe('whyEffectNote: the scale of why_*_effect in words', () => {
  it('names the value, log-odds, probability or score, and the method', () => {
    const reg = fixturePipelines(train, 'regression');
    const bin = fixturePipelines(train, 'binary');
    const multi = fixturePipelines(train, 'multiclass');
    expect(note(reg.gradient_boosting)).toMatch(/^why_\*_effect is in units of 'y'.*exact \(TreeSHAP\)\.$/);
    expect(note(bin.gradient_boosting)).toMatch(/on the log-odds of 'yes' \(positive pushes towards it/);
    expect(note(bin.random_forest)).toMatch(/on the probability of 'yes' \(0 to 1/);
    expect(note(bin.logistic)).toMatch(/log-odds of 'yes'.*exact \(linear SHAP\)/);
    expect(note(multi.gradient_boosting)).toMatch(/softmax score .* of the row's predicted class/);
    expect(note(reg.ensemble_log_trees)).toMatch(
      /in units of 'y'.*minus the average output \(a log-scale member's at its average log.*log-scale members' rescaled to the value\)\.$/,
    );
    expect(note(bin.mlp)).toMatch(/probability of 'yes'.*approximate \(permutation sampling\)/);
  });
});
