import type { AppEvent } from '@shared/events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { routeEvent } from './event-hub';
import { useTrainingStore } from './training/store';

let seq = 0;
const ev = (e: Pick<AppEvent, 'type' | 'payload'>) =>
  ({ projectId: 'p1', runId: 'r', seq: ++seq, ts: seq, ...e }) as AppEvent;

describe('event hub', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useTrainingStore.getState().follow('p1');
  });
  afterEach(() => {
    vi.useRealTimers();
    useTrainingStore.getState().follow(null);
  });

  it('batches chatty training events into one store update per frame, boundaries flush at once and in order', () => {
    const updates: number[] = [];
    const unsub = useTrainingStore.subscribe((s) => updates.push(s.fraction));
    routeEvent(ev({ type: 'STAGE_STATUS', payload: { stage: 'TRAIN', status: 'running' } }));
    expect(useTrainingStore.getState().running).toBe(true);
    for (let i = 1; i <= 50; i++) {
      routeEvent(
        ev({
          type: 'METRIC_SCALAR',
          payload: { modelId: 'm', name: 'loss', split: 'validation', step: i, value: 1 / i },
        }),
      );
      routeEvent(ev({ type: 'TRAIN_PROGRESS', payload: { fraction: i / 100, message: `step ${i}` } }));
    }
    const before = updates.length;
    expect(useTrainingStore.getState().fraction).toBe(0);
    vi.advanceTimersByTime(20);
    expect(updates.length).toBe(before + 1);
    expect(useTrainingStore.getState().fraction).toBe(0.5);
    expect(useTrainingStore.getState().series['m\u0000loss\u0000validation'].seen).toBe(50);
    // A status event right after queued points applies them first, then itself.
    routeEvent(ev({ type: 'TRAIN_PROGRESS', payload: { fraction: 0.7, message: 'late' } }));
    routeEvent(ev({ type: 'STAGE_STATUS', payload: { stage: 'TRAIN', status: 'done' } }));
    expect(useTrainingStore.getState()).toMatchObject({ running: false, fraction: 1 });
    unsub();
  });
});
