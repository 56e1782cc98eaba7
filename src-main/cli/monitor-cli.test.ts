import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorState } from '@shared/monitor';
import { ModelRegistry } from '../services/registry/model-registry';
import { churnModel, churnRows, profileOf, writeChurnCsv } from '../engine/monitor/fixtures/churn';

/** `automl monitor | feedback | rollback` as people run them: the built CLI in a child process. */
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/automl.js');
let dataDir = '';

function automl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, AUTOML_DATA_DIR: dataDir }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('Build first: npm run build (npm test does it).');
  dataDir = mkdtempSync(join(tmpdir(), 'automl-monitor-cli-'));
  const train = writeChurnCsv(join(dataDir, 'train.csv'), churnRows(3000, 1));
  const { modelJson, onnx } = churnModel(await profileOf(train, dataDir, 'churned'), 0.7);
  const registry = new ModelRegistry(dataDir);
  // Two registered models of the same churn data: one sees drifted data, the other stable data.
  await registry.save({ modelId: 'churn-drifted', modelJson, onnx });
  await registry.save({ modelId: 'churn-stable', modelJson, onnx });
  writeChurnCsv(join(dataDir, 'stable.csv'), churnRows(1500, 2), false);
  writeChurnCsv(join(dataDir, 'drifted.csv'), churnRows(1500, 3, { shift: 25 }), false);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('automl monitor', () => {
  it('exits 3 on the drifted model and 0 on the stable one', async () => {
    const p1 = await automl([
      'predict',
      'churn-drifted',
      join(dataDir, 'drifted.csv'),
      '--out',
      join(dataDir, 'd.csv'),
    ]);
    expect(p1.code).toBe(0);
    expect(p1.stderr).toMatch(/Alert: 'tenure' has drifted/);
    const p2 = await automl(['predict', 'churn-stable', join(dataDir, 'stable.csv'), '--out', join(dataDir, 's.csv')]);
    expect(p2.code).toBe(0);
    expect(p2.stderr).not.toMatch(/Alert/);

    const drifted = await automl(['monitor', 'churn-drifted', '--json']);
    expect(drifted.code).toBe(3);
    const state = JSON.parse(drifted.stdout) as MonitorState;
    expect(state.alerts.map((a) => a.subject)).toContain('tenure');
    expect(state.batches).toHaveLength(1);
    expect(state.batches[0].source).toBe('cli');

    const stable = await automl(['monitor', 'churn-stable', '--json']);
    expect(stable.code).toBe(0);
    expect((JSON.parse(stable.stdout) as MonitorState).alerts).toEqual([]);
    const text = await automl(['monitor', 'churn-stable']);
    expect(text.stdout).toMatch(/No open alerts/);
  });

  it('takes outcomes and refuses an unknown model plainly', async () => {
    writeChurnCsv(join(dataDir, 'stable-outcomes.csv'), churnRows(1500, 2));
    const fb = await automl(['feedback', 'churn-stable', join(dataDir, 'stable-outcomes.csv')]);
    expect(fb.code).toBe(0);
    expect(fb.stdout).toMatch(/1500 outcome rows read .* matched a logged prediction/);
    // Shadow mode from the command line: version 2 of churn-stable scores the next file beside version 1.
    await new ModelRegistry(dataDir).activate('churn-stable', 1);
    const refused = await automl(['monitor', 'churn-stable', '--shadow', '1']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Version 1 is the active one/);
    const { modelJson, onnx } = churnModel(await profileOf(join(dataDir, 'train.csv'), dataDir, 'churned'), 0.7);
    await (
      await new ModelRegistry(dataDir).prepare({ modelId: 'churn-stable', modelJson, onnx })
    ).commit({
      activate: false,
    });
    expect((await automl(['monitor', 'churn-stable', '--shadow', '2'])).stdout).toMatch(/Shadow mode: version 2/);
    await automl(['predict', 'churn-stable', join(dataDir, 'stable.csv'), '--out', join(dataDir, 's2.csv')]);
    const side = await automl(['monitor', 'churn-stable']);
    // The same model as version 2: it agrees on every row, and both score alike on the rows with outcomes.
    expect(side.stdout).toMatch(
      /Shadow v2 beside v1: 1 batches, 1500 rows, same label on 100\.0%; accuracy on the 1500 rows with outcomes: active (\S+), shadow \1\./,
    );
    const missing = await automl(['monitor', 'no-such-model']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No model 'no-such-model' in the registry/);
  });
});
