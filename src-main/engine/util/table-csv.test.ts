import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsvFile } from './csv-writer';
import { lit, openDb } from './duckdb';
import { holdoutWithIds } from './table-csv';

const dir = mkdtempSync(join(tmpdir(), 'table-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('holdoutWithIds', () => {
  it("puts the data's id columns first, as stored, and copies the held-out file's cells byte for byte", async () => {
    const parquet = join(dir, 'data.parquet');
    const db = await openDb();
    try {
      // 6 stored rows: a text id with leading zeros, a numeric id, a feature.
      await db.exec(
        `COPY (SELECT * FROM (VALUES ('007', 1001, 1.5), ('010', 1002, 2.5), ('=A1', 1003, 3.5), ('x,y', 1004, 4.5), (NULL, 1005, 5.5), ('042', 1006, 6.5)) t(code, num, x)) TO ${lit(parquet)} (FORMAT parquet)`,
      );
    } finally {
      db.close();
    }
    const holdout = join(dir, 'holdout.csv');
    // Held-out rows in the trainer's order (not the data's), labels a spreadsheet would run, a missing prediction.
    await writeCsvFile(
      holdout,
      ['row', 'actual', 'prediction'],
      [
        [4, '=SUM(A1)', 0.25],
        [0, '-1', NaN],
        [2, 'a "quoted", label', 1e-12],
      ],
    );
    const out = join(dir, 'predictions.csv');
    await holdoutWithIds(holdout, parquet, ['code', 'num'], out);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('code,num,row,actual,prediction');
    const held = readFileSync(holdout, 'utf8').trimEnd().split('\n');
    expect(lines.slice(1)).toEqual([`,1005,${held[1]}`, `007,1001,${held[2]}`, `'=A1,1003,${held[3]}`]);
  });
});
