import type { AppEvent, EventPayloads, EventType } from '@shared/events';
import type { LeaderboardRow } from '@shared/project';
import { describe, expect, it } from 'vitest';
import { seriesPoints } from '../../lib/series';
import { emptyTraining, reduceTraining, reduceTrainingBatch, SERIES_CAP, seriesKey } from './reduce';

let seq = 0;
function ev<K extends EventType>(type: K, payload: EventPayloads[K], projectId = 'p1'): AppEvent {
  return { type, payload, projectId, runId: 'r', seq: ++seq, ts: 1000 + seq } as AppEvent;
}
const row = (modelId: string, rmse: number): LeaderboardRow => ({
  modelId,
  family: 'ridge',
  label: modelId,
  params: {},
  metrics: { rmse },
  fitSeconds: 1,
  status: 'done',
});

describe('reduceTraining', () => {
  it('starts fresh when TRAIN starts and never lets progress run backwards', () => {
    let s = reduceTraining(
      { ...emptyTraining('p1'), fraction: 0.9, rows: [row('old', 1)] },
      ev('STAGE_STATUS', { stage: 'TRAIN', status: 'running' }),
    );
    expect(s.running).toBe(true);
    expect(s.fraction).toBe(0);
    expect(s.rows).toEqual([]);
    s = reduceTraining(s, ev('TRAIN_PROGRESS', { fraction: 0.5, message: 'ridge', etaSeconds: 12 }));
    s = reduceTraining(s, ev('TRAIN_PROGRESS', { fraction: 0.3, message: 'late event' }));
    expect(s.fraction).toBe(0.5);
    expect(s.message).toBe('late event');
    s = reduceTraining(s, ev('STAGE_STATUS', { stage: 'TRAIN', status: 'done' }));
    expect(s).toMatchObject({ running: false, fraction: 1, etaSeconds: null });
  });

  it('starts a new download (DATA_SOURCE running) from zero progress', () => {
    const before = { ...emptyTraining('p1'), fraction: 0.7, message: 'Downloading a/b: 3.0 MB of 4.0 MB' };
    const s = reduceTraining(before, ev('STAGE_STATUS', { stage: 'DATA_SOURCE', status: 'running' }));
    expect(s).toMatchObject({ fraction: 0, message: '', running: false });
  });

  it('ignores events of other projects and of other stages', () => {
    const s = emptyTraining('p1');
    expect(reduceTraining(s, ev('TRAIN_PROGRESS', { fraction: 0.5, message: 'x' }, 'p2'))).toBe(s);
    expect(reduceTraining(s, ev('STAGE_STATUS', { stage: 'PROFILE_DATA', status: 'running' }))).toBe(s);
    expect(reduceTraining(emptyTraining(null), ev('TRAIN_PROGRESS', { fraction: 0.5, message: 'x' })).fraction).toBe(0);
  });

  it('upserts finished runs and takes the full leaderboard when it comes', () => {
    let s = emptyTraining('p1');
    s = reduceTraining(s, ev('TRAIN_RUN_FINISHED', { row: row('a', 3) }));
    s = reduceTraining(s, ev('TRAIN_RUN_FINISHED', { row: { ...row('a', 2.5) } }));
    s = reduceTraining(s, ev('TRAIN_RUN_FINISHED', { row: row('b', 4) }));
    expect(s.rows.map((r) => [r.modelId, r.metrics.rmse])).toEqual([
      ['a', 2.5],
      ['b', 4],
    ]);
    s = reduceTraining(s, ev('LEADERBOARD_UPDATED', { rows: [row('c', 1)], metric: 'rmse' }));
    expect(s.rows.map((r) => r.modelId)).toEqual(['c']);
    expect(s.metric).toBe('rmse');
  });

  it('keeps metric series capped however long the run, ending at the latest point', () => {
    const events = Array.from({ length: 5000 }, (_, i) =>
      ev('METRIC_SCALAR', { modelId: 'gbm', name: 'rmse', split: 'validation', step: i, value: 10 / (i + 1) }),
    );
    events.push(ev('METRIC_SCALAR', { modelId: 'gbm', name: 'rmse', split: 'validation', step: 5000, value: NaN }));
    const s = reduceTrainingBatch(emptyTraining('p1'), events);
    const series = s.series[seriesKey('gbm', 'rmse', 'validation')];
    expect(series.steps.length).toBeLessThanOrEqual(SERIES_CAP);
    expect(series.steps.length).toBeGreaterThan(SERIES_CAP / 2);
    expect(series.seen).toBe(5000);
    const pts = seriesPoints(series);
    expect(pts.steps[0]).toBe(0);
    expect(pts.steps[pts.steps.length - 1]).toBe(4999);
    for (let i = 1; i < pts.steps.length; i++) expect(pts.steps[i]).toBeGreaterThan(pts.steps[i - 1]);
  });
});
