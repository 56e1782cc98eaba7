import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { predictPipeline } from '../pipeline/predict';
import type { CodedError } from '@shared/errors';
import type { FittedPipeline, LinearModel, SinglePipeline } from '../pipeline/types';
import { openSession, runSession } from '../predict/ort-session';
import { checkModels, compare, hasPythonOnnx } from './fixtures/parity';
import { fixturePipelines, type FixtureTask } from './fixtures/pipelines';
import { makeTable } from './fixtures/synthetic-data';
import { pipelineToOnnx } from './pipeline-to-onnx';

const train = makeTable(300, 1);
// Test rows have missing values everywhere and categories / words never seen in training.
const test = makeTable(400, 2, true);
const dir = mkdtempSync(join(tmpdir(), 'onnx-parity-'));
const written: string[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function parity(name: string, p: FittedPipeline) {
  const bytes = pipelineToOnnx(p);
  const path = join(dir, `${name}.onnx`);
  writeFileSync(path, bytes);
  written.push(path);
  const session = await openSession(bytes);
  const onnx = await runSession(session, p.inputs, test.cols, test.n);
  const ref = predictPipeline(p, test.cols);
  return { ...compare(onnx, ref), onnx, ref };
}

describe.each(['regression', 'binary', 'multiclass'] as FixtureTask[])('ONNX parity: %s', (task) => {
  const pipelines = fixturePipelines(train, task);
  it.each(Object.keys(pipelines))('%s', async (name) => {
    const { maxAbs, labelMismatches, onnx, ref } = await parity(`${task}-${name}`, pipelines[name]);
    if (process.env.PARITY_VERBOSE) console.log(task, name, maxAbs);
    expect(labelMismatches).toBe(0);
    expect(maxAbs).toBeLessThanOrEqual(1e-9);
    expect(onnx.prediction).toHaveLength(test.n);
    if (task === 'regression') {
      // The fixture must exercise the model: predictions vary and are mostly finite.
      const finite = (ref.prediction as number[]).filter(Number.isFinite);
      expect(finite.length).toBeGreaterThan(test.n * 0.8);
      expect(new Set(finite).size).toBeGreaterThan(10);
    } else {
      expect(new Set(ref.prediction).size).toBeGreaterThan(1);
      expect(onnx.probabilities).toHaveLength(test.n * (task === 'binary' ? 2 : 3));
    }
  });
});

describe('binary decision threshold', () => {
  it('labels read at the threshold in the graph and in the app, the same rows; probabilities unchanged', async () => {
    const plain = fixturePipelines(train, 'binary').logistic;
    const ref = predictPipeline(plain, test.cols);
    const p1 = Array.from({ length: test.n }, (_, r) => (ref.probabilities as Float64Array)[r * 2 + 1]);
    // A threshold a quarter of the way up the rows' probabilities (between two rows, as the trainer places it: no row
    // within rounding of it): many rows change label from the argmax.
    const sorted = [...p1].sort((a, b) => a - b);
    const t = (sorted[Math.floor(test.n / 4)] + sorted[Math.floor(test.n / 4) + 1]) / 2;
    const { labelMismatches, maxAbs, ref: app } = await parity('binary-threshold', { ...plain, decisionThreshold: t });
    expect(labelMismatches).toBe(0);
    expect(maxAbs).toBeLessThanOrEqual(1e-9);
    const classes = plain.classes as string[];
    expect(app.prediction).toEqual(p1.map((p) => (p > t ? classes[1] : classes[0])));
    const moved = app.prediction.filter((l, r) => l !== ref.prediction[r]).length;
    expect(moved).toBeGreaterThan(test.n / 10);
  });
});

describe('tree export layout', () => {
  it('routes single-output boosted trees as scalars, in chunks of at most 128 trees', () => {
    const p = fixturePipelines(train, 'multiclass').gradient_boosting_per_class;
    const ops = onnx.ModelProto.decode(pipelineToOnnx(p)).graph?.node?.map((n) => n.opType) ?? [];
    expect(ops.filter((o) => o === 'TreeEnsembleRegressor')).toHaveLength(2);
    expect(ops.filter((o) => o === 'MatMul')).toHaveLength(2);
  });
});

describe('malformed pipelines', () => {
  const base = fixturePipelines(train, 'regression').ridge as SinglePipeline;
  it.each([
    [
      'a numeric step on a text column',
      { ...base, inputs: base.inputs.map((i) => (i.name === 'x1' ? { ...i, kind: 'text' as const } : i)) },
      /numeric step reads column 'x1', whose kind is text/,
    ],
    [
      'a column named like an output',
      { ...base, inputs: [...base.inputs, { name: 'prediction', kind: 'numeric' as const }] },
      /reserved for the model output/,
    ],
    [
      'feature names that do not match the steps',
      { ...base, featureNames: base.featureNames.slice(1) },
      /steps produce \d+ features but featureNames lists/,
    ],
    [
      'a wrong coefficient count',
      { ...base, model: { ...(base.model as LinearModel), coef: [[1, 2]] } },
      /coef row 0 has 2 weights/,
    ],
  ])('refuses %s with a clear invalid-input error', (_name, p, message) => {
    try {
      pipelineToOnnx(p as FittedPipeline);
      expect.unreachable();
    } catch (e) {
      expect((e as CodedError).code).toBe('invalid-input');
      expect((e as CodedError).message).toMatch(message);
    }
  });
});

describe('independent validation', () => {
  it('every exported model passes onnx.checker.check_model', () => {
    expect(written.length).toBeGreaterThanOrEqual(28);
    if (!hasPythonOnnx()) {
      console.warn('SKIPPED onnx.checker: /usr/bin/python3 has no onnx module (apt-get install python3-onnx)');
      return;
    }
    const errors = Object.entries(checkModels(written)).filter(([, e]) => e !== '');
    expect(errors).toEqual([]);
  });
});
