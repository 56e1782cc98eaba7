import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KaggleResults } from './KaggleResults';

describe('KaggleResults (rendered)', () => {
  it('shows title, ref, size, date and votes, with one use button per result', () => {
    const hits = [
      {
        ref: 'owner/penguins',
        title: 'Penguins',
        totalBytes: 2_900,
        lastUpdated: '2024-03-02T10:00:00Z',
        voteCount: 1234,
      },
      { ref: 'x/y', title: 'Y', lastUpdated: 'not a date' },
    ];
    const html = renderToStaticMarkup(
      createElement(KaggleResults, { hits, query: 'p', disabled: false, onUse: () => undefined }),
    );
    expect(html).toContain('data-testid="kaggle-result-owner__penguins"');
    expect(html).toContain('data-testid="kaggle-use-x__y"');
    expect(html).toContain('2.8 KB');
    expect(html).toContain('updated 2024-03-02');
    expect(html).toContain('1,234 votes');
    expect(html).not.toContain('updated not');
  });

  it('says so when nothing matched', () => {
    const html = renderToStaticMarkup(
      createElement(KaggleResults, { hits: [], query: 'zzz', disabled: false, onUse: () => undefined }),
    );
    expect(html).toContain('No datasets match “zzz”');
  });
});
