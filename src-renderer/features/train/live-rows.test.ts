import type { LeaderboardRow } from '@shared/project';
import { describe, expect, it } from 'vitest';
import { fmtMetric, paramsLine } from './Leaderboard';
import { withRunningRow } from './live-rows';

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
  it('adds the model being trained as a running row, once', () => {
    const rows = [row('a', { rmse: 3 })];
    const live = withRunningRow(rows, true, 'gbm-2', 'gradient_boosting');
    expect(live.map((r) => [r.modelId, r.label, r.status])).toEqual([
      ['a', 'a', 'done'],
      ['gbm-2', 'Gradient-boosted trees', 'running'],
    ]);
    expect(withRunningRow(live, true, 'gbm-2', 'gradient_boosting')).toBe(live);
    expect(withRunningRow(rows, false, 'gbm-2', 'gradient_boosting')).toBe(rows);
  });

  it('formats metrics and settings for the table', () => {
    expect(fmtMetric('accuracy', 0.9123)).toBe('91.2%');
    expect(fmtMetric('rmse', 3.2)).toBe('3.200');
    expect(fmtMetric('mse', 12345.6)).toBe('12,346');
    expect(fmtMetric('rmse', undefined)).toBe('–');
    expect(paramsLine(row('a', {}))).toBe('alpha 0.123 · solver lbfgs');
  });
});
