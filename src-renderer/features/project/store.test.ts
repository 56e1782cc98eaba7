import type { Api, Channel, Req } from '@shared/channels';
import type { AppEvent } from '@shared/events';
import type { ProjectState } from '@shared/project';
import { STAGES, type StageId, type StageStatus } from '@shared/stages';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useProjectStore } from './store';

function project(statuses: Partial<Record<StageId, StageStatus>>): ProjectState {
  const stages = Object.fromEntries(
    STAGES.map((s) => [s, { status: statuses[s] ?? 'pending' }]),
  ) as ProjectState['stages'];
  return { id: 'p1', name: 'P', createdAt: 0, updatedAt: 0, goal: 'g', stages };
}

/** A fake bridge: records calls, answers from a handler the test sets. */
function fakeApi(answer: (channel: Channel, req: unknown) => unknown) {
  const calls: Array<{ channel: Channel; req: unknown }> = [];
  const api: Api = {
    host: 'node',
    invoke: (async (channel: Channel, req: Req<Channel>) => {
      calls.push({ channel, req });
      const value = answer(channel, req);
      return value instanceof Error
        ? { ok: false, error: { name: 'Error', code: 'stage-order', message: value.message } }
        : { ok: true, value };
    }) as Api['invoke'],
    onEvent: () => () => undefined,
    onCommand: () => () => undefined,
    fileRefFor: async () => null,
  };
  return { api, calls };
}

describe('project store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    useProjectStore.setState({ project: null, busy: null, error: null, autoConfirm: null });
    delete (globalThis as { window?: unknown }).window;
  });

  it('applying plan edits re-runs the stage, then confirms it again once it waits (one click for the person)', async () => {
    let server = project({
      PARSE_INTENT: 'done',
      DATA_SOURCE: 'done',
      PROFILE_DATA: 'done',
      PREPROCESS: 'waiting_confirmation',
    });
    const { api, calls } = fakeApi((channel, req) => {
      if (channel === 'stage:confirm') {
        const edits = (req as { edits?: unknown }).edits;
        // With edits the conductor re-plans (running); without, the stage is done.
        server = project({
          ...Object.fromEntries(STAGES.slice(0, 3).map((s) => [s, 'done'])),
          PREPROCESS: edits ? 'running' : 'done',
        });
      }
      return server;
    });
    (globalThis as { window?: unknown }).window = { api };
    useProjectStore.setState({ project: server });

    await useProjectStore.getState().confirm('PREPROCESS', { drop: ['id'] }, { thenContinue: true });
    expect(useProjectStore.getState().autoConfirm).toBe('PREPROCESS');
    // The re-plan finishes on the engine side; the status event triggers a refetch.
    server = project({
      PARSE_INTENT: 'done',
      DATA_SOURCE: 'done',
      PROFILE_DATA: 'done',
      PREPROCESS: 'waiting_confirmation',
    });
    useProjectStore.getState().onEvent({
      type: 'STAGE_STATUS',
      projectId: 'p1',
      runId: 'r',
      seq: 1,
      ts: 1,
      payload: { stage: 'PREPROCESS', status: 'waiting_confirmation' },
    } as AppEvent);
    await vi.runAllTimersAsync();
    const confirms = calls
      .filter((c) => c.channel === 'stage:confirm')
      .map((c) => (c.req as { edits?: unknown }).edits);
    expect(confirms).toEqual([{ drop: ['id'] }, undefined]);
    expect(useProjectStore.getState().autoConfirm).toBeNull();
    expect(useProjectStore.getState().project?.stages.PREPROCESS.status).toBe('done');
  });

  it('keeps a failed request as an error without losing the project', async () => {
    const { api } = fakeApi((channel) =>
      channel === 'stage:back' ? new Error('Training is still running. Cancel it before going back.') : project({}),
    );
    (globalThis as { window?: unknown }).window = { api };
    const p = project({ PARSE_INTENT: 'done' });
    useProjectStore.setState({ project: p });
    await useProjectStore.getState().back('PARSE_INTENT');
    expect(useProjectStore.getState().error?.message).toContain('Cancel it');
    expect(useProjectStore.getState().project).toBe(p);
    expect(useProjectStore.getState().busy).toBeNull();
  });

  it('reports a missing bridge as an error a person can act on', async () => {
    const state = await useProjectStore.getState().create('predict price');
    expect(state).toBeNull();
    expect(useProjectStore.getState().error?.message).toMatch(/Restart the app/);
  });
});
