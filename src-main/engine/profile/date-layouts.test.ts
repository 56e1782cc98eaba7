import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileCsvIn } from './test-helpers';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'date-layouts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

describe('dates in several layouts in one column', () => {
  it('says which layouts a date column mixes and how to save it; one-layout dates and other text say nothing', async () => {
    // As dslabs' 2016 polls saved by hand: ISO, dd/mm/yyyy and "Nov 03, 2016" in turn.
    const lines = ['startdate,enddate,note,share'];
    for (let i = 0; i < 300; i++) {
      const [y, m, d] = [2016, (i % 12) + 1, (i % 28) + 1];
      const start =
        i % 3 === 0
          ? `${y}-${pad(m)}-${pad(d)}`
          : i % 3 === 1
            ? `${pad(d)}/${pad(m)}/${y}`
            : `${MONTHS[m - 1]} ${pad(d)}, ${y}`;
      // A column with some dates among other words is not a date column.
      const note = i % 2 ? `${y}-${pad(m)}-${pad(d)}` : ['see above', 'late', 'n/a'][i % 3];
      lines.push(`"${start}",${y}-${pad(m)}-${pad(d)},${note},${40 + (i % 7)}`);
    }
    const p = await profileCsvIn(dir, 'polls.csv', lines.join('\n') + '\n', 'share');
    expect(p.columns.find((c) => c.name === 'enddate')?.kind).toBe('datetime');
    expect(p.columns.find((c) => c.name === 'startdate')?.kind).not.toBe('datetime');
    const said = p.warnings.filter((w) => w.includes('layouts'));
    expect(said).toEqual([
      // Which rows use which layout (counted from 1 under the header: the first row is 2016-01-01).
      '\'startdate\' holds dates written in 3 layouts, so it is read as text, not as dates: "Dec 04, 2016" in 100 rows (rows 3, 6, 9, …); "2016-01-01" in 100 rows (rows 1, 4, 7, …); "01/05/2016" in 100 rows (rows 2, 5, 8, …) (rows counted from 1 under the header). To use it as dates, write the whole column in one layout, e.g. ISO 2016-12-04, and import again.',
    ]);
  });
});
