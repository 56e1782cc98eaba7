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

  it('sends a new training step at once (no timer needed), and keeps only the latest report of one step', () => {
    const sent: EngineEvent[] = [];
    const throttle = createEventThrottle<EngineEvent>((e) => sent.push(e), 100);
    const progress = (message: string, modelId: string, fraction: number): EngineEvent => ({
      type: 'TRAIN_PROGRESS',
      payload: { fraction, message, modelId, family: 'ridge' },
    });
    throttle.push(progress('Training Linear regression', 'linear-3', 0.1));
    throttle.push(progress('Training Linear regression', 'linear-3', 0.12));
    throttle.push(progress('Training Linear regression', 'linear-3', 0.13));
    // No timer has fired (a synchronous fit holds the event loop): the next model's step is on screen all the same.
    throttle.push(progress('Training Gradient-boosted trees', 'gradient_boosting-4', 0.14));
    expect(sent.map((e) => (e.type === 'TRAIN_PROGRESS' ? [e.payload.message, e.payload.fraction] : e.type))).toEqual([
      ['Training Linear regression', 0.1],
      ['Training Linear regression', 0.13],
      ['Training Gradient-boosted trees', 0.14],
    ]);
    throttle.push(progress('Training Gradient-boosted trees', 'gradient_boosting-4', 0.2));
    throttle.push(progress('Training Gradient-boosted trees', 'gradient_boosting-4', 0.3));
    expect(sent).toHaveLength(3);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(4);
  });

  it('sends the latest leaderboard at most once per second and at the end, every finished row at once', () => {
    const sent: EngineEvent[] = [];
    const throttle = createEventThrottle<EngineEvent>((e) => sent.push(e), 100, 1000);
    const row = (i: number) => ({
      modelId: `ridge-${i}`,
      family: 'ridge' as const,
      label: 'Ridge',
      params: {},
      metrics: { rmse: i },
      fitSeconds: 0,
      status: 'done' as const,
    });
    const board = (n: number): EngineEvent => ({
      type: 'LEADERBOARD_UPDATED',
      payload: { rows: Array.from({ length: n }, (_, i) => row(i)), metric: 'rmse' },
    });
    for (let i = 1; i <= 50; i++) {
      throttle.push({ type: 'TRAIN_RUN_FINISHED', payload: { row: row(i) } });
      throttle.push(board(i));
      vi.advanceTimersByTime(30);
    }
    // 50 rows in 1.5 s: every row, the first board at once and the latest at 1 s (the 34th) only.
    expect(sent.filter((e) => e.type === 'TRAIN_RUN_FINISHED')).toHaveLength(50);
    const boards = sent.filter((e) => e.type === 'LEADERBOARD_UPDATED');
    expect(boards.map((e) => (e.type === 'LEADERBOARD_UPDATED' ? e.payload.rows.length : 0))).toEqual([1, 34]);
    throttle.flush();
    const last = sent[sent.length - 1];
    expect(last.type === 'LEADERBOARD_UPDATED' && last.payload.rows.length).toBe(50);
    vi.advanceTimersByTime(5000);
    expect(sent.filter((e) => e.type === 'LEADERBOARD_UPDATED')).toHaveLength(3);
  });
});
