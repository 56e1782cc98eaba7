import type { CsvValue } from '../util/csv-writer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../analytics/csv-out';
import { loadTable } from '../analytics/read-table';
import { rng, tempDir, testContext } from '../forecast/test-helpers';
import { quintileScores } from './rfm';
import { runSegmentation, type SegmentModelJson } from './run-segmentation';
import { assignSegments, segmentFile } from './segment-assign';

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

async function blobsCsv(dir: string): Promise<{ path: string; truth: number[] }> {
  const r = rng(5);
  const centres = [
    [0, 0, 0],
    [10, 10, 0],
    [0, 10, 10],
  ];
  const rows: CsvValue[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < 300; i++) {
    const b = i % 3;
    const c = centres[b];
    // 'channel' follows the blob most of the time; 'id' must be ignored.
    const channel = r() < 0.9 ? ['web', 'store', 'phone'][b] : 'web';
    rows.push([`c${i}`, c[0] + gauss(r), c[1] + gauss(r), c[2] + gauss(r), channel]);
    truth.push(b);
  }
  return { path: await writeCsv(join(dir, 'blobs.csv'), ['customer_id', 'a', 'b', 'c', 'channel'], rows), truth };
}

describe('runSegmentation', () => {
  it('finds three separated blobs, chooses k = 3, and the ONNX model assigns rows like the JS', async () => {
    const dir = tempDir('automl-seg-');
    const { path, truth } = await blobsCsv(dir);
    const { ctx, events } = testContext();
    const res = await runSegmentation({ dataPath: path, artifactDir: join(dir, 'out') }, ctx);
    expect(res.details.mode).toBe('features');
    expect(res.details.k).toBe(3);
    expect(res.details.kChosenBy).toBe('silhouette');
    expect(res.details.silhouette).toBeGreaterThan(0.6);
    expect(res.details.dropped.map((d) => d.column)).toContain('customer_id');
    expect(res.summary.leaderboard.map((r) => r.params.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const csv = readFileSync(join(dir, 'out', 'segments.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const labels = csv.map((l) => Number(l.split(',')[1]));
    // Each true blob maps to exactly one segment and vice versa.
    const pairs = new Set(truth.map((t, i) => `${t}-${labels[i]}`));
    expect(pairs.size).toBe(3);
    expect(res.details.segments.every((s) => s.description.length > 0)).toBe(true);
    expect(events.some((e) => e.type === 'LEADERBOARD_UPDATED')).toBe(true);

    const model = JSON.parse(readFileSync(join(dir, 'out', 'segment-model.json'), 'utf8')) as SegmentModelJson;
    const table = await loadTable(
      path,
      model.encoders.map((e) => e.column),
    );
    const js = assignSegments(model, table);
    expect(Array.from(js)).toEqual(labels);
    const session = await ort.InferenceSession.create(join(dir, 'out', 'model.onnx'));
    const feeds: Record<string, ort.Tensor> = {};
    for (const col of table.columns) {
      feeds[col.name] =
        col.values instanceof Float64Array
          ? new ort.Tensor('float64', Float64Array.from(col.values), [table.rows, 1])
          : new ort.Tensor(
              'string',
              col.values.map((v) => v ?? ''),
              [table.rows, 1],
            );
    }
    const out = await session.run(feeds);
    expect(Array.from(out.segment.data as BigInt64Array, Number)).toEqual(labels);
    const again = await segmentFile(model, path);
    expect(again.rows.map((r) => r[1])).toEqual(labels);
  });

  it('uses the given k and the given columns', async () => {
    const dir = tempDir('automl-seg-');
    const { path } = await blobsCsv(dir);
    const res = await runSegmentation(
      { dataPath: path, k: 2, columns: ['a', 'b'], artifactDir: dir },
      testContext().ctx,
    );
    expect(res.details.k).toBe(2);
    expect(res.details.features).toEqual(['a', 'b']);
    expect(res.summary.leaderboard).toHaveLength(1);
  });

  it('scores RFM on a synthetic transaction log and describes the loyal big spenders', async () => {
    const dir = tempDir('automl-rfm-');
    const r = rng(9);
    const rows: CsvValue[][] = [];
    let order = 0;
    const day = (d: number): string => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
    for (let c = 0; c < 90; c++) {
      const loyal = c % 3 === 0;
      const lapsed = c % 3 === 1;
      const purchases = loyal ? 20 + Math.floor(r() * 5) : 2 + Math.floor(r() * 2);
      for (let p = 0; p < purchases; p++) {
        const d = lapsed ? Math.floor(r() * 60) : 300 + Math.floor(r() * 64);
        rows.push([`INV${order++}`, `cust${c}`, day(d), loyal ? 200 + r() * 50 : 20 + r() * 10]);
      }
    }
    const path = await writeCsv(join(dir, 'orders.csv'), ['invoice', 'customer', 'order_date', 'amount'], rows);
    const res = await runSegmentation({ dataPath: path, artifactDir: dir }, testContext().ctx);
    expect(res.details.mode).toBe('rfm');
    expect(res.details.rows).toBe(90);
    expect(res.details.rfm!.columns).toMatchObject({
      customer: 'customer',
      date: 'order_date',
      amount: 'amount',
      invoice: 'invoice',
    });
    expect(res.details.k).toBe(3);
    const csv = readFileSync(join(dir, 'segments.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('customer,segment,recency_days,frequency,monetary,r_score,f_score,m_score');
    const seg0 = csv.find((l) => l.startsWith('cust0,'))!.split(',');
    const loyalSegment = Number(seg0[1]);
    const profile = res.details.segments.find((s) => s.segment === loyalSegment)!;
    expect(profile.description).toMatch(/high spend/);
    expect(profile.description).toMatch(/frequent/);
    const lapsedSeg = Number(csv.find((l) => l.startsWith('cust1,'))!.split(',')[1]);
    expect(res.details.segments.find((s) => s.segment === lapsedSeg)!.description).toMatch(/lapsed/);
    expect(Number(seg0[7])).toBeGreaterThanOrEqual(4);
    const model = JSON.parse(readFileSync(join(dir, 'segment-model.json'), 'utf8')) as SegmentModelJson;
    const again = await segmentFile(model, path);
    expect(again.rows.find((r) => r[0] === 'cust0')![1]).toBe(loyalSegment);
  });

  it('scores quintiles with ties sharing a score', () => {
    expect(Array.from(quintileScores(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), true))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(Array.from(quintileScores(Float64Array.from([5, 5, 5, 5]), true))).toEqual([3, 3, 3, 3]);
  });
});

describe('segmentation cancellation', () => {
  it('stops with the cancelled code', async () => {
    const dir = tempDir('automl-seg-');
    const { path } = await blobsCsv(dir);
    const ac = new AbortController();
    ac.abort();
    await expect(
      runSegmentation({ dataPath: path, artifactDir: dir }, { signal: ac.signal, emit: () => {} }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });
});
