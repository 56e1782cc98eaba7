import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '@shared/monitor';
import { ingestFile } from '../ingest/ingest-file';
import { profileDataset } from '../profile/profile-dataset';
import { BatchAccumulator } from './batch-accumulator';
import { featureDrift } from './drift';
import { featureReference } from './reference';

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
