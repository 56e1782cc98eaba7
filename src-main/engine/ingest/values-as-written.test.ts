/**
 * Values are kept as written: codes that look like numbers stay text ('-007', '00501', '2020_01'), and a text
 * column's 'None' is a level, not a gap, while number, date and true/false columns still read it as missing.
 * Both ingest paths are covered: types decided from all rows (short files) and the guessed-then-checked COPY
 * of long files, including a value past the first 2,048 rows that breaks the guess.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lit, openDb } from '../util/duckdb';
import { ingestFile } from './ingest-file';

let dir = '';
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'as-written-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ingests `csv` and returns the column types and every value as stored (text columns as text). */
async function ingestCsv(csv: string): Promise<{ types: Record<string, string>; rows: Record<string, unknown>[] }> {
  const sub = join(dir, `case-${n++}`);
  const src = join(dir, `${n}.csv`);
  writeFileSync(src, csv);
  const info = await ingestFile(src, sub, { originalName: 'data.csv' });
  const db = await openDb();
  try {
    const rows = await db.all(`SELECT * FROM read_parquet(${lit(info.path)})`);
    return { types: Object.fromEntries(info.columns.map((c) => [c.name, c.dbType])), rows };
  } finally {
    db.close();
  }
}

const column = (rows: Record<string, unknown>[], name: string): unknown[] => rows.map((r) => r[name]);

describe('ingest keeps values as written', () => {
  it('keeps codes that read as numbers as text, exactly', async () => {
    const { types, rows } = await ingestCsv(
      [
        'signed,zip,period,sign,plain,neg',
        '-007,00501,2020_01,+-5,12,-7',
        '12,10001,2020_02,3,-0.5,-0.25',
        ' 08,02134,2021_11,4,0.5,3',
      ].join('\n'),
    );
    expect(types).toEqual({
      signed: 'VARCHAR',
      zip: 'VARCHAR',
      period: 'VARCHAR',
      sign: 'VARCHAR',
      plain: 'DOUBLE',
      neg: 'DOUBLE',
    });
    expect(column(rows, 'signed')).toEqual(['-007', '12', ' 08']);
    expect(column(rows, 'zip')).toEqual(['00501', '10001', '02134']);
    expect(column(rows, 'period')).toEqual(['2020_01', '2020_02', '2021_11']);
    expect(column(rows, 'sign')).toEqual(['+-5', '3', '4']);
    expect(column(rows, 'neg')).toEqual([-7, -0.25, 3]);
  });

  it("keeps 'None' as a level of a text column, and reads it as missing in typed columns", async () => {
    const { types, rows } = await ingestCsv(
      [
        'pool,n,when,ok,only_none,label',
        'None,1,2020-01-01,true,None,NA',
        'Gd,None,None,None,None,x',
        'None,3,2020-01-03,false,,None',
      ].join('\n'),
    );
    expect(types).toEqual({
      pool: 'VARCHAR',
      n: 'BIGINT',
      when: 'DATE',
      ok: 'BOOLEAN',
      only_none: 'VARCHAR',
      label: 'VARCHAR',
    });
    expect(column(rows, 'pool')).toEqual(['None', 'Gd', 'None']);
    // BIGINT arrives from DuckDB's JSON rows as text.
    expect(column(rows, 'n')).toEqual(['1', null, '3']);
    expect(column(rows, 'ok')).toEqual([true, null, false]);
    expect(column(rows, 'when')[1]).toBeNull();
    expect(column(rows, 'only_none')).toEqual(['None', 'None', null]);
    // 'NA' (what R writes for a gap) is missing in every column.
    expect(column(rows, 'label')).toEqual([null, 'x', 'None']);
  });

  it('holds on long files: the guessed types are checked past the first 2,048 rows', async () => {
    const lines = ['code,num,late_none,none_first,level'];
    for (let i = 0; i < 3000; i++) {
      const code = i === 2500 ? '-007' : String(i + 1);
      const lateNone = i === 2600 ? 'None' : String(i);
      const noneFirst = i < 2100 ? 'None' : String(i);
      lines.push(`${code},${i},${lateNone},${noneFirst},${i % 3 ? 'None' : 'Some'}`);
    }
    const { types, rows } = await ingestCsv(lines.join('\n'));
    expect(types).toEqual({
      code: 'VARCHAR',
      num: 'BIGINT',
      late_none: 'BIGINT',
      none_first: 'BIGINT',
      level: 'VARCHAR',
    });
    expect(rows[2500].code).toBe('-007');
    expect(rows[2499].code).toBe('2500');
    expect(rows[2600].late_none).toBeNull();
    expect(rows[0].none_first).toBeNull();
    expect(rows[2999].none_first).toBe('2999');
    expect(rows[1].level).toBe('None');
  });

  it("keeps a text column that is 'None' for 2,048 rows and other text later as written", async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 2500; i++) lines.push(`${i},${i < 2200 ? 'None' : 'Gravel'}`);
    const { types, rows } = await ingestCsv(lines.join('\n'));
    expect(types.b).toBe('VARCHAR');
    expect(rows[0].b).toBe('None');
    expect(rows[2300].b).toBe('Gravel');
  });
});
