import { describe, expect, it } from 'vitest';
import type { LeaderboardRow } from './project';
import { familyGroups, rankRows, runNames } from './leaderboard';

const row = (id: string, family: string, label: string, rmse?: number): LeaderboardRow => ({
  modelId: id,
  family: family as LeaderboardRow['family'],
  label,
  params: {},
  metrics: rmse === undefined ? {} : { rmse },
  fitSeconds: 1,
  status: rmse === undefined ? 'failed' : 'done',
});

describe('one reading of the leaderboard', () => {
  const rows = [
    row('a', 'gradient_boosting', 'Gradient-boosted trees', 3.7),
    row('b', 'random_forest', 'Random forest', 3.6),
    row('c', 'gradient_boosting', 'Gradient-boosted trees', 3.5),
    row('d', 'mlp', 'Neural network', undefined),
    row('e', 'gradient_boosting', 'Gradient-boosted trees', 4.1),
  ];

  it('ranks best first with unscored runs last, and keeps descriptive metrics in engine order', () => {
    expect(rankRows(rows, 'rmse').map((r) => r.modelId)).toEqual(['c', 'b', 'a', 'e', 'd']);
    expect(rankRows(rows, 'anomaly_rate').map((r) => r.modelId)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('names runs of one family by the order they started, so names never change as the ranking does', () => {
    const names = runNames(rows);
    expect([...names.values()]).toEqual([
      'Gradient-boosted trees 1',
      'Random forest',
      'Gradient-boosted trees 2',
      'Neural network',
      'Gradient-boosted trees 3',
    ]);
    expect(runNames([...rows, row('f', 'random_forest', 'Random forest', 3.9)]).get('c')).toBe(
      'Gradient-boosted trees 2',
    );
  });

  it('groups by family, the family with the best run first', () => {
    expect(familyGroups(rows, 'rmse').map((g) => [g.family, g.rows.map((r) => r.modelId)])).toEqual([
      ['gradient_boosting', ['c', 'a', 'e']],
      ['random_forest', ['b']],
      ['mlp', ['d']],
    ]);
  });
});
