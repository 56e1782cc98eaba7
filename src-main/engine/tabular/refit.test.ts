import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFrame } from '../frame/load-frame';
import { predictPipeline } from '../pipeline/predict';
import { makeRng } from '../models/trees/rng';
import { runConfig, type TrainData } from './evaluate';
import { refitOnAllRows } from './refit';
import { classificationData, roomyContext } from './test-data';

async function holdoutData(): Promise<TrainData> {
  // 7,000 rows: above the k-fold limit, so one validation holdout is used.
  const dir = mkdtempSync(join(tmpdir(), 'refit-'));
  const rng = makeRng(5);
  const lines = ['a,b,y'];
  for (let i = 0; i < 7000; i++) {
    const a = rng() * 4 - 2;
    const b = rng() * 4 - 2;
    const y = a + (a * b > 0.5 ? 1 : 0) + (rng() - 0.5) > 0 ? 'yes' : 'no';
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${y}`);
  }
  const path = join(dir, 'data.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return classificationData(await loadFrame(path, { kinds: { y: 'categorical' } }), 'y');
}

describe('holdout mode refit', () => {
  it('refits on all training rows with the rounds the holdout chose; the pipeline scores the test rows', async () => {
    const data = await holdoutData();
    expect(data.split.mode).toBe('holdout');
    const ctx = roomyContext();
    const gbm = await runConfig(
      data,
      'gradient_boosting',
      { n_estimators: 300, learning_rate: 0.1, max_depth: 4 },
      ctx,
    );
    const refit = await refitOnAllRows(data, gbm, ctx);
    expect(refit).not.toBeNull();
    if (!refit || refit.pipeline.kind !== 'single' || refit.pipeline.model.family !== 'gradient_boosting') return;
    // Binary boosting: one tree per round, as many rounds as the holdout fit kept.
    expect(refit.pipeline.model.trees.length).toBe(gbm.bestIteration);
    expect(refit.valPred).toBe(gbm.valPred);
    const cols = Object.fromEntries(data.frame.columns.map((c) => [c.name, c.values]));
    const probs = predictPipeline(refit.pipeline, cols).probabilities as Float64Array;
    const test = Array.from(data.split.test);
    test.forEach((r, i) => expect(probs[r * 2 + 1]).toBeCloseTo(refit.testPred[i * 2 + 1], 9));

    const logistic = await runConfig(data, 'logistic', { C: 1 }, ctx);
    const refitLogistic = await refitOnAllRows(data, logistic, ctx);
    expect(refitLogistic?.pipeline).not.toEqual(logistic.pipeline);
    // Past the deadline the holdout model is kept.
    expect(await refitOnAllRows(data, logistic, { ...ctx, deadline: Date.now() - 1 })).toBeNull();
  }, 60_000);
});
