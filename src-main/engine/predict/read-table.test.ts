import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTable, type NumberColumn } from './read-table';

const dir = mkdtempSync(join(tmpdir(), 'read-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV of `n` rows: id, x = id / 4 (missing every 7th row), a label. */
function writeRows(name: string, n: number, edit?: (line: string, i: number) => string): string {
  const lines = ['id,x,label'];
  for (let i = 0; i < n; i++) {
    const line = `${i},${i % 7 === 0 ? '' : i / 4},${i % 3 ? 'a' : '"b,c"'}`;
    lines.push(edit ? edit(line, i) : line);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const wanted = [
  { name: 'x', as: 'number' as const },
  { name: 'id', as: 'text' as const },
];

describe('read-table', () => {
  it('hands out every row once, in file order, while it reads ahead', async () => {
    const n = 30_000;
    const table = await openTable(writeRows('rows.csv', n));
    const stream = await table.read(wanted);
    let rows = 0;
    let wrong = 0;
    for (let batch = await stream.next(5000); batch; batch = await stream.next(5000)) {
      const x = (batch.columns[0] as NumberColumn).values;
      const ids = batch.columns[1] as string[];
      for (let r = 0; r < batch.rows; r++) {
        const i = rows + r;
        if (ids[r] !== String(i) || !Object.is(x[r], i % 7 === 0 ? NaN : i / 4)) wrong++;
      }
      rows += batch.rows;
    }
    table.close();
    expect(rows).toBe(n);
    expect(wrong).toBe(0);
  });

  it('closes with reads ahead under way, and the file reads again in full', async () => {
    const path = writeRows('closed.csv', 20_000);
    for (let k = 0; k < 4; k++) {
      const table = await openTable(path);
      const stream = await table.read(wanted);
      expect((await stream.next(100 + k))?.rows).toBe(100 + k);
      table.close();
      table.close();
    }
    const table = await openTable(path);
    const stream = await table.read(wanted);
    let rows = 0;
    for (let batch = await stream.next(8192); batch; batch = await stream.next(8192)) rows += batch.rows;
    table.close();
    expect(rows).toBe(20_000);
  });
});
