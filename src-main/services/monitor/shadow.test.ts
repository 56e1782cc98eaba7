import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CodedError } from '@shared/errors';
import { ModelRegistry } from '../registry/model-registry';
import { MonitorService } from './monitor-service';
import { predictJob } from '../../workers/jobs/predict';
import { scoreFile } from '../../engine/predict/score-file';
import { tabularModelJson } from '../../engine/artifacts/model-json';
import { buildModelJson } from '../../engine/pipeline/model-json';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { rowsOf, withLog } from '../../engine/monitor/log-db';
import { loggedRowsSql } from '../../engine/monitor/row-files';
import { churnModel, churnPipeline, churnRows, profileOf, writeChurnCsv } from '../../engine/monitor/fixtures/churn';

// Counts the rows read from each file through read-table (scoring and the input preview; the real reader runs).
const rowsRead = new Map<string, number>();
vi.mock('../../engine/predict/read-table', async (original) => {
  const real = await original<typeof import('../../engine/predict/read-table')>();
  const openTable: typeof real.openTable = async (path, options) => {
    const table = await real.openTable(path, options);
    const read: typeof table.read = async (wanted) => {
      const stream = await table.read(wanted);
      return {
        next: async (rows) => {
          const batch = await stream.next(rows);
          rowsRead.set(path, (rowsRead.get(path) ?? 0) + (batch?.rows ?? 0));
          return batch;
        },
      };
    };
    return { ...table, read };
  };
  return { ...real, openTable };
});

let dir = '';
const ctx = { signal: new AbortController().signal, emit: () => undefined };
const labels = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monitor-shadow-'));
  const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(3000, 1));
  const profile = await profileOf(train, dir, 'churned');
  const reg = new ModelRegistry(dir);
  const { modelJson, onnx } = churnModel(profile, 0.7);
  await reg.save({ modelId: 'churn', modelJson, onnx });
  // The candidate: the same model with the tenure effect reversed, registered without becoming active.
  const other = churnPipeline();
  if (other.model.family === 'logistic') other.model.coef = [[0.08, 0.01, 0, -0.3, -0.8]];
  const candidate = buildModelJson({
    appVersion: '0.1.0',
    task: 'classification',
    pipeline: other,
    family: 'logistic',
    metrics: { primary: 'accuracy', test: { accuracy: 0.6 } },
    trainingData: { rows: profile.rows, columns: profile.columns.length, profile },
    trainingSeconds: 1,
  });
  await (
    await reg.prepare({ modelId: 'churn', modelJson: candidate, onnx: pipelineToOnnx(other) })
  ).commit({ activate: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shadow mode', () => {
  it('scores every batch with the candidate too, returns only the champion, and compares both on the same rows', async () => {
    const service = new MonitorService(dir);
    const refused = async (v: number) =>
      service.update('churn', { shadowVersion: v }).then(
        () => 'accepted',
        (e: CodedError) => e.code,
      );
    expect(await refused(1)).toBe('invalid-input');
    expect(await refused(7)).toBe('invalid-input');
    await service.update('churn', { shadowVersion: 2 });

    const rows = churnRows(1500, 2);
    const input = writeChurnCsv(join(dir, 'batch.csv'), rows, false);
    const res = await predictJob(
      { dataDir: dir, source: { kind: 'model', modelId: 'churn' }, inputPath: input, outputPath: join(dir, 'out.csv') },
      ctx,
    );
    expect(res.note).toBeUndefined();
    // Both versions score from one read of the file: its 1,500 rows once, and the 20 of the preview beside them.
    expect(rowsRead.get(input)).toBe(1500 + 20);
    // What the person gets is the active version's predictions, exactly as plain scoring writes them.
    const reg = new ModelRegistry(dir);
    const direct = async (version: number, name: string) => {
      const m = await reg.resolve('churn', version);
      const out = join(dir, name);
      await scoreFile({
        onnxPath: m.onnxPath,
        modelJson: tabularModelJson(m.modelJson),
        inputPath: input,
        outputPath: out,
      });
      return out;
    };
    const championOut = await direct(1, 'v1.csv');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(readFileSync(championOut, 'utf8'));
    const champion = labels(championOut);
    const shadow = labels(await direct(2, 'v2.csv'));

    const logged = await withLog(dir, 'churn', async (conn) => ({
      batches: await rowsOf(conn, `SELECT version, role, shadow_of FROM batches ORDER BY role`),
      shadowRows: await rowsOf(
        conn,
        `SELECT r.prediction, r.inputs FROM ${await loggedRowsSql(conn, dir, 'churn')} r JOIN batches b USING (batch_id) WHERE b.role = 'shadow' ORDER BY r.row_no`,
      ),
    }));
    expect(logged.batches).toEqual([
      { version: 1, role: 'champion', shadow_of: '' },
      { version: 2, role: 'shadow', shadow_of: res.monitor!.batchId },
    ]);
    expect(logged.shadowRows.map((r) => r.prediction)).toEqual(shadow);
    // Its rows share the champion batch's inputs (not copied again).
    expect(logged.shadowRows[1499].inputs).toEqual([
      String(rows[1499].tenure),
      String(rows[1499].spend),
      rows[1499].plan,
    ]);

    const agreement = champion.filter((p, i) => p === shadow[i]).length / rows.length;
    expect(agreement).toBeLessThan(0.9);
    const before = await service.state('churn');
    expect(before.shadows).toHaveLength(1);
    expect(before.shadows[0]).toMatchObject({ version: 2, rows: 1500, matched: 0, champion: null, shadow: null });
    expect(before.shadows[0].agreement).toBeCloseTo(agreement, 12);
    // A shadow batch raises no alert and is not part of the active version's live metric.
    expect(before.alerts.filter((a) => a.version === 2)).toEqual([]);

    const { state } = await service.feedback('churn', writeChurnCsv(join(dir, 'outcomes.csv'), rows, true));
    // Rows are matched by a hash of their inputs: identical rows all take the last outcome given for them.
    const last = new Map(rows.map((r) => [`${r.tenure},${r.spend},${r.plan}`, r.churned]));
    const outcome = rows.map((r) => last.get(`${r.tenure},${r.spend},${r.plan}`));
    const accuracy = (p: string[]) => p.filter((x, i) => x === outcome[i]).length / rows.length;
    const s = state.shadows[0];
    expect(s.matched).toBe(1500);
    expect(s.champion).toBeCloseTo(accuracy(champion), 12);
    expect(s.shadow).toBeCloseTo(accuracy(shadow), 12);
    expect(s.champion!).toBeGreaterThan(s.shadow! + 0.05);
    expect(s.perBatch).toMatchObject([{ batchId: expect.any(String), championVersion: 1, rows: 1500, matched: 1500 }]);
    expect(state.evaluations.map((e) => [e.version, e.matched])).toEqual([[1, 1500]]);

    // Promoting the shadow ends shadow mode; rolling back does not bring it back.
    expect((await service.activate('churn', 2, 'promote', 'test')).settings.shadowVersion).toBeNull();
    await service.rollback('churn', 1, 'test');
    await service.update('churn', { shadowVersion: 2 });

    // Off again: the next batch is scored by the active version alone.
    await service.update('churn', { shadowVersion: null });
    await predictJob(
      {
        dataDir: dir,
        source: { kind: 'model', modelId: 'churn' },
        inputPath: input,
        outputPath: join(dir, 'out2.csv'),
      },
      ctx,
    );
    expect((await service.state('churn')).batches.map((b) => b.role)).toEqual(['champion', 'shadow', 'champion']);
  });
});
