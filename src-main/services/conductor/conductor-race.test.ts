import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '@shared/events';
import type { ProjectState } from '@shared/project';
import { STAGES } from '@shared/stages';
import { WorkerClient } from '../../workers/client';
import { memorySpawner } from '../../workers/memory-spawner';
import { trainerHandlers } from '../../workers/trainer-handlers';
import { ProjectStore } from '../store/project-store';
import { Conductor } from './conductor';
import { currentStage } from './stage-machine';

let dataDir: string;
let events: AppEvent[];

const makeConductor = () =>
  new Conductor({
    store: new ProjectStore(dataDir),
    jobs: new WorkerClient(memorySpawner(trainerHandlers)),
    emit: (e) => events.push(e),
    dataDir,
    appVersion: 'test',
  });

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'automl-race-'));
  events = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Readers that call get() back to back (as the renderer does after every STAGE_STATUS), until stopped. */
function hammer(readers: Array<Conductor>, id: string) {
  let stop = false;
  const seen: ProjectState[] = [];
  const loops = readers.map(async (c) => {
    while (!stop) {
      seen.push(await c.get(id));
      await new Promise((r) => setImmediate(r));
    }
  });
  return {
    seen,
    stop: async () => {
      stop = true;
      await Promise.all(loops);
    },
  };
}

describe('project:get while every stage of a real run finishes', () => {
  it('never downgrades a stage it did not run, so nothing is lost', async () => {
    const conductor = makeConductor();
    // A second conductor on the same data folder stands for another window reading the same project.
    const other = makeConductor();
    let s = await conductor.create('Housing', 'predict the price', { models: ['ridge'], budgetSeconds: 2 });
    await conductor.attachData(s.id, { kind: 'sample', id: 'boston-housing' });
    const readers = hammer([conductor, conductor, conductor, conductor, other, other], s.id);
    // Confirm every gate as soon as it waits, like the CLI, while the readers keep reading.
    for (;;) {
      s = await conductor.whenIdle(s.id);
      const stage = currentStage(s.stages);
      const failed = STAGES.find((st) => s.stages[st].status === 'failed');
      if (failed) break;
      if (!stage) break;
      if (s.stages[stage].status === 'waiting_confirmation') await conductor.confirm(s.id, stage);
      else if (stage === 'EXPORT') await conductor.exportZip(s.id, join(dataDir, 'out.zip'));
      else break;
    }
    await readers.stop();
    s = await conductor.get(s.id);
    for (const stage of STAGES) expect([stage, s.stages[stage].status]).toEqual([stage, 'done']);
    expect(s.profile?.rows).toBe(506);
    expect(s.training?.leaderboard.length).toBeGreaterThan(0);
    expect(s.export?.zipPath).toBe(join(dataDir, 'out.zip'));
    const failures = events.filter((e) => e.type === 'ERROR' || (e.type === 'STAGE_STATUS' && e.payload.error));
    expect(failures).toEqual([]);
    // The readers saw every stage running at some point and never a failure.
    expect(readers.seen.length).toBeGreaterThan(50);
    expect(readers.seen.flatMap((r) => STAGES.filter((st) => r.stages[st].status === 'failed'))).toEqual([]);
  });

  it('a stage left running by a process that is gone is shown failed with Retry', async () => {
    const conductor = makeConductor();
    const s = await conductor.create('Housing', 'predict the price');
    await conductor.whenIdle(s.id);
    const store = new ProjectStore(dataDir);
    const state = await store.load(s.id);
    // As a kill -9 in the middle of DATA_SOURCE leaves it: running, with no live claim.
    state.stages.PARSE_INTENT = { status: 'done' };
    state.stages.DATA_SOURCE = { status: 'running', startedAt: Date.now() };
    await store.save(state);
    const reopened = await makeConductor().get(s.id);
    expect(reopened.stages.DATA_SOURCE.status).toBe('failed');
    expect(reopened.stages.DATA_SOURCE.error?.message).toMatch(/interrupted.*Run it again/);
  });
});
