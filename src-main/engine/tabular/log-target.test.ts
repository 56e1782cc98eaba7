import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFrame } from '../frame/load-frame';
import { computeMetrics } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { pipelineToOnnx } from '../onnx/pipeline-to-onnx';
import { predictPipeline } from '../pipeline/predict';
import type { Columns, SinglePipeline } from '../pipeline/types';
import { openSession, runSession } from '../predict/ort-session';
import { explainPlan } from '../explain/explain';
import { runConfig } from './evaluate';
import { fitLogTransform, logShift, offersLogTarget, skewness } from './log-target';
import { roomyContext, tableData } from './test-data';

const dir = mkdtempSync(join(tmpdir(), 'log-target-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A multiplicative target (log y is linear in a and b, with noise): the shape of wages and prices. */
async function skewedTable(n: number) {
  const rng = makeRng(11);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const lines = ['a,b,c,y'];
  for (let i = 0; i < n; i++) {
    const a = rng() * 4 - 2;
    const b = rng() * 4 - 2;
    const c = rng() < 0.5 ? 'x' : 'z';
    const y = 20 * Math.exp(0.6 * a + 0.4 * b + (c === 'x' ? 0.3 : 0) + 0.5 * normal());
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c},${y.toFixed(4)}`);
  }
  const path = join(dir, `skewed-${n}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');
  const frame = await loadFrame(path);
  return { data: tableData(frame, 'y', 'regression'), frame };
}

describe('log-target rules', () => {
  it('offers the log scale only for non-negative right-skewed targets; zeros shift by the smallest positive', () => {
    expect(logShift([2, 3, 4])).toBe(0);
    expect(logShift([0, 1, 5])).toBe(1);
    expect(logShift([0, 0.25, 5])).toBe(0.25);
    expect(logShift([-1, 2, 3])).toBeNull();
    expect(logShift([0, 0])).toBeNull();
    expect(logShift([1, NaN])).toBeNull();
    const skewed = Array.from({ length: 200 }, (_, i) => Math.exp(i / 40));
    expect(skewness(skewed)).toBeGreaterThan(1);
    expect(offersLogTarget(skewed)).toBe(true);
    const even = Array.from({ length: 200 }, (_, i) => 10 + i);
    expect(Math.abs(skewness(even))).toBeLessThan(1e-9);
    expect(offersLogTarget(even)).toBe(false);
    expect(offersLogTarget(skewed.map((v) => -v))).toBe(false);
  });

  it("smearing is the mean of exp(residual); the clip is the log targets' range", () => {
    const z = Float64Array.of(0, 1, 2);
    const raw = Float64Array.of(0.5, 1, 1.5);
    const t = fitLogTransform(z, raw, 0.5);
    expect(t.factor).toBeCloseTo((Math.exp(-0.5) + 1 + Math.exp(0.5)) / 3, 12);
    expect(t.low).toBe(0);
    expect(t.high).toBe(2);
    expect(t.shift).toBe(0.5);
  });
});

describe('ridge on a log target', () => {
  it('beats ridge on y out of fold for a multiplicative target; predict, the test rows and ONNX agree', async () => {
    const { data, frame } = await skewedTable(400);
    expect(data.split.mode).toBe('kfold');
    const ctx = roomyContext();
    const plain = await runConfig(data, 'ridge', { alpha: 1 }, ctx);
    const logged = await runConfig(data, 'ridge', { alpha: 1, target_transform: 'log' }, ctx);
    const yVal = Float64Array.from(data.valRows, (r) => data.target.info.y[r]);
    const r2 = (pred: Float64Array) => computeMetrics('regression', yVal, pred, 0).r2 as number;
    // Out-of-fold predictions are on the value scale (turned back) and fit the multiplicative shape better.
    expect(r2(logged.valPred)).toBeGreaterThan(r2(plain.valPred) + 0.05);

    // The final model is the bag of fold models, each with its own smearing factor (> 1: exp of a mean log is
    // the median, below the mean of a right-skewed target).
    const p = logged.pipeline;
    const members: SinglePipeline[] = p.kind === 'single' ? [p] : p.members.map((m) => m.pipeline);
    expect(members.length).toBeGreaterThan(1);
    for (const m of members) {
      expect(m.targetTransform?.kind).toBe('log');
      expect(m.targetTransform?.shift).toBe(0);
      expect(m.targetTransform?.factor).toBeGreaterThan(1.05);
    }
    const cols: Columns = Object.fromEntries(frame.columns.map((c) => [c.name, c.values]));
    const ref = predictPipeline(p, cols);
    Array.from(data.split.test).forEach((r, i) =>
      expect(Math.abs((ref.prediction[r] as number) - logged.testPred[i])).toBeLessThan(1e-9 * logged.testPred[i]),
    );
    const onnx = await runSession(await openSession(pipelineToOnnx(p)), p.inputs, cols, frame.nRows);
    ref.prediction.forEach((v, r) =>
      expect(Math.abs((onnx.prediction[r] as number) - (v as number))).toBeLessThan(1e-9 * (v as number)),
    );
    // One fold model alone is explained exactly on its log scale; the bag is sampled on the value.
    expect(explainPlan(members[0])).toEqual({ method: 'linear', scale: 'log-value', exact: true });
    expect(explainPlan(p).scale).toBe('value');
  }, 60_000);

  it('boosting on a log target early-stops on the log scale and predicts positive values', async () => {
    const { data } = await skewedTable(300);
    const trial = await runConfig(
      data,
      'gradient_boosting',
      { n_estimators: 200, learning_rate: 0.1, max_depth: 3, target_transform: 'log' },
      roomyContext(),
    );
    const p = trial.pipeline;
    const members: SinglePipeline[] = p.kind === 'single' ? [p] : p.members.map((m) => m.pipeline);
    expect(members.length).toBeGreaterThan(1);
    for (const m of members) {
      expect(m.targetTransform?.factor).toBeGreaterThan(1);
      expect(m.targetTransform?.factor).toBeLessThan(2);
    }
    // Stopped before the 200 rounds: the validation curve (log scale) turned up.
    expect(trial.bestIteration).toBeLessThan(200);
    expect(Array.from(trial.valPred).every((v) => v > 0)).toBe(true);
  }, 60_000);
});
