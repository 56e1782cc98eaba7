import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileCsvIn } from './test-helpers';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'profile-series-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const START = Date.UTC(2012, 0, 1);
const series = (w: string[]): string[] => w.filter((x) => x.includes('series side by side'));

describe('profile warning for series side by side', () => {
  it('says a date repeated once per city holds one series per city (vega weather.csv: a forecast summed them)', async () => {
    const lines = ['location,date,temp_max,weather'];
    for (const city of ['Seattle', 'New York'])
      for (let k = 0; k < 120; k++)
        lines.push(
          `${city},${iso(START + k * DAY)},${(city === 'Seattle' ? 8 : 4) + Math.sin(k / 7)},${k % 3 ? 'rain' : 'sun'}`,
        );
    const p = await profileCsvIn(dir, 'weather.csv', lines.join('\n') + '\n', null);
    expect(p.seriesKeys).toEqual([{ date: 'date', key: 'location', values: ['New York', 'Seattle'] }]);
    expect(series(p.warnings)).toEqual([
      "'date' repeats once for each 'location' (New York, Seattle): the table holds 2 series side by side. A forecast along 'date' reads one of them (the one the goal names, as in \"in New York\", else the one with the most rows), or all of them combined per date when the goal asks for the total; choose on the Profile step, or with --series location=VALUE or --series total on the command line.",
    ]);
  });

  it('says nothing for one series, or for transactions of a few stores on random days', async () => {
    const one = ['date,temp_max,weather'];
    for (let k = 0; k < 120; k++) one.push(`${iso(START + k * DAY)},${Math.sin(k / 7)},${k % 3 ? 'rain' : 'sun'}`);
    const single = await profileCsvIn(dir, 'one.csv', one.join('\n') + '\n', null);
    expect(series(single.warnings)).toEqual([]);
    expect(single.seriesKeys).toBeUndefined();
    // Sales lines: a store may sell twice a day and not at all on others, so (date, store) is no key.
    const sales = ['date,store,amount'];
    for (let i = 0; i < 400; i++)
      sales.push(`${iso(START + ((i * 7919) % 60) * DAY)},${['A', 'B', 'C'][(i * 31) % 3]},${i % 17}`);
    expect(series((await profileCsvIn(dir, 'sales.csv', sales.join('\n') + '\n', null)).warnings)).toEqual([]);
  });
});
