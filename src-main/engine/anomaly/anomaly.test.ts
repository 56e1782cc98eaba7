import type { CsvValue } from '../util/csv-writer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../analytics/csv-out';
import { rng, tempDir, testContext } from '../forecast/test-helpers';
import { averagePath } from './isolation-forest';
import { runAnomaly } from './run-anomaly';

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

describe('runAnomaly', () => {
  it('finds planted anomalies and names the column that stands out', async () => {
    const dir = tempDir('automl-anom-');
    const r = rng(21);
    const planted = new Set([17, 250, 511, 777, 990]);
    const rows: CsvValue[][] = [];
    for (let i = 0; i < 1000; i++) {
      let amount = 100 + 15 * gauss(r);
      let items = Math.round(5 + 1.5 * gauss(r));
      const channel = r() < 0.5 ? 'web' : 'store';
      if (i === 17 || i === 511) amount = 900 + (10 * i) / 100;
      if (i === 250 || i === 990) items = 60;
      if (i === 777) {
        amount = 5;
        items = 40;
      }
      rows.push([i, amount, items, channel]);
    }
    const path = await writeCsv(join(dir, 'tx.csv'), ['id', 'amount', 'items', 'channel'], rows);
    const { ctx, events } = testContext();
    const res = await runAnomaly({ dataPath: path, artifactDir: dir }, ctx);
    const top5 = new Set(res.details.top.slice(0, 5).map((t) => t.row));
    expect(top5).toEqual(planted);
    expect(res.details.flagged).toBeGreaterThanOrEqual(5);
    expect(res.details.flagged).toBeLessThan(30);
    expect(res.details.top.find((t) => t.row === 17)!.reasons[0]).toMatch(/^amount .* is high/);
    expect(res.details.top.find((t) => t.row === 250)!.reasons[0]).toMatch(/^items 60 is high/);
    expect(res.summary.leaderboard.map((x) => x.family)).toEqual(['zscore', 'iqr', 'isolation_forest']);
    expect(res.details.dropped.map((x) => x.column)).toContain('id');
    const csv = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('row,score,is_anomaly,reasons,zscore,iqr_score');
    expect(csv).toHaveLength(1001);
    for (const p of planted) expect(csv[p + 1].split(',')[2]).toBe('1');
    expect(events.some((e) => e.type === 'TRAIN_PROGRESS')).toBe(true);
  });

  it('flags little in clean Gaussian data', async () => {
    const dir = tempDir('automl-anom-');
    const r = rng(22);
    const rows = Array.from({ length: 2000 }, () => [gauss(r), gauss(r), gauss(r)]);
    const path = await writeCsv(join(dir, 'clean.csv'), ['a', 'b', 'c'], rows);
    const res = await runAnomaly({ dataPath: path, artifactDir: dir }, testContext().ctx);
    expect(res.details.flagged / 2000).toBeLessThan(0.01);
  });

  it('uses the isolation-forest path length constant', () => {
    expect(averagePath(256)).toBeCloseTo(10.24, 1);
  });
});
