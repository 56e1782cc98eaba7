import type { LeaderboardRow } from '@shared/project';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Leaderboard } from './Leaderboard';

const row = (i: number, status: LeaderboardRow['status'] = 'done'): LeaderboardRow => ({
  modelId: `m${i}`,
  family: 'ridge',
  label: `Model ${i}`,
  params: { alpha: i },
  metrics: status === 'done' ? { rmse: 10 - i * 0.1 } : {},
  fitSeconds: 1,
  status,
});

describe('Leaderboard (rendered)', () => {
  it('shows the best 10 of many runs ranked, keeps the chosen and running rows, and offers "show all"', () => {
    const rows = [...Array.from({ length: 30 }, (_, i) => row(i)), row(99, 'running')];
    const html = renderToStaticMarkup(
      createElement(Leaderboard, { rows, metric: 'rmse', selectedId: 'm0', onSelect: () => undefined }),
    );
    const ids = [...html.matchAll(/data-testid="leaderboard-row-(m\d+)"/g)].map((m) => m[1]);
    expect(ids.slice(0, 3)).toEqual(['m29', 'm28', 'm27']);
    expect(ids).toContain('m0');
    expect(ids).toContain('m99');
    expect(ids).toHaveLength(12);
    expect(html).toContain('Show all 31 runs');
    expect(html).toMatch(/<tr class="is-best[^"]*" data-testid="leaderboard-row-m29"/);
  });
});

describe('ErrorPanel (rendered)', () => {
  it('says what happened and what to do next; a cancel is a notice', () => {
    const failed = renderToStaticMarkup(
      createElement(ErrorPanel, { error: { name: 'E', code: 'dataset-invalid', message: 'Line 3 has 4 fields.' } }),
    );
    expect(failed).toContain('Line 3 has 4 fields.');
    expect(failed).toContain('skip them and continue');
    expect(failed).not.toContain('is-notice');
    const cancelled = renderToStaticMarkup(
      createElement(ErrorPanel, { error: { name: 'E', code: 'cancelled', message: 'Cancelled.' } }),
    );
    expect(cancelled).toContain('is-notice');
  });
});
