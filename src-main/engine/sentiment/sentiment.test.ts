import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../analytics/csv-out';
import { tempDir, testContext } from '../forecast/test-helpers';
import { runSentiment } from './run-sentiment';
import { scoreText } from './vader';

describe('VADER scorer', () => {
  it('labels clear sentences', () => {
    expect(scoreText('I love this product, it is wonderful!').label).toBe('positive');
    expect(scoreText('This is the worst purchase I have ever made. Terrible.').label).toBe('negative');
    expect(scoreText('The package arrived on Tuesday.').label).toBe('neutral');
  });

  it('handles capitalised negation like the Python original', () => {
    expect(scoreText('Not bad at all').compound).toBeCloseTo(0.431, 3);
    expect(scoreText('It is NOT good').label).toBe('negative');
  });
});

describe('runSentiment', () => {
  it('scores each row, counts labels and writes sentiment.csv', async () => {
    const dir = tempDir('automl-sent-');
    const reviews = [
      ['Absolutely fantastic, I love it!', 5],
      ['Great quality and fast delivery.', 5],
      ['Horrible. It broke after one day and support was useless.', 1],
      ['I hate it, total waste of money.', 1],
      ['It is a phone case.', 3],
      [null, 3],
    ];
    const path = await writeCsv(join(dir, 'reviews.csv'), ['review', 'stars'], reviews);
    const { ctx } = testContext();
    const res = await runSentiment({ dataPath: path, textColumn: 'review', artifactDir: dir }, ctx);
    expect(res.details.counts).toEqual({ positive: 2, neutral: 1, negative: 2 });
    expect(res.details.empty).toBe(1);
    expect(res.details.labelColumnHint).toBe('stars');
    expect(res.details.examples.negative[0].row).toBeGreaterThanOrEqual(2);
    const csv = readFileSync(join(dir, 'sentiment.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('row,compound,label,pos,neu,neg');
    expect(csv[1].split(',')[2]).toBe('positive');
    expect(csv[3].split(',')[2]).toBe('negative');
    expect(csv[6]).toBe('5,,,,,');
  });

  it('refuses a numeric column', async () => {
    const dir = tempDir('automl-sent-');
    const path = await writeCsv(join(dir, 'n.csv'), ['stars'], [[1], [2]]);
    await expect(
      runSentiment({ dataPath: path, textColumn: 'stars', artifactDir: dir }, testContext().ctx),
    ).rejects.toThrow(/not text/);
  });
});
