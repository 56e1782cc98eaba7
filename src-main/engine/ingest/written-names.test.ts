import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../util/duckdb';
import { profileDataset } from '../profile/profile-dataset';
import { uniqueColumnNames } from './column-names';
import { ingestFile } from './ingest-file';

const dir = mkdtempSync(join(tmpdir(), 'written-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function ingestAndProfile(name: string, content: string | Buffer) {
  const src = join(dir, `${++n}-${name}`);
  writeFileSync(src, content);
  const info = await ingestFile(src, join(dir, `p${n}`), { originalName: name });
  const profile = await profileDataset(info.path, {}, { signal: new AbortController().signal, emit: () => {} });
  return { info, written: Object.fromEntries(profile.columns.map((c) => [c.name, c.written ?? null])) };
}

const CASE_NOTE =
  "Columns 1 ('Price') and 2 ('price') differ only by case, which the app's database cannot tell apart: inside the app column 2 is called 'price_1'. The model, predictions, report and notebook call it 'price', and predict finds it by that name in a new file.";

describe('names that differ only by case keep their written name', () => {
  it('keeps the written name of a column renamed for case, not of one whose name repeats exactly', () => {
    const u = uniqueColumnNames(['a', 'A', 'a', 'Price', 'price', 'price_1']);
    expect(u.names).toEqual(['a', 'A_1', 'a_2', 'Price', 'price_1', 'price_1_1']);
    // 'a' twice has no name of its own; the others are told apart as written.
    expect(u.written).toEqual({ A_1: 'A', price_1: 'price', price_1_1: 'price_1' });
    expect(u.notes[1]).toBe(
      "Columns 1 and 3 are both called 'a': column 3 is called 'a_2' in the app, its model and outputs. To choose the name yourself, rename it in the file and import again.",
    );
  });

  it('CSV: the profile carries the written name (from the Parquet metadata)', async () => {
    const { info, written } = await ingestAndProfile(
      'case.csv',
      'Price,price,area\n100,2.5,40\n120,2.4,50\n90,2.2,41\n',
    );
    expect(info.columns.map((c) => c.name)).toEqual(['Price', 'price_1', 'area']);
    expect(info.notes).toEqual([CASE_NOTE]);
    expect(written).toEqual({ Price: null, price_1: 'price', area: null });
  });

  it('JSON: a rename by DuckDB is noted and the written name kept (it was silent)', async () => {
    const json = '[{"Price": 100, "price": 2.5, "area": 40}, {"Price": 120, "price": 2.4, "area": 50}]';
    const { info, written } = await ingestAndProfile('case.json', json);
    expect(info.columns.map((c) => c.name)).toEqual(['Price', 'price_1', 'area']);
    expect(info.notes).toEqual([CASE_NOTE]);
    expect(written.price_1).toBe('price');
    const lines = await ingestAndProfile('case.jsonl', '{"Price": 1, "price": 2}\n{"Price": 3, "price": 4}\n');
    expect(lines.info.notes).toEqual([CASE_NOTE]);
  });

  it('Parquet: a rename by DuckDB is noted and the written name kept (it was silent)', async () => {
    // DuckDB cannot write names that differ by case: write 'pricX' and patch the footer to 'price' (same length).
    const made = join(dir, 'made.parquet');
    const db = await openDb();
    try {
      await db.exec(
        `COPY (SELECT 100 + i AS "Price", i / 10.0 AS "pricX", 40 + i AS area FROM range(5) t(i)) TO '${made}' (FORMAT parquet)`,
      );
    } finally {
      db.close();
    }
    const bytes = readFileSync(made);
    const from = Buffer.from('pricX');
    for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) bytes.write('price', at);
    const { info, written } = await ingestAndProfile('case.parquet', bytes);
    expect(info.columns.map((c) => c.name)).toEqual(['Price', 'price_1', 'area']);
    expect(info.notes).toEqual([CASE_NOTE]);
    expect(written.price_1).toBe('price');
  });
});
