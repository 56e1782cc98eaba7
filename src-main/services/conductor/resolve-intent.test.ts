import { describe, expect, it } from 'vitest';
import type { ColumnProfile, DataProfile, DatasetInfo } from '@shared/project';
import { resolveIntent } from './resolve-intent';

const col = (name: string, kind: ColumnProfile['kind'], extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
  name,
  kind,
  dbType: kind === 'numeric' ? 'DOUBLE' : 'VARCHAR',
  missing: 0,
  missingPct: 0,
  distinct: kind === 'text' ? 200 : 2,
  ...extra,
});

const reviews: DataProfile = {
  rows: 200,
  columns: [
    col('review', 'text'),
    col('sentiment', 'categorical', {
      topValues: [
        { value: 'positive', count: 120 },
        { value: 'negative', count: 80 },
      ],
    }),
    col('helpful_votes', 'numeric', { distinct: 40 }),
  ],
  duplicateRows: 0,
  correlations: [],
  warnings: [],
  elapsedMs: 1,
};
const dataset: DatasetInfo = {
  path: '/x.parquet',
  originalName: 'reviews.csv',
  format: 'csv',
  rows: 200,
  columns: reviews.columns.map((c) => ({ name: c.name, dbType: c.dbType })),
  sample: [],
  bytes: 1,
};

describe('resolveIntent', () => {
  it('sends labelled text to a classifier instead of the lexicon', () => {
    const intent = resolveIntent('how do reviewers feel? use the sentiment labels', undefined, {
      dataset,
      profile: reviews,
    });
    expect(intent.task).toBe('classification');
    expect(intent.target).toBe('sentiment');
    expect(intent.alternatives[0]).toMatchObject({ task: 'sentiment' });
  });

  it('keeps the lexicon when the person chose the sentiment task', () => {
    const intent = resolveIntent(
      'how do reviewers feel? use the sentiment labels',
      { task: 'sentiment' },
      { dataset, profile: reviews },
    );
    expect(intent.task).toBe('sentiment');
  });

  it('refuses a chosen column that does not exist, listing the real ones', () => {
    expect(() => resolveIntent('predict x', { target: 'stars' }, { dataset, profile: reviews })).toThrow(
      /Column 'stars' \(target\) not found\. Columns are: review, sentiment, helpful_votes/,
    );
  });
});
