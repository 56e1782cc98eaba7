import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { pipelineToOnnx } from '../onnx/pipeline-to-onnx';
import { compare } from '../onnx/fixtures/parity';
import { fixturePipelines, type FixtureTask } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { openSession, runSession, type FeedSpec } from './ort-session';
import type { Predictions } from '../pipeline/types';
import { scoringGraph, type ScoringGraph } from './scoring-graph';
import { labelsOutside } from './scoring-labels';

const train = makeTable(300, 1);
const test = makeTable(400, 2, true);

/** The test rows scored by the exported model and by the scoring graph (labels looked up outside it). */
async function scoredBoth(
  exported: Uint8Array,
  graph: ScoringGraph | null,
  inputs: FeedSpec[],
): Promise<{ before: Predictions; after: Predictions }> {
  const before = await runSession(await openSession(exported), inputs, test.cols, test.n);
  const after = await runSession(
    await openSession(graph?.model as Uint8Array),
    inputs,
    test.cols,
    test.n,
    graph?.labels,
  );
  return { before, after };
}

const outputType = (bytes: Uint8Array): number | null | undefined =>
  onnx.ModelProto.decode(bytes).graph?.output?.find((o) => o.name === 'prediction')?.type?.tensorType?.elemType;

describe.each(['binary', 'multiclass'] as FixtureTask[])('class labels outside the scoring graph: %s', (task) => {
  const pipelines = fixturePipelines(train, task);
  it.each(Object.keys(pipelines))('%s gives the labels and probabilities of the exported model', async (name) => {
    const p = pipelines[name];
    const exported = pipelineToOnnx(p);
    const graph = scoringGraph(exported);
    expect(graph?.labels?.labels).toEqual(p.classes);
    expect(outputType(graph?.model as Uint8Array)).toBe(onnx.TensorProto.DataType.INT64);
    const { before, after } = await scoredBoth(exported, graph, p.inputs);
    const { maxAbs, labelMismatches } = compare(after, before);
    expect(after.prediction.every((v) => typeof v === 'string')).toBe(true);
    expect(labelMismatches).toBe(0);
    expect(maxAbs).toBeLessThanOrEqual(1e-12);
  });
});

describe('class labels outside the scoring graph: left alone', () => {
  it('keeps a regression model as it is, and labels written in any characters exactly', async () => {
    expect(
      labelsOutside(onnx.ModelProto.decode(pipelineToOnnx(fixturePipelines(train, 'regression').linear))),
    ).toBeNull();
    // Labels as people write them: quotes, a formula-like one, accents, an empty one.
    const p = fixturePipelines(train, 'multiclass').logistic;
    const m = onnx.ModelProto.decode(pipelineToOnnx(p));
    const encoder = m.graph?.node?.find((n) => n.output?.includes('prediction'));
    const values = encoder?.attribute?.find((a) => a.name === 'values_strings');
    const written = ['Müller "senior"', '=1+2', ''].slice(0, values?.strings?.length);
    if (values) values.strings = written.map((s) => new TextEncoder().encode(s));
    const exported = onnx.ModelProto.encode(m).finish();
    const graph = scoringGraph(exported);
    expect(graph?.labels).toEqual({ labels: written, other: '' });
    const { before, after } = await scoredBoth(exported, graph, p.inputs);
    expect(after.prediction).toEqual(before.prediction);
    expect(new Set(after.prediction).size).toBeGreaterThan(1);
  });

  it('leaves an encoder whose keys are not the class indices in order', () => {
    const m = onnx.ModelProto.decode(pipelineToOnnx(fixturePipelines(train, 'binary').logistic));
    const keys = m.graph?.node
      ?.find((n) => n.output?.includes('prediction'))
      ?.attribute?.find((a) => a.name === 'keys_int64s');
    if (keys) keys.ints = [1, 0];
    expect(labelsOutside(m)).toBeNull();
  });
});
