import { describe, expect, it } from 'vitest';
import { errorSegments, type MatchedRow } from './evaluate';

describe('errorSegments', () => {
  it('finds where a model errs among 300k outcomes (grouping rows by a push each, not a copy each)', () => {
    // Every row copied its group once (quadratic): 300k outcomes took minutes. The model is wrong when x >= 75 or on 'b'.
    const features = ['x', 'shop'];
    const rows: MatchedRow[] = Array.from({ length: 300_000 }, (_, i) => {
      const x = i % 100;
      const shop = ['a', 'b', 'c'][i % 3];
      const wrong = x >= 75 || shop === 'b';
      return {
        batchId: 'b1',
        version: 1,
        at: 0,
        prediction: wrong ? 'no' : 'yes',
        proba: null,
        outcome: 'yes',
        inputs: [String(x), shop],
        features,
        classes: ['no', 'yes'],
      };
    });
    const segments = errorSegments('classification', rows);
    const top = segments.find((s) => s.feature === 'x');
    expect(top).toMatchObject({ segment: '> 74', n: 75_000, error: 1 });
    expect(segments.find((s) => s.feature === 'shop')).toMatchObject({ segment: 'b', n: 100_000, error: 1 });
    expect(segments.reduce((n, s) => n + (s.feature === 'x' ? s.n : 0), 0)).toBe(75_000);
  });
});
