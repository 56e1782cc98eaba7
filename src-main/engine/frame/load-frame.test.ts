import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { loadFrame } from './load-frame';

describe('loadFrame', () => {
  it('reads the housing CSV into typed numeric columns in file order', async () => {
    const f = await loadFrame(join(__dirname, '../../../resources/samples/boston-housing.csv'));
    expect(f.nRows).toBe(506);
    const price = f.get('price');
    expect(price?.kind).toBe('numeric');
    expect(price?.values).toBeInstanceOf(Float64Array);
    expect(price?.values[0]).toBe(24);
    expect(f.get('rooms')?.values[2]).toBeCloseTo(7.185, 10);
  });

  it('reads Parquet with missing values, categoricals, booleans and datetimes; honours columns and kinds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frame-'));
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'a,b,c,d,e\n1.5,x,true,2024-01-02,7\n,y,false,,8\n3,,true,2024-03-04 05:06:07,9\n');
    const pq = join(dir, 'out.parquet');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await conn.run(`COPY (SELECT * FROM read_csv_auto('${csv}')) TO '${pq}' (FORMAT parquet)`);
    conn.closeSync();
    inst.closeSync();
    const f = await loadFrame(pq, { columns: ['d', 'a', 'b', 'c', 'e'], kinds: { e: 'categorical', d: 'datetime' } });
    expect(f.columns.map((c) => [c.name, c.kind])).toEqual([
      ['d', 'datetime'],
      ['a', 'numeric'],
      ['b', 'categorical'],
      ['c', 'boolean'],
      ['e', 'categorical'],
    ]);
    expect(Array.from(f.get('a')?.values as Float64Array)).toEqual([1.5, NaN, 3]);
    expect(f.get('b')?.values).toEqual(['x', 'y', null]);
    expect(Array.from(f.get('c')?.values as Float64Array)).toEqual([1, 0, 1]);
    const d = f.get('d')?.values as Float64Array;
    expect(d[0]).toBe(Date.UTC(2024, 0, 2));
    expect(d[1]).toBeNaN();
    expect(d[2]).toBe(Date.UTC(2024, 2, 4, 5, 6, 7));
    expect(f.get('e')?.values).toEqual(['7', '8', '9']);
    const b = await loadFrame(pq, { columns: ['b'], kinds: { b: 'boolean' } });
    // 'x'/'y' are not yes/no words: missing.
    expect(Array.from(b.get('b')?.values as Float64Array)).toEqual([NaN, 1, NaN]);
  });

  it('names the missing column and lists the available ones', async () => {
    await expect(
      loadFrame(join(__dirname, '../../../resources/samples/boston-housing.csv'), { columns: ['nope'] }),
    ).rejects.toMatchObject({
      code: 'column-missing',
      message: expect.stringContaining('Columns are: crime_rate'),
    });
    await expect(loadFrame('/no/such/file.csv')).rejects.toMatchObject({ code: 'file-not-found' });
  });

  it('streams a file longer than its first allocation (CSV grows, Parquet is sized) with every row in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frame-'));
    const csv = join(dir, 'long.csv');
    const n = 150_000;
    const lines = ['x,k,t'];
    for (let i = 0; i < n; i++) lines.push(`${i % 7 === 0 ? '' : i / 4},${['a', 'b', ''][i % 3]},${i}`);
    writeFileSync(csv, lines.join('\n') + '\n');
    const pq = join(dir, 'long.parquet');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await conn.run(`COPY (SELECT * FROM read_csv_auto('${csv}')) TO '${pq}' (FORMAT parquet)`);
    conn.closeSync();
    inst.closeSync();
    for (const path of [csv, pq]) {
      const f = await loadFrame(path, { kinds: { t: 'categorical' } });
      expect(f.nRows).toBe(n);
      const x = f.get('x')?.values as Float64Array;
      const k = f.get('k')?.values as Array<string | null>;
      const t = f.get('t')?.values as Array<string | null>;
      expect(x.length).toBe(n);
      expect(k.length).toBe(n);
      for (const i of [0, 1, 6, 7, 65_535, 65_536, 131_072, n - 1]) {
        if (i % 7 === 0) expect(x[i]).toBeNaN();
        else expect(x[i]).toBe(i / 4);
        expect(k[i]).toBe(['a', 'b', null][i % 3]);
        expect(t[i]).toBe(String(i));
      }
    }
  });
});
