import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFrequency } from '../forecast/frequency';
import { profileCsvIn } from './test-helpers';
import { dateGridWarning } from './warnings';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'profile-grid-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const csvOf = (rows: Array<[string, number]>): string =>
  `date,close\n${rows.map(([d, v]) => `${d},${v}`).join('\n')}\n`;
const dateWarnings = (w: string[]): string[] => w.filter((x) => x.startsWith('Dates in'));

describe('profile warning for a date column read as a time index', () => {
  it('names a date written twice and counts the days with no row (the fresh engineer s8 case)', async () => {
    const start = Date.UTC(2007, 0, 2);
    const rows: Array<[string, number]> = [];
    const removed = new Set([10, 11, 40, 77, 120, 150]);
    for (let k = 0; k < 180; k++) {
      if (removed.has(k)) continue;
      rows.push([iso(start + k * DAY), 50 + Math.sin(k / 9)]);
      if (iso(start + k * DAY) === '2007-03-15') rows.push(['2007-03-15', 50.5]);
    }
    const p = await profileCsvIn(dir, 'gapdup.csv', csvOf(rows), null);
    expect(p.rows).toBe(175);
    expect(dateWarnings(p.warnings)).toEqual([
      "Dates in 'date' (daily, 180 days): 2007-03-15 appears twice; 6 days have no row. A forecast over them averages the rows of a day and fills a day with no row from its neighbours.",
    ]);
  });

  it("says 'an hour' on an hourly grid (forecast::taylor hourly: 'fills a hour')", () => {
    const grid = {
      freq: makeFrequency('hour', 1),
      periods: 2016,
      gaps: 16,
      repeated: [{ t: Date.UTC(2000, 5, 6, 3), rows: 2, sameTime: true }],
      aggregation: 'mean' as const,
    };
    expect(dateGridWarning('time', grid)).toMatch(
      /16 hours have no row\. A forecast over them averages the rows of an hour and fills an hour with no row from its neighbours\.$/,
    );
  });

  it('counts only the kept weekdays of a trading-day calendar, and lists several repeated periods', async () => {
    const rows: Array<[string, number]> = [];
    // 2024-01-01 is a Monday; twelve weeks of Monday-Friday, one holiday (2024-01-15), three dates written twice.
    for (let k = 0; k < 84; k++) {
      const t = Date.UTC(2024, 0, 1) + k * DAY;
      const dow = new Date(t).getUTCDay();
      if (dow === 0 || dow === 6 || iso(t) === '2024-01-15') continue;
      rows.push([iso(t), 100 + k]);
      if (['2024-02-01', '2024-02-02', '2024-03-01'].includes(iso(t))) rows.push([iso(t), 101 + k]);
    }
    const p = await profileCsvIn(dir, 'trading.csv', csvOf(rows), null);
    expect(dateWarnings(p.warnings)).toEqual([
      "Dates in 'date' (daily (Mon-Fri), 60 days): 3 days have more than one row: 2024-02-01 (2 rows), 2024-02-02 (2 rows), 2024-03-01 (2 rows); 1 day has no row. A forecast over them averages the rows of a day and fills a day with no row from its neighbours.",
    ]);
  });

  it('names a month with two rows on different dates', async () => {
    const rows: Array<[string, number]> = [];
    for (let m = 0; m < 36; m++) rows.push([iso(Date.UTC(2020, m, 1)), m]);
    rows.push(['2021-03-15', 7]);
    rows.sort((a, b) => a[0].localeCompare(b[0]));
    const p = await profileCsvIn(dir, 'monthly.csv', csvOf(rows), null);
    expect(dateWarnings(p.warnings)).toEqual([
      "Dates in 'date' (monthly, 36 months): 2021-03 has 2 rows. A forecast over them averages the rows of a month.",
    ]);
  });

  it('says nothing of a whole grid, of transactions (many rows a day) or of irregular dates', async () => {
    const whole: Array<[string, number]> = [];
    for (let k = 0; k < 100; k++) whole.push([iso(Date.UTC(2023, 0, 1) + k * DAY), k]);
    expect(dateWarnings((await profileCsvIn(dir, 'whole.csv', csvOf(whole), null)).warnings)).toEqual([]);
    const sales: Array<[string, number]> = [];
    for (let k = 0; k < 60; k++)
      for (let j = 0; j < 1 + (k % 4); j++) if (k % 7 !== 3) sales.push([iso(Date.UTC(2023, 0, 1) + k * DAY), j]);
    expect(dateWarnings((await profileCsvIn(dir, 'sales.csv', csvOf(sales), null)).warnings)).toEqual([]);
    const irregular: Array<[string, number]> = [];
    let t = Date.UTC(2023, 0, 1);
    for (let k = 0; k < 50; k++) {
      irregular.push([iso(t), k]);
      t += ((k * 7) % 11) * DAY + 2 * DAY;
    }
    expect(dateWarnings((await profileCsvIn(dir, 'irregular.csv', csvOf(irregular), null)).warnings)).toEqual([]);
  });
});
