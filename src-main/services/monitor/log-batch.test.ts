import { DEFAULT_MONITOR_SETTINGS } from '@shared/monitor';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictResult } from '@shared/channels';
import { ModelRegistry } from '../registry/model-registry';
import { predictJob } from '../../workers/jobs/predict';
import { churnModel, churnRows, profileOf, writeChurnCsv } from '../../engine/monitor/fixtures/churn';
import { rowsOf, withLog } from '../../engine/monitor/log-db';
import { loggedRowsSql } from '../../engine/monitor/row-files';
import { applyUpdate, readSettings, writeSettings } from '../../engine/monitor/settings';

let dir = '';
const ctx = { signal: new AbortController().signal, emit: () => undefined };

async function predict(file: string, out: string): Promise<PredictResult> {
  return predictJob(
    { dataDir: dir, source: { kind: 'model', modelId: 'churn' }, inputPath: file, outputPath: join(dir, out) },
    ctx,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monitor-log-'));
  const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(3000, 1));
  const profile = await profileOf(train, dir, 'churned');
  const { modelJson, onnx } = churnModel(profile, 0.7);
  await new ModelRegistry(dir).save({ modelId: 'churn', modelJson, onnx });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prediction log', () => {
  it('logs a stable batch with no drift and every row, keyed by a hash of the inputs', async () => {
    const rows = churnRows(2000, 2);
    const res = await predict(writeChurnCsv(join(dir, 'stable.csv'), rows, false), 'stable-out.csv');
    expect(res.monitor?.level).toBe('ok');
    expect(res.monitor?.opened).toEqual([]);
    // Scoring kept byte copies of the scored file and of the predictions; the first read compacts them.
    const id = res.monitor!.batchId;
    const rowsIn = join(dir, 'monitor', 'churn', 'rows');
    expect(readdirSync(rowsIn).sort()).toEqual([`${id}.input.csv`, `${id}.output.csv`]);
    const logged = await withLog(dir, 'churn', async (conn) =>
      rowsOf(
        conn,
        `SELECT CAST(row_no AS DOUBLE) AS row_no, key, prediction, proba, inputs FROM ${await loggedRowsSql(conn, dir, 'churn', [res.monitor!.batchId])} ORDER BY row_no`,
      ),
    );
    expect(logged).toHaveLength(2000);
    expect(readdirSync(rowsIn).sort()).toEqual([`${id}.in.parquet`, `${id}.out.parquet`]);
    // Row-aligned with the input: the inputs as read, in model.json's feature order.
    for (const i of [0, 1, 777, 1999]) {
      expect(logged[i].row_no).toBe(i + 1);
      expect(logged[i].inputs).toEqual([String(rows[i].tenure), String(rows[i].spend), rows[i].plan]);
      expect(String(logged[i].key)).toMatch(/^[0-9a-f]{16}$/);
      const proba = logged[i].proba as number[];
      expect(proba[0] + proba[1]).toBeCloseTo(1, 12);
      expect(logged[i].prediction).toBe(proba[1] > proba[0] ? 'yes' : 'no');
    }
  });

  it('flags the shifted feature and not the stable ones, and opens one alert', async () => {
    const res = await predict(
      writeChurnCsv(join(dir, 'shifted.csv'), churnRows(2000, 3, { shift: 25 }), false),
      'shifted-out.csv',
    );
    expect(res.monitor?.level).toBe('alert');
    const drift = await withLog(dir, 'churn', async (conn) => {
      const r = await rowsOf(conn, `SELECT summary FROM batches WHERE batch_id = $1`, [res.monitor!.batchId]);
      return JSON.parse(String(r[0].summary)) as import('@shared/monitor').BatchSummary;
    });
    const by = new Map(drift.drift.map((d) => [d.feature, d]));
    expect(by.get('tenure')?.level).toBe('alert');
    expect(by.get('tenure')!.psi!).toBeGreaterThan(0.25);
    expect(by.get('tenure')!.ks!.p).toBeLessThan(0.001);
    expect(by.get('spend')?.level).toBe('ok');
    expect(by.get('plan')?.level).toBe('ok');
    // Longer tenure means fewer churners predicted: the predictions moved too. Nothing about spend or plan.
    expect(res.monitor?.opened.map((a) => [a.kind, a.subject])).toEqual([
      ['drift', 'tenure'],
      ['prediction-drift', 'predictions'],
    ]);
  });

  it('keys rows by the id column when the person names one, and keeps only predictions when asked', async () => {
    await withLog(dir, 'churn', async (conn) =>
      writeSettings(conn, applyUpdate(await readSettings(conn), { keyColumn: 'id', logRows: 'predictions' })),
    );
    const rows = churnRows(300, 4, { idFrom: 5000 });
    const res = await predict(writeChurnCsv(join(dir, 'keyed.csv'), rows, false), 'keyed-out.csv');
    const logged = await withLog(dir, 'churn', async (conn) =>
      rowsOf(
        conn,
        `SELECT key, inputs FROM ${await loggedRowsSql(conn, dir, 'churn', [res.monitor!.batchId])} ORDER BY row_no`,
      ),
    );
    expect(logged.map((r) => r.key)).toEqual(rows.map((r) => r.id));
    expect(logged.every((r) => r.inputs === null)).toBe(true);

    // With the inputs kept, the key is read from the copy of the scored file when it is compacted.
    await withLog(dir, 'churn', async (conn) =>
      writeSettings(conn, applyUpdate(await readSettings(conn), { logRows: 'all' })),
    );
    const all = await predict(writeChurnCsv(join(dir, 'keyed-all.csv'), rows, false), 'keyed-all-out.csv');
    await withLog(dir, 'churn', async (conn) =>
      writeSettings(conn, applyUpdate(await readSettings(conn), { keyColumn: null, logRows: 'predictions' })),
    );
    const kept = await withLog(dir, 'churn', async (conn) =>
      rowsOf(
        conn,
        `SELECT key, inputs FROM ${await loggedRowsSql(conn, dir, 'churn', [all.monitor!.batchId])} ORDER BY row_no`,
      ),
    );
    expect(kept.map((r) => r.key)).toEqual(rows.map((r) => r.id));
    expect(kept[299].inputs).toEqual([String(rows[299].tenure), String(rows[299].spend), rows[299].plan]);
  });

  it('drops the oldest rows past the cap but keeps every batch summary', async () => {
    await withLog(dir, 'churn', async (conn) =>
      writeSettings(conn, applyUpdate(await readSettings(conn), { maxRows: 2500, logRows: 'all' })),
    );
    await predict(writeChurnCsv(join(dir, 'more.csv'), churnRows(1000, 5), false), 'more-out.csv');
    const { batches, rows, emptied } = await withLog(dir, 'churn', async (conn) => ({
      batches: (await rowsOf(conn, `SELECT count(*)::DOUBLE AS n FROM batches`))[0].n,
      rows: (await rowsOf(conn, `SELECT count(*)::DOUBLE AS n FROM ${await loggedRowsSql(conn, dir, 'churn')}`))[0].n,
      emptied: (await rowsOf(conn, `SELECT count(*)::DOUBLE AS n FROM batches WHERE logged = 'none'`))[0].n,
    }));
    expect(batches).toBe(5);
    // Newest first: 1000 + 300 + 300 fit; the 2000-row shifted batch would pass 2500, so it and the first lose rows.
    expect(rows).toBe(1600);
    expect(emptied).toBe(2);
    expect(readdirSync(join(dir, 'monitor', 'churn', 'rows'))).toHaveLength(6);
  });

  it('refuses a bad setting with a plain message', () => {
    expect(() => applyUpdate(DEFAULTS(), { thresholds: { psiWatch: 0.3, psiAlert: 0.2 } })).toThrow(
      /at least the watch line/,
    );
  });
});

const DEFAULTS = () => applyUpdate({ ...DEFAULT_MONITOR_SETTINGS, maxRows: 10 }, {});
