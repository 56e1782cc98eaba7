import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '@shared/events';
import { WorkerClient } from '../../workers/client';
import { memorySpawner } from '../../workers/memory-spawner';
import { trainerHandlers } from '../../workers/trainer-handlers';
import { ModelRegistry } from '../registry/model-registry';
import { ProjectStore } from '../store/project-store';
import { Conductor } from './conductor';

let dataDir: string;
/** Called with every event as it is emitted (the test cancels from here, at a chosen moment). */
let onEvent: (e: AppEvent) => void;
let conductor: Conductor;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'automl-cancel-'));
  onEvent = () => undefined;
  conductor = new Conductor({
    store: new ProjectStore(dataDir),
    jobs: new WorkerClient(memorySpawner(trainerHandlers)),
    emit: (e) => onEvent(e),
    dataDir,
    appVersion: 'test',
  });
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const isStatus = (e: AppEvent, stage: string, status: string) =>
  e.type === 'STAGE_STATUS' && e.payload.stage === stage && e.payload.status === status;

describe('cancel every long step', () => {
  it('training: cancel discards, stop-and-keep reviews the finished models; a cancelled export leaves nothing', async () => {
    let s = await conductor.create('Housing', 'predict the price');
    await conductor.attachData(s.id, { kind: 'sample', id: 'boston-housing' });
    for (const stage of ['DATA_SOURCE', 'PROFILE_DATA', 'PREPROCESS'] as const) {
      await conductor.whenIdle(s.id);
      await conductor.confirm(s.id, stage);
    }
    await conductor.whenIdle(s.id);
    await conductor.confirm(s.id, 'MODEL_SELECT', { models: ['ridge', 'gradient_boosting'], budgetSeconds: 30 });
    await conductor.whenIdle(s.id);

    // A plain cancel once the first model is in: TRAIN fails as cancelled, nothing is kept.
    onEvent = (e) => {
      if (e.type === 'TRAIN_RUN_FINISHED') conductor.cancel(s.id);
    };
    await conductor.confirm(s.id, 'MODEL_SELECT');
    s = await conductor.whenIdle(s.id);
    expect(s.stages.TRAIN.status).toBe('failed');
    expect(s.stages.TRAIN.error?.code).toBe('cancelled');
    expect(s.training).toBeUndefined();

    // Resumed, then "stop and keep the best so far": the finished models go on to Review, marked as stopped early.
    let finished = 0;
    onEvent = (e) => {
      if (e.type === 'TRAIN_RUN_FINISHED' && ++finished === 2) conductor.cancel(s.id, true);
    };
    await conductor.confirm(s.id, 'TRAIN');
    s = await conductor.whenIdle(s.id);
    expect(s.stages.TRAIN.status).toBe('done');
    expect(s.stages.REVIEW_EDIT.status).toBe('waiting_confirmation');
    expect(s.training?.cancelled).toBe(true);
    expect(s.training!.elapsedSeconds).toBeLessThan(30);
    const done = s.training!.leaderboard.filter((r) => r.status === 'done');
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.map((r) => r.modelId)).toContain(s.chosenModelId);

    // An export cancelled as it starts: no zip, no temporary file beside it, no registry version.
    const zipPath = join(dataDir, 'out', 'bundle.zip');
    onEvent = (e) => {
      if (isStatus(e, 'EXPORT', 'running')) conductor.cancel(s.id);
    };
    await expect(conductor.exportZip(s.id, zipPath)).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(zipPath)).toBe(false);
    expect(existsSync(join(dataDir, 'out')) ? readdirSync(join(dataDir, 'out')) : []).toEqual([]);
    expect(await new ModelRegistry(dataDir).list()).toEqual([]);

    // And again without cancelling: the zip and version 1.
    onEvent = () => undefined;
    const info = await conductor.exportZip(s.id, zipPath);
    expect(existsSync(zipPath)).toBe(true);
    expect(info.version).toBe(1);
  }, 120_000);
});
