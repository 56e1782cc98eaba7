import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { pipelineToOnnx } from '../onnx/pipeline-to-onnx';
import { compare } from '../onnx/fixtures/parity';
import { fixturePipelines, type FixtureTask } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { predictPipeline } from '../pipeline/predict';
import { openSession, runSession } from './ort-session';
import { fasterScoringGraph } from './scoring-graph';

const train = makeTable(300, 1);
// Missing values everywhere and unseen categories: every missing-value direction is exercised.
const test = makeTable(400, 2, true);

const ops = (bytes: Uint8Array): string[] =>
  onnx.ModelProto.decode(bytes).graph?.node?.map((n) => n.opType ?? '') ?? [];

/** Whether a tree chunk of the exported graph gathers vector leaves (a 2-D leaf table: class proportions). */
function hasVectorLeaves(bytes: Uint8Array): boolean {
  const g = onnx.ModelProto.decode(bytes).graph;
  const tables = new Map((g?.initializer ?? []).map((t) => [t.name ?? '', t.dims?.length ?? 0]));
  return (g?.node ?? []).some(
    (n) => n.opType === 'Gather' && /leaf_values/.test(n.input?.[0] ?? '') && tables.get(n.input?.[0] ?? '') === 2,
  );
}

/** The Gather of leaf values of the first tree chunk. */
function leafGather(m: onnx.ModelProto): onnx.INodeProto | undefined {
  return m.graph?.node?.find((n) => n.opType === 'Gather' && /leaf_values/.test(n.input?.[0] ?? ''));
}

describe.each(['regression', 'binary', 'multiclass'] as FixtureTask[])('faster scoring graph: %s', (task) => {
  const pipelines = fixturePipelines(train, task);
  it.each(Object.keys(pipelines))('%s scores as the exported model does', async (name) => {
    const p = pipelines[name];
    const exported = pipelineToOnnx(p);
    const fast = fasterScoringGraph(exported);
    const treeChunks = ops(exported).filter((o) => o === 'TreeEnsembleRegressor').length;
    // Trees with vector leaves (class proportions) are left as exported; every other tree model is rewritten.
    if (!treeChunks || hasVectorLeaves(exported)) {
      expect(fast).toBeNull();
      return;
    }
    expect(fast).not.toBeNull();
    const fastOps = ops(fast as Uint8Array);
    expect(fastOps).not.toContain('TreeEnsembleRegressor');
    // Each chunk becomes groups of a few trees (summed when there are several), each group small enough to stay
    // in the L1 cache: at most 128 interior nodes unless it holds a single tree.
    const ensembles = (onnx.ModelProto.decode(fast as Uint8Array).graph?.node ?? []).filter(
      (n) => n.opType === 'TreeEnsemble',
    );
    expect(ensembles.length).toBeGreaterThanOrEqual(treeChunks);
    for (const e of ensembles) {
      const count = (a: string): number => e.attribute?.find((x) => x.name === a)?.ints?.length ?? 0;
      expect(count('tree_roots') === 1 || count('nodes_featureids') <= 128).toBe(true);
    }
    if (ensembles.length > treeChunks) expect(fastOps).toContain('Sum');
    const before = await runSession(await openSession(exported), p.inputs, test.cols, test.n);
    const after = await runSession(await openSession(fast as Uint8Array), p.inputs, test.cols, test.n);
    const { maxAbs, labelMismatches } = compare(after, before);
    expect(labelMismatches).toBe(0);
    expect(maxAbs).toBeLessThanOrEqual(1e-12);
    // And against the app's own evaluator, as the export is held to.
    expect(compare(after, predictPipeline(p, test.cols)).maxAbs).toBeLessThanOrEqual(1e-9);
  });
});

describe('faster scoring graph: left alone', () => {
  it('returns null for bytes that are not a model, or a model at another ai.onnx.ml opset', () => {
    expect(fasterScoringGraph(Uint8Array.from([1, 2, 3, 255]))).toBeNull();
    const m = onnx.ModelProto.decode(pipelineToOnnx(fixturePipelines(train, 'binary').gradient_boosting));
    for (const o of m.opsetImport ?? []) if (o.domain === 'ai.onnx.ml') o.version = 2;
    expect(fasterScoringGraph(onnx.ModelProto.encode(m).finish())).toBeNull();
  });

  it('leaves a chunk whose leaf values feed something else too', () => {
    const m = onnx.ModelProto.decode(pipelineToOnnx(fixturePipelines(train, 'regression').gradient_boosting));
    const gather = leafGather(m);
    expect(gather).toBeDefined();
    m.graph?.output?.push({ name: gather?.output?.[0] ?? '' });
    expect(fasterScoringGraph(onnx.ModelProto.encode(m).finish())).toBeNull();
  });
});
