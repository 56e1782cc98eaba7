import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lit, openDb } from '../util/duckdb';
import { CSV_SAMPLE_BYTES, csvRowEstimate, estimateRows } from './row-estimate';

const dir = mkdtempSync(join(tmpdir(), 'row-estimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, rows: number, lastBreak = true): string {
  const path = join(dir, name);
  const lines = ['id,value,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 0.37).toFixed(3)},${i % 3 === 0 ? 'yes' : 'no'}`);
  writeFileSync(path, lines.join('\n') + (lastBreak ? '\n' : ''));
  return path;
}

describe('row estimate', () => {
  it('counts a small CSV exactly, with or without a final line break, and a header-only one as 0', async () => {
    expect(await csvRowEstimate(csv('small.csv', 123))).toEqual({ rows: 123, exact: true });
    expect(await csvRowEstimate(csv('no-break.csv', 45, false))).toEqual({ rows: 45, exact: true });
    expect(await csvRowEstimate(csv('header.csv', 0))).toEqual({ rows: 0, exact: true });
  });

  it('estimates a CSV larger than its sample within 5% from reads of its head and tail', async () => {
    const path = csv('large.csv', 200_000);
    const est = await csvRowEstimate(path);
    expect(est?.exact).toBe(false);
    expect(Math.abs((est?.rows ?? 0) - 200_000) / 200_000).toBeLessThan(0.05);
    expect(CSV_SAMPLE_BYTES).toBeLessThan(1 << 20);
  });

  it('reads a Parquet row count from its footer, exactly; JSON has none', async () => {
    const db = await openDb();
    try {
      const parquet = join(dir, 't.parquet');
      await db.exec(`COPY (SELECT range AS id FROM range(54321)) TO ${lit(parquet)} (FORMAT parquet)`);
      expect(await estimateRows(parquet, db.conn)).toEqual({ rows: 54321, exact: true });
      const json = join(dir, 't.jsonl');
      writeFileSync(json, '{"a":1}\n');
      expect(await estimateRows(json, db.conn)).toBeNull();
    } finally {
      db.close();
    }
  });
});
