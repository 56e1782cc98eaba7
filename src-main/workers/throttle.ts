import type { EngineEvent } from '@shared/events';

/**
 * The one throttle of the event stream (engine code reports every step through engine/util/progress.ts and does not
 * throttle): keeps chatty event streams near one message per `intervalMs`:
 * TRAIN_PROGRESS keeps only the latest (progress never runs backwards: a lower fraction is raised), and so does
 * JOB_PROGRESS per job (its reporter already keeps the fraction from running backwards; a new job flushes the last),
 * METRIC_SCALAR points are buffered and flushed together; every other event flushes the buffer first
 * and passes straight through, so boundaries always arrive in order.
 */
export function createEventThrottle<E extends EngineEvent>(send: (event: E) => void, intervalMs = 100) {
  let pendingProgress: E | null = null;
  let pendingJob: E | null = null;
  let scalars: E[] = [];
  let lastFraction = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const s of scalars) send(s);
    scalars = [];
    if (pendingProgress) send(pendingProgress);
    pendingProgress = null;
    if (pendingJob) send(pendingJob);
    pendingJob = null;
  };
  const schedule = () => {
    if (!timer) timer = setTimeout(flush, intervalMs);
  };

  return {
    push(event: E) {
      if (event.type === 'TRAIN_PROGRESS') {
        const fraction = Math.min(1, Math.max(lastFraction, event.payload.fraction));
        lastFraction = fraction;
        pendingProgress = { ...event, payload: { ...event.payload, fraction } };
        schedule();
      } else if (event.type === 'JOB_PROGRESS') {
        if (pendingJob?.type === 'JOB_PROGRESS' && pendingJob.payload.job !== event.payload.job) flush();
        pendingJob = event;
        schedule();
      } else if (event.type === 'METRIC_SCALAR') {
        scalars.push(event);
        // Bound memory if the engine floods faster than we flush.
        if (scalars.length > 2000) scalars = scalars.filter((_, i) => i % 2 === 0);
        schedule();
      } else {
        flush();
        send(event);
      }
    },
    flush,
  };
}
