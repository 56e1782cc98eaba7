import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { pipelineToOnnx } from '../onnx/pipeline-to-onnx';
import { fixturePipelines, type FixtureTask } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { fitGbm } from '../models/gbm';
import { makeFeeds, openSession } from './ort-session';
import { fusedColumns as fusedModel } from './scoring-columns';
import { fasterScoringGraph } from './scoring-graph';

const train = makeTable(300, 1);
// Missing values everywhere: the imputed branch of every column is exercised.
const test = makeTable(400, 2, true);

const count = (bytes: Uint8Array, op: string): number =>
  (onnx.ModelProto.decode(bytes).graph?.node ?? []).filter((n) => n.opType === op).length;

type Pipeline = ReturnType<typeof fixturePipelines>[string];

/** fusedColumns on model bytes. */
function fusedColumns(bytes: Uint8Array): Uint8Array | null {
  const fused = fusedModel(onnx.ModelProto.decode(bytes));
  return fused ? onnx.ModelProto.encode(fused).finish() : null;
}

/** Every output of the model on the test rows, as plain arrays. */
async function outputs(model: Uint8Array, p: Pipeline): Promise<unknown[][]> {
  const out = await (await openSession(model)).run(makeFeeds(p.inputs, test.cols, test.n));
  return Object.keys(out)
    .sort()
    .map((k) => Array.from(out[k].data as ArrayLike<unknown>));
}

/**
 * A GBM on x1, 'x 2' and flag standardised without missing-value indicators, as the app fits numeric columns that
 * had no missing values in training: the three standardised columns are side by side in the feature matrix.
 */
function numericGbm(task: 'regression' | 'binary'): Pipeline {
  const names = ['x1', 'x 2', 'flag'];
  const steps = names.map((column) => {
    const x = Array.from(train.cols[column] as Float64Array).filter((v) => !Number.isNaN(v));
    const center = x.reduce((a, b) => a + b, 0) / x.length;
    const scale = Math.sqrt(x.reduce((a, b) => a + (b - center) ** 2, 0) / x.length) || 1;
    return { kind: 'numeric' as const, column, impute: -0.2 * center, center, scale, indicator: false };
  });
  const X = new Float64Array(train.n * names.length);
  steps.forEach((s, j) => {
    const x = train.cols[s.column] as Float64Array;
    for (let i = 0; i < train.n; i++)
      X[i * names.length + j] = (Number.isNaN(x[i]) ? s.impute : x[i] - s.center) / s.scale;
  });
  const y = task === 'binary' ? Float64Array.from(train.binary, (v) => (v === 'yes' ? 1 : 0)) : train.y;
  const model = fitGbm(
    { X, n: train.n, p: names.length, y, task, nClasses: task === 'binary' ? 2 : 0 },
    { n_estimators: 20 },
  );
  return {
    kind: 'single',
    task,
    target: 'y',
    ...(task === 'binary' ? { classes: ['no', 'yes'] } : {}),
    inputs: names.map((name) => ({ name, kind: 'numeric' as const })),
    steps,
    featureNames: names,
    model,
  };
}

describe.each(['regression', 'binary', 'multiclass'] as FixtureTask[])('standardised columns in blocks: %s', (task) => {
  const pipelines = fixturePipelines(train, task);
  it.each(Object.keys(pipelines))('%s scores bit for bit as the exported model does', async (name) => {
    // The fixtures have indicators on x1 and flag: no two standardised columns side by side, nothing to fuse.
    const p = pipelines[name];
    const exported = pipelineToOnnx(p);
    for (const model of [exported, fasterScoringGraph(exported)]) if (model) expect(fusedColumns(model)).toBeNull();
  });
});

describe.each(['regression', 'binary'] as const)('standardised columns in blocks: GBM, %s', (task) => {
  it('scores bit for bit as the exported model does, trees rewritten or not', async () => {
    const p = numericGbm(task);
    const exported = pipelineToOnnx(p);
    const trees = fasterScoringGraph(exported);
    expect(trees).not.toBeNull();
    for (const model of [exported, trees as Uint8Array]) {
      const fused = fusedColumns(model);
      expect(fused).not.toBeNull();
      await expectSameOutputs(model, fused as Uint8Array, p);
    }
  });
});

async function expectSameOutputs(model: Uint8Array, blocks: Uint8Array, p: Pipeline): Promise<void> {
  expect(count(blocks, 'IsNaN')).toBeLessThan(count(model, 'IsNaN'));
  expect(count(blocks, 'Div')).toBeLessThan(count(model, 'Div'));
  // Object.is: the same doubles, NaN and -0 included.
  const [before, after] = [await outputs(model, p), await outputs(blocks, p)];
  expect(after.length).toBe(before.length);
  after.forEach((o, k) => o.forEach((v, i) => expect(Object.is(v, before[k][i])).toBe(true)));
}

describe('standardised columns in blocks: left alone', () => {
  const exported = pipelineToOnnx(numericGbm('regression'));

  it('keeps a column whose steps are read elsewhere too', () => {
    expect(fusedColumns(exported)).not.toBeNull();
    const m = onnx.ModelProto.decode(exported);
    // Every standardised column's IsNaN becomes a graph output: none may be fused.
    for (const n of m.graph?.node ?? []) if (n.opType === 'IsNaN') m.graph?.output?.push({ name: n.output?.[0] ?? '' });
    expect(fusedColumns(onnx.ModelProto.encode(m).finish())).toBeNull();
  });
});
