import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnProfile, DataProfile, DatasetInfo } from '@shared/project';
import { ingestFile } from '../../engine/ingest/ingest-file';
import { resolveIntent } from './resolve-intent';
import { profileAsWritten } from '@shared/column-names';

const work = mkdtempSync(join(tmpdir(), 'resolve-intent-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

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

  // Found on AER's DJIA8012 written as date,value: before the profile, "the next 20 trading days" matched the column
  // `date`, and the Data step offered to forecast the dates themselves (81% sure).
  it('never forecasts the date column itself before the profile', () => {
    const djia: DatasetInfo = {
      ...dataset,
      originalName: 'djia.csv',
      columns: [
        { name: 'date', dbType: 'DATE' },
        { name: 'value', dbType: 'DOUBLE' },
      ],
    };
    const intent = resolveIntent('forecast the index for the next 20 trading days', undefined, { dataset: djia });
    expect(intent.task).toBe('forecast');
    expect(intent.date).toBe('date');
    expect(intent.target).not.toBe('date');
    expect(intent.missingColumn?.suggestions).toEqual(['value']);
    const byName = resolveIntent('forecast the next 20 days', undefined, {
      dataset: { ...djia, columns: djia.columns.map((c) => ({ ...c, dbType: 'VARCHAR' })) },
    });
    expect(byName.target).not.toBe('date');
  });

  // Found on HSAUR3's Forbes2000 saved by Excel (';', decimal commas): before the profile, "predict the company's
  // profits" read `profits` (17.85, 15.59, ...) as "a category: classification", 82% sure, on the Data step.
  it('reads a fractional number column as a quantity before the profile', () => {
    const forbes: DatasetInfo = {
      ...dataset,
      originalName: 'forbes.csv',
      columns: [
        { name: 'name', dbType: 'VARCHAR' },
        { name: 'profits', dbType: 'DOUBLE' },
        { name: 'rank', dbType: 'BIGINT' },
      ],
      sample: [
        ['Citigroup', '17.85', '1'],
        ['General Electric', '15.59', '2'],
      ],
    };
    expect(resolveIntent("predict the company's profits", undefined, { dataset: forbes })).toMatchObject({
      task: 'regression',
      target: 'profits',
    });
    // Whole numbers in a DOUBLE column stay open (1.0/2.0 may be codes).
    const codes = { ...forbes, sample: [['Citigroup', '1', '1']] };
    expect(resolveIntent("predict the company's profits", undefined, { dataset: codes }).target).toBe('profits');
  });

  it('finds a count for "how many" before the profile from the whole numbers in the preview', async () => {
    // AER's NMES1988 (its first 300 rows, read by the app's ingest: a 100-row preview): before the profile the
    // whole-number columns were of unknown kind, so "how many times will a patient see the doctor" took a fractional
    // number (`income`, a target word).
    const nmes = await ingestFile(
      join(__dirname, '../../engine/intent/fixtures/nmes1988-head.csv'),
      join(work, 'nmes'),
    );
    const intent = resolveIntent('how many times will a patient see the doctor', undefined, { dataset: nmes });
    // nvisits (non-physician visits) as with the profile; both are counts of visits.
    expect(intent).toMatchObject({ task: 'regression', target: 'nvisits' });
    expect(intent.why ?? '').not.toMatch(/\d+ to \d+/);
    expect(resolveIntent('how many hospital stays', undefined, { dataset: nmes }).target).toBe('hospital');
  });
});

describe('the data period before the profile', () => {
  it('reads "the next 2 days" on hourly readings as 48 steps from the preview rows', async () => {
    // forecast::taylor summed to hours: the Data screen said "2 periods ahead" until the profile said 48 hours.
    const hours = Array.from({ length: 120 }, (_, i) => {
      const t = new Date(Date.UTC(2000, 5, 5, i)).toISOString().slice(0, 19).replace('T', ' ');
      return `${t},${40000 + ((i * 7919) % 30000)}`;
    });
    const file = join(work, 'hourly.csv');
    writeFileSync(file, ['time,demand_mw', ...hours].join('\n') + '\n');
    const hourly = await ingestFile(file, join(work, 'hourly'));
    const intent = resolveIntent('how much electricity will be needed over the next 2 days?', undefined, {
      dataset: hourly,
    });
    expect(intent).toMatchObject({ task: 'forecast', target: 'demand_mw', date: 'time', horizon: 48 });
    expect(intent.explanation).toMatch(/48 hours ahead/);
  });
});

describe('the reading names columns as the file writes them', () => {
  it("says 'price' for the column the app calls 'price_1' beside 'Price'", () => {
    const columns = [
      col('Price', 'numeric', { distinct: 90 }),
      col('price_1', 'numeric', { distinct: 95, written: 'price' }),
      col('size', 'numeric', { distinct: 80 }),
    ];
    const profile: DataProfile = { ...reviews, columns };
    const data: DatasetInfo = {
      ...dataset,
      columns: columns.map((c) => ({ name: c.name, dbType: c.dbType, ...(c.written ? { written: c.written } : {}) })),
    };
    const intent = resolveIntent('predict the price', { target: 'price' }, { dataset: data, profile });
    expect(intent.target).toBe('price_1');
    expect(intent.explanation).toBe("Predict the number 'price' from the other columns (regression).");
    expect(profileAsWritten(profile).columns.map((c) => c.name)).toEqual(['Price', 'price', 'size']);
  });
});
