import { describe, expect, it } from 'vitest';
import type { AppEvent } from '@shared/events';
import { useJobProgressStore } from './store';

const stamp = { runId: 'r1', seq: 1, ts: 0 };

describe('useJobProgressStore', () => {
  it('keeps the latest progress per project (or run id outside a project) until the stage changes status', () => {
    const store = useJobProgressStore.getState();
    const progress = (projectId: string, fraction: number): AppEvent => ({
      ...stamp,
      projectId,
      type: 'JOB_PROGRESS',
      payload: { job: 'profile', fraction, message: 'Counting' },
    });
    store.onEvent(progress('p1', 0.2));
    store.onEvent(progress('p1', 0.4));
    store.onEvent(progress('', 0.7));
    expect(useJobProgressStore.getState().byKey.p1.fraction).toBe(0.4);
    expect(useJobProgressStore.getState().byKey.r1.fraction).toBe(0.7);
    store.onEvent({
      ...stamp,
      projectId: 'p1',
      type: 'STAGE_STATUS',
      payload: { stage: 'PROFILE_DATA', status: 'failed' },
    });
    expect(useJobProgressStore.getState().byKey.p1).toBeUndefined();
    store.forget('r1');
    expect(useJobProgressStore.getState().byKey).toEqual({});
  });
});
