import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '@shared/monitor';
import { ingestFile } from '../ingest/ingest-file';
import { profileDataset } from '../profile/profile-dataset';
import { BatchAccumulator } from './batch-accumulator';
import type { ModelJson } from '../pipeline/model-json';
import { featureDrift, predictionDrift } from './drift';
import { churnModel } from './fixtures/churn';
import { featureReference, heldOutPredictions, heldOutPredictionsOf, trainingReference } from './reference';

const dir = mkdtempSync(join(tmpdir(), 'monitor-ref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the training data scored again', () => {
  // Found scoring a churn table (modeldata::mlc_churn) with the model trained on it: 'total_intl_calls' (whole
  // numbers 0..20, each on a bin edge) drifted with PSI 0.32 and the yes/no plans were "100% unseen categories".
  it('falls into the training bins and categories exactly, so nothing drifts', async () => {
    const n = 400;
    const calls = Float64Array.from({ length: n }, (_, i) => (i * 7) % 21);
    const plan = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const lines = ['calls,plan', ...Array.from(calls, (c, i) => `${c},${plan[i] ? 'yes' : 'no'}`)];
    writeFileSync(join(dir, 'train.csv'), `${lines.join('\n')}\n`);
    const data = await ingestFile(join(dir, 'train.csv'), join(dir, 'data'));
    const profile = await profileDataset(data.path, {}, { signal: new AbortController().signal, emit: () => {} });
    const col = (name: string) => profile.columns.find((c) => c.name === name);
    expect(col('plan')?.kind).toBe('boolean');

    const refs = [
      featureReference('calls', 'numeric', col('calls'), profile.rows),
      featureReference('plan', 'boolean', col('plan'), profile.rows),
    ];
    const acc = new BatchAccumulator({ features: refs, prediction: null });
    acc.inputs([calls, plan], n);
    const batch = acc.finish();

    const [callsRef, planRef] = refs;
    expect(callsRef.kind).toBe('numeric');
    if (callsRef.kind === 'numeric') expect(batch.features[0].bins).toEqual(callsRef.counts);
    expect(planRef.kind === 'categorical' && planRef.values.sort()).toEqual(['false', 'true']);
    const drift = featureDrift(batch, DEFAULT_THRESHOLDS);
    expect(drift.map((d) => [d.feature, d.level, d.psi, d.unseenShare ?? 0])).toEqual([
      ['calls', 'ok', 0, 0],
      ['plan', 'ok', 0, 0],
    ]);
  });
});

describe('prediction drift of a regression model scoring its own training data', () => {
  // Found on sklearn's diabetes (r2 0.45): its predictions are narrower than the target, so against the target's
  // histogram every batch, the training file included, raised "the predictions' distribution has moved".
  it('is measured against the held-out predictions, not the target', async () => {
    const n = 400;
    const x = Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 100);
    const y = x.map((v, i) => 100 + 50 * v + 80 * (((i * 53) % 97) / 97 - 0.5));
    const predicted = x.map((v) => 100 + 50 * v); // what a fitted line predicts: the noise is gone
    writeFileSync(join(dir, 'reg.csv'), ['x,y', ...x.map((v, i) => `${v},${y[i]}`)].join('\n') + '\n');
    const data = await ingestFile(join(dir, 'reg.csv'), join(dir, 'reg-data'));
    const profile = await profileDataset(
      data.path,
      { target: 'y' },
      { signal: new AbortController().signal, emit: () => {} },
    );
    const holdout = join(dir, 'holdout.csv');
    writeFileSync(
      holdout,
      ['row,actual,prediction', ...predicted.slice(0, 80).map((p, i) => `${i},${y[i]},${p}`)].join('\n'),
    );
    const held = await heldOutPredictionsOf(holdout, undefined);
    expect(held?.kind).toBe('numeric');
    // A million held-out predictions (a 4.8M-row file's fifth) still make a reference.
    const many = Array.from({ length: 1_000_000 }, (_, i) => String(i % 1000));
    expect(heldOutPredictions(many, undefined)).toMatchObject({ kind: 'numeric', mean: 499.5 });

    const { modelJson } = churnModel(profile, 0.5);
    const regression = { ...modelJson, task: 'regression' as const, target: 'y', classes: undefined, features: [] };
    const drift = (mj: ModelJson) => {
      const acc = new BatchAccumulator(trainingReference(mj));
      acc.inputs([], n);
      acc.predictions({ prediction: predicted });
      return predictionDrift(acc.finish(), DEFAULT_THRESHOLDS).level;
    };
    const base = { rows: n, columns: 2, profile };
    expect(drift({ ...regression, trainingData: base })).toBe('alert');
    expect(drift({ ...regression, trainingData: { ...base, predictions: held! } })).toBe('ok');
  });
});
