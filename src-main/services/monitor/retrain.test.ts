import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../registry/model-registry';
import { readExplainer } from '../../engine/explain/explainer-file';
import { tabularModelJson } from '../../engine/artifacts/model-json';
import { MonitorService } from './monitor-service';
import { WorkerClient } from '../../workers/client';
import type { TrainerJobs, TrainerMethods } from '../../workers/trainer-methods';
import type { RequestOptions } from '../../workers/protocol';
import { memorySpawner } from '../../workers/memory-spawner';
import { trainerHandlers } from '../../workers/trainer-handlers';
import { buildModelJson } from '../../engine/pipeline/model-json';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { churnPipeline, churnRows, profileOf, writeChurnCsv } from '../../engine/monitor/fixtures/churn';

let dir = '';
/** The trainer worker, in-process. */
const jobs = new WorkerClient(memorySpawner(trainerHandlers));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monitor-retrain-'));
  const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(2000, 1));
  const profile = await profileOf(train, dir, 'churned');
  // A bad champion: the true model with every sign flipped (it predicts churn for the loyal customers).
  const bad = churnPipeline();
  if (bad.model.family === 'logistic') {
    bad.model.coef = bad.model.coef.map((r) => r.map((v) => -v));
    bad.model.intercept = bad.model.intercept.map((v) => -v);
  }
  const modelJson = buildModelJson({
    appVersion: '0.1.0',
    task: 'classification',
    pipeline: bad,
    family: 'logistic',
    metrics: { primary: 'accuracy', test: { accuracy: 0.3 } },
    trainingData: { rows: profile.rows, columns: profile.columns.length, profile },
    trainingSeconds: 1,
  });
  await new ModelRegistry(dir).save({ modelId: 'churn', modelJson, onnx: pipelineToOnnx(bad) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('champion vs challenger', () => {
  it('promotes a better challenger, keeps a worse one as a candidate, and rolls back', async () => {
    const service = new MonitorService(dir);
    await service.update('churn', { promoteMarginPct: 5 });
    const better = writeChurnCsv(join(dir, 'new-1.csv'), churnRows(1000, 21));
    const first = await service.retrain(jobs, 'churn', better, 'replace', '0.1.0', 3);
    expect(first.result.promoted).toBe(true);
    expect(first.result.windowRows).toBe(200);
    expect(first.result.challenger.window!).toBeGreaterThan(first.result.champion.window! + 0.1);
    expect(first.state.activeVersion).toBe(2);
    expect(first.state.history.at(-1)).toMatchObject({ kind: 'promote', version: 2, from: 1 });
    // The challenger keeps its explanations, checked against its own inputs, so its predictions can be explained.
    const v2 = await new ModelRegistry(dir).resolve('churn', 2);
    const explainer = await readExplainer(
      v2.dir,
      tabularModelJson(v2.modelJson).features.map((f) => f.name),
    );
    // Drawn from the challenger's training rows: an exact explainer summarises them all (over 500); one explained by
    // sampling keeps 50 usable rows of 63 seeded candidates (a quarter more, engine/explain/background.ts).
    const bg = explainer.background;
    expect(bg.rows).toBeGreaterThan(bg.sample ? 62 : 500);
    if (bg.sample) expect(bg.sample.rows).toBeGreaterThan(10);
    // Its held-out predictions are the reference prediction drift is measured against (as an export records them).
    const reference = tabularModelJson(v2.modelJson).trainingData.predictions;
    expect(reference?.kind).toBe('classes');
    const counts = reference?.kind === 'classes' ? reference.counts : [];
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);

    // Trained on rows whose labels are coin flips, judged on 200 newest rows with true labels: worse than v2.
    const worse = writeChurnCsv(join(dir, 'new-2.csv'), [
      ...churnRows(800, 31, { flip: 0.5 }),
      ...churnRows(200, 32, { idFrom: 800 }),
    ]);
    const second = await service.retrain(jobs, 'churn', worse, 'replace', '0.1.0', 3);
    expect(second.result.promoted).toBe(false);
    expect(second.result.reason).toMatch(/kept as a candidate, v2 stays active/);
    expect(second.state.activeVersion).toBe(2);
    expect((await new ModelRegistry(dir).list())[0].versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(second.state.challenges).toHaveLength(2);

    const back = await service.rollback('churn', undefined, 'test');
    expect(back.activeVersion).toBe(1);
    expect(back.history.at(-1)).toMatchObject({ kind: 'rollback', version: 1, from: 2, reason: 'test' });
  });

  it('a cancelled retrain registers nothing and leaves the active version and its log as they were', async () => {
    const service = new MonitorService(dir);
    const before = await service.state('churn');
    const versions = (await new ModelRegistry(dir).list())[0].versions.map((v) => v.version);
    const stop = new AbortController();
    let events = 0;
    // The person presses Cancel once training has started (its first event), not at a time that depends on load.
    const trainer: TrainerJobs = jobs;
    const cancelling: TrainerJobs = {
      request: <K extends keyof TrainerMethods & string>(
        method: K,
        input: TrainerMethods[K]['input'],
        options?: RequestOptions<TrainerMethods[K]['event']>,
      ) =>
        trainer.request(method, input, {
          ...options,
          onEvent: () => {
            events++;
            stop.abort();
          },
        }),
    };
    const data = writeChurnCsv(join(dir, 'new-3.csv'), churnRows(1000, 41));
    await expect(service.retrain(cancelling, 'churn', data, 'replace', '0.1.0', 30, stop.signal)).rejects.toMatchObject(
      { code: 'cancelled' },
    );
    expect(events).toBeGreaterThan(0);
    expect((await new ModelRegistry(dir).list())[0].versions.map((v) => v.version)).toEqual(versions);
    const after = await service.state('churn');
    expect(after.activeVersion).toBe(before.activeVersion);
    expect(after.challenges).toHaveLength(before.challenges.length);
    expect(after.history).toHaveLength(before.history.length);
    // Its scratch folder went with it.
    expect(readdirSync(join(dir, 'scratch')).filter((f) => f.startsWith('retrain-'))).toEqual([]);
  });
});
