import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../registry/model-registry';
import { predictJob } from '../../workers/jobs/predict';
import { churnModel, churnRows, profileOf, writeChurnCsv } from '../../engine/monitor/fixtures/churn';
import { rowsOf, withLog } from '../../engine/monitor/log-db';
import { loggedRowsSql } from '../../engine/monitor/row-files';

let dir = '';
const ctx = { signal: new AbortController().signal, emit: () => undefined };
const tsxEnv = { ...process.env, TSX_TSCONFIG_PATH: resolve(__dirname, '../../../tsconfig.base.json') };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monitor-crash-'));
  const train = writeChurnCsv(join(dir, 'train.csv'), churnRows(1000, 1));
  const { modelJson, onnx } = churnModel(await profileOf(train, dir, 'churned'), 0.7);
  await new ModelRegistry(dir).save({ modelId: 'churn', modelJson, onnx });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const counts = () =>
  withLog(dir, 'churn', async (conn) => ({
    batches: Number((await rowsOf(conn, `SELECT count(*)::DOUBLE AS n FROM batches`))[0].n),
    rows: Number(
      (await rowsOf(conn, `SELECT count(*)::DOUBLE AS n FROM ${await loggedRowsSql(conn, dir, 'churn')}`))[0].n,
    ),
    files: readdirSync(join(dir, 'monitor', 'churn', 'rows')).length,
  }));

describe('a crash while a batch is written', () => {
  it('leaves the log as it was before the batch, and the next batch is logged', async () => {
    const input = writeChurnCsv(join(dir, 'batch.csv'), churnRows(20_000, 2), false);
    const out = join(dir, 'batch-out.csv');
    const first = await predictJob(
      { dataDir: dir, source: { kind: 'model', modelId: 'churn' }, inputPath: input, outputPath: out },
      ctx,
    );
    expect(first.monitor?.note).toBeUndefined();
    expect(await counts()).toEqual({ batches: 1, rows: 20_000, files: 2 });

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(__dirname, '../../engine/monitor/fixtures/crash-writer.ts'),
        dir,
        'churn',
        input,
        out,
      ],
      { env: tsxEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) done();
      });
      child.on('exit', () => fail(new Error(`writer exited early: ${stderr}`)));
    });
    child.removeAllListeners('exit');
    const gone = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await gone;
    expect(existsSync(join(dir, 'monitor', 'churn', 'log.duckdb'))).toBe(true);

    // Nothing of the killed batch counts (its renamed file is named by no committed batch); the first is whole.
    expect((await counts()).batches).toBe(1);
    expect((await counts()).rows).toBe(20_000);
    const again = await predictJob(
      { dataDir: dir, source: { kind: 'model', modelId: 'churn' }, inputPath: input, outputPath: out },
      ctx,
    );
    expect(again.monitor?.note).toBeUndefined();
    expect(await counts()).toEqual({ batches: 2, rows: 40_000, files: 4 });
  });
});
