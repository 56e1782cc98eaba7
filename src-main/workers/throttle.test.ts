import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '@shared/events';
import { createEventThrottle } from './throttle';

const job = (name: 'download' | 'ingest', fraction: number): EngineEvent => ({
  type: 'JOB_PROGRESS',
  payload: { job: name, fraction, message: `${name} ${fraction}` },
});

describe('createEventThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the latest JOB_PROGRESS per interval, and the last word of a job when the next one starts', () => {
    const sent: EngineEvent[] = [];
    const throttle = createEventThrottle<EngineEvent>((e) => sent.push(e), 100);
    throttle.push(job('download', 0.1));
    throttle.push(job('download', 0.5));
    throttle.push(job('download', 1));
    expect(sent).toEqual([]);
    throttle.push(job('ingest', 0.05));
    expect(sent).toEqual([job('download', 1)]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([job('download', 1), job('ingest', 0.05)]);
    // Any other event passes straight through, after the progress held back.
    throttle.push(job('ingest', 0.4));
    throttle.push({ type: 'REPORT_READY', payload: { path: 'r.html' } });
    expect(sent.slice(2).map((e) => e.type)).toEqual(['JOB_PROGRESS', 'REPORT_READY']);
  });
});
