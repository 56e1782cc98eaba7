import type { LeaderboardRow } from '@shared/project';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorPanel } from '../../components/ErrorPanel';
import { fitTime, Leaderboard } from './Leaderboard';

const row = (i: number, status: LeaderboardRow['status'] = 'done'): LeaderboardRow => ({
  modelId: `m${i}`,
  family: 'ridge',
  label: `Model ${i}`,
  params: { alpha: i },
  metrics: status === 'done' ? { rmse: 10 - i * 0.1 } : {},
  fitSeconds: 1,
  status,
});

describe('fit time', () => {
  it('is a dash for a model skipped before it fitted, a time otherwise', () => {
    expect(fitTime({ ...row(1, 'failed'), fitSeconds: 0 })).toBe('–');
    expect(fitTime({ ...row(1, 'failed'), fitSeconds: 2 })).toBe('2.0 s');
    expect(fitTime({ ...row(1), fitSeconds: 0 })).toBe('0.0 s');
    expect(fitTime(row(1, 'running'))).toBe('…');
  });
});

describe('Leaderboard (rendered)', () => {
  it('shows the best run of each family, folds the rest, and keeps the chosen, running and failed rows', () => {
    const failed = { ...row(50, 'failed'), family: 'mlp' as const, label: 'Neural network', error: 'Out of time' };
    const forest = { ...row(60), family: 'random_forest' as const, label: 'Random forest', metrics: { rmse: 9.5 } };
    const rows = [...Array.from({ length: 30 }, (_, i) => row(i)), forest, failed, row(99, 'running')];
    const html = renderToStaticMarkup(
      createElement(Leaderboard, { rows, metric: 'rmse', selectedId: 'm0', onSelect: () => undefined, unit: 'price' }),
    );
    const ids = [...html.matchAll(/data-testid="leaderboard-row-(m\d+)"/g)].map((m) => m[1]);
    // Ridge (best 7.1) leads with its best, the chosen m0 and the running one; then the forest; then the failed MLP.
    expect(ids).toEqual(['m29', 'm0', 'm99', 'm60', 'm50']);
    expect(html).toContain('28 more Ridge regression runs');
    expect(html).toContain('Show all 33 runs');
    expect(html).toContain('RMSE (price)');
    expect(html).toContain('Out of time');
    expect(html).toContain('Model 29');
    expect(html).toMatch(/<tr class="is-best[^"]*" data-testid="leaderboard-row-m29"/);
  });
});

describe('ErrorPanel (rendered)', () => {
  it('says what happened and what to do next; a cancel is a notice', () => {
    const failed = renderToStaticMarkup(
      createElement(ErrorPanel, { error: { name: 'E', code: 'dataset-invalid', message: 'Line 3 has 4 fields.' } }),
    );
    expect(failed).toContain('Line 3 has 4 fields.');
    expect(failed).toContain('Fix the file as the message says, then import it again.');
    expect(failed).not.toContain('is-notice');
    const cancelled = renderToStaticMarkup(
      createElement(ErrorPanel, { error: { name: 'E', code: 'cancelled', message: 'Cancelled.' } }),
    );
    expect(cancelled).toContain('is-notice');
  });
});
