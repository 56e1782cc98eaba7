import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFrame } from '../frame/load-frame';
import { computeMetrics } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { predictPipeline } from '../pipeline/predict';
import { pipelineSchema } from '../pipeline/pipeline-schema';
import { candidateModels, defaultPlan } from './plan';
import { quickProfile } from './quick-profile';
import { trainTabular } from './train';

const dir = mkdtempSync(join(tmpdir(), 'threshold-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decision threshold through training (imbalanced binary, F1 macro)', () => {
  it('is chosen out of fold and carried into pipeline.json, holdout.csv, the row and the confusion matrix', async () => {
    // 500 rows, ~1 in 10 positive, a noisy signal in x1: the argmax of calibrated probabilities misses most positives.
    const rng = makeRng(4);
    const lines = ['x1,x2,outcome'];
    for (let i = 0; i < 500; i++) {
      const x1 = Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
      const x2 = rng();
      const p = 1 / (1 + Math.exp(-(-2.8 + 1.3 * x1)));
      lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${rng() < p ? 'left' : 'stayed'}`);
    }
    const dataPath = join(dir, 'data.csv');
    writeFileSync(dataPath, lines.join('\n'));
    const frame = await loadFrame(dataPath);
    const profile = quickProfile(frame, 'outcome');
    expect(candidateModels('classification', profile).metric).toBe('f1_macro');
    const artifactDir = join(dir, 'run');
    const { summary, bestPipelinePath, holdoutPath } = await trainTabular(
      {
        dataPath,
        task: 'classification',
        target: 'outcome',
        // Without class weights the probabilities stay calibrated and the argmax misses most of the rare class, so
        // a threshold wins out of fold whichever logistic configurations the budget reached (on a busy machine: one).
        plan: { ...defaultPlan(profile, { task: 'classification', target: 'outcome' }), classWeights: false },
        models: ['logistic'],
        metric: 'f1_macro',
        budgetSeconds: 3,
        artifactDir,
        seed: 0,
      },
      { signal: new AbortController().signal, emit: () => {} },
    );
    const pipeline = pipelineSchema.parse(JSON.parse(readFileSync(bestPipelinePath, 'utf8')));
    const t = pipeline.decisionThreshold;
    if (t === undefined) throw new Error('no decision threshold');
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
    const best = summary.leaderboard.find((r) => r.modelId === summary.bestModelId);
    expect(best?.params.decision_threshold).toBeCloseTo(t, 4);
    // holdout.csv's labels are the pipeline's own predictions (at the threshold) on those rows.
    const rows = readFileSync(holdoutPath, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const testRows = rows.map((r) => Number(r[0]));
    const cols = {
      x1: Float64Array.from(testRows, (r) => (frame.get('x1')?.values as Float64Array)[r]),
      x2: Float64Array.from(testRows, (r) => (frame.get('x2')?.values as Float64Array)[r]),
    };
    const pred = predictPipeline(pipeline, cols);
    expect(rows.map((r) => r[2])).toEqual(pred.prediction);
    const p1 = Array.from(testRows, (_, i) => (pred.probabilities as Float64Array)[i * 2 + 1]);
    const [c0, c1] = pipeline.classes ?? [];
    expect(pred.prediction).toEqual(p1.map((p) => (p > t ? c1 : c0)));
    // The confusion matrix counts the same labels.
    const matrix = summary.confusion?.matrix ?? [];
    expect(matrix[0][1] + matrix[1][1]).toBe(pred.prediction.filter((l) => l === c1).length);
    // The rare class ('left') is predicted more often than the argmax would.
    const argmaxLeft = p1.filter((p) => p <= 0.5).length;
    expect(pred.prediction.filter((l) => l === 'left').length).toBeGreaterThan(argmaxLeft);
    // The row's test F1 (macro) is that of these labels.
    const y = Float64Array.from(rows, (r) => (r[1] === c1 ? 1 : 0));
    const atT = computeMetrics('classification', y, pred.probabilities as Float64Array, 2, t).f1_macro;
    expect(best?.testMetrics?.f1_macro).toBeCloseTo(atT ?? NaN, 12);
  }, 60_000);
});
