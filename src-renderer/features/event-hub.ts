import type { AppEvent } from '@shared/events';
import { getApi } from '../lib/api';
import { useProjectStore } from './project/store';
import { useTrainingStore } from './training/store';
import { useJobProgressStore } from './jobs/store';

/**
 * The one subscription to the engine's event stream, set up when this module is first imported
 * (main.tsx, after the bridge is installed). It routes events to the feature stores; chatty
 * training events are batched into one store update per animation frame so a fast run cannot
 * flood React with renders.
 */
let queue: AppEvent[] = [];
let scheduled = false;

const nextFrame: (fn: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (fn) => requestAnimationFrame(() => fn()) : (fn) => setTimeout(fn, 16);

function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  if (batch.length) useTrainingStore.getState().onEvents(batch);
}

export function routeEvent(event: AppEvent): void {
  useProjectStore.getState().onEvent(event);
  if (event.type === 'JOB_PROGRESS' || event.type === 'STAGE_STATUS') useJobProgressStore.getState().onEvent(event);
  if (event.type === 'JOB_PROGRESS') return;
  if (event.type === 'METRIC_SCALAR' || event.type === 'TRAIN_PROGRESS') {
    queue.push(event);
    if (!scheduled) {
      scheduled = true;
      nextFrame(flush);
    }
    return;
  }
  // Boundaries (status, leaderboard) keep their order relative to the queued points.
  queue.push(event);
  flush();
}

const api = getApi();
export const unsubscribeEvents = api ? api.onEvent(routeEvent) : () => undefined;
