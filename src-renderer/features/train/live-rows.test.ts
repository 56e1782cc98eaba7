import type { LeaderboardRow } from '@shared/project';
import { describe, expect, it } from 'vitest';
import { fmtMetric, paramsLine } from './Leaderboard';
import { rankRows, runLabel, withRunningRow } from './live-rows';

const row = (
  modelId: string,
  metrics: LeaderboardRow['metrics'],
  status: LeaderboardRow['status'] = 'done',
): LeaderboardRow => ({
  modelId,
  family: 'ridge',
  label: modelId,
  params: { alpha: 0.123456, solver: 'lbfgs' },
  metrics,
  fitSeconds: 1,
  status,
});

describe('leaderboard helpers', () => {
  it('ranks by the metric direction, unscored rows last', () => {
    const rows = [row('a', { rmse: 3, r2: 0.7 }), row('b', {}, 'failed'), row('c', { rmse: 2, r2: 0.8 })];
    expect(rankRows(rows, 'rmse').map((r) => r.modelId)).toEqual(['c', 'a', 'b']);
    expect(rankRows(rows, 'r2').map((r) => r.modelId)).toEqual(['c', 'a', 'b']);
    expect(rankRows(rows, null)).toBe(rows);
  });

  it('adds the model being trained as a running row, once', () => {
    const rows = [row('a', { rmse: 3 })];
    const live = withRunningRow(rows, true, 'gbm-2', 'gradient_boosting');
    expect(live.map((r) => [r.modelId, r.label, r.status])).toEqual([
      ['a', 'a', 'done'],
      ['gbm-2', 'Gradient-boosted trees', 'running'],
    ]);
    expect(withRunningRow(live, true, 'gbm-2', 'gradient_boosting')).toBe(live);
    expect(withRunningRow(rows, false, 'gbm-2', 'gradient_boosting')).toBe(rows);
    expect(runLabel('gbm-2', rows, { 'gbm-2': 'gradient_boosting' })).toBe('Gradient-boosted trees');
  });

  it('formats metrics and settings for the table', () => {
    expect(fmtMetric('accuracy', 0.9123)).toBe('91.2%');
    expect(fmtMetric('rmse', 3.2)).toBe('3.200');
    expect(fmtMetric('mse', 12345.6)).toBe('12,346');
    expect(fmtMetric('rmse', undefined)).toBe('–');
    expect(paramsLine(row('a', {}))).toBe('alpha 0.123 · solver lbfgs');
  });
});
