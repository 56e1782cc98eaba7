import { describe, expect, it } from 'vitest';
import { makeFrame } from '../frame/load-frame';
import { predictPipeline } from '../pipeline/predict';
import { makeRng } from '../models/trees/rng';
import { runConfig } from './evaluate';
import type { Split } from './split';
import { classificationData, roomyContext } from './test-data';

describe('test rows scored in blocks', () => {
  it('gives a huge test set the same predictions as the pipeline scoring every row at once', async () => {
    // 230,000 test rows: more than one block (200,000); the model fits on 10,000 rows.
    const n = 245_000;
    const rng = makeRng(3);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const y = new Array<string | null>(n);
    for (let r = 0; r < n; r++) {
      a[r] = rng() < 0.01 ? NaN : rng() * 4 - 2;
      b[r] = rng() * 4 - 2;
      y[r] = (a[r] || 0) + 0.5 * b[r] + rng() - 0.5 > 0 ? 'yes' : 'no';
    }
    const frame = makeFrame([
      { name: 'a', kind: 'numeric', values: a },
      { name: 'b', kind: 'numeric', values: b },
      { name: 'y', kind: 'categorical', values: y },
    ]);
    const all = Int32Array.from({ length: n }, (_, r) => r);
    const split: Split = {
      train: all.subarray(0, 15_000),
      test: all.subarray(15_000),
      folds: [{ fit: all.subarray(0, 10_000), val: all.subarray(10_000, 15_000), repeat: 0 }],
      mode: 'holdout',
      repeats: 1,
    };
    const trial = await runConfig(classificationData(frame, 'y', split), 'logistic', { C: 1 }, roomyContext());
    expect(trial.testPred).toHaveLength(split.test.length * 2);
    const probs = predictPipeline(trial.pipeline, { a, b }).probabilities as Float64Array;
    let worst = 0;
    for (let i = 0; i < split.test.length; i++)
      worst = Math.max(worst, Math.abs(probs[(15_000 + i) * 2 + 1] - trial.testPred[i * 2 + 1]));
    expect(worst).toBeLessThan(1e-9);
    // Both blocks hold real predictions (the second block starts at test row 200,000).
    expect(trial.testPred[2 * 200_001 + 1]).toBeGreaterThan(0);
    expect(trial.testPred[2 * 200_001 + 1]).toBeLessThan(1);
  }, 60_000);
});
