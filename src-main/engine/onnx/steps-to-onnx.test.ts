import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { transformFeatures } from '../pipeline/predict';
import type { SinglePipeline } from '../pipeline/types';
import { makeFeeds } from '../predict/ort-session';
import { fixturePipelines } from './fixtures/pipelines';
import { makeTable } from './fixtures/synthetic-data';
import { GraphBuilder, T } from './graph-builder';
import { onnxInputType } from './pipeline-to-onnx';
import { featureMatrix } from './steps-to-onnx';

describe('feature steps in ONNX', () => {
  it('are bit-identical to transformFeatures on 20k rows (trees split exactly at feature values)', async () => {
    const p = fixturePipelines(makeTable(300, 1), 'multiclass').gradient_boosting as SinglePipeline;
    expect(new Set(p.steps.map((s) => s.kind))).toEqual(
      new Set(['numeric', 'spline', 'onehot', 'ordinal', 'target', 'tfidf', 'datetime']),
    );
    const g = new GraphBuilder(p.inputs.map((i) => i.name));
    const inputs = new Map(
      p.inputs.map((i) => [
        i.name,
        g.addInput(i.name, onnxInputType(i.kind) === 'string' ? T.STRING : T.DOUBLE, ['N', 1]),
      ]),
    );
    g.node('Identity', [featureMatrix(g, p, inputs)], {}, { output: 'X' });
    g.addOutput('X', T.DOUBLE, ['N', p.featureNames.length]);
    const session = await ort.InferenceSession.create(g.toBytes({ graphName: 'steps' }), { intraOpNumThreads: 1 });
    const t = makeTable(20_000, 9, true);
    const got = (await session.run(makeFeeds(p.inputs, t.cols, t.n))).X.data as Float64Array;
    const want = transformFeatures(p, t.cols, t.n);
    let differing = 0;
    for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) differing++;
    expect(got.length).toBe(want.length);
    expect(differing).toBe(0);
  });
});
