import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { fixturePipelines } from '../../engine/onnx/fixtures/pipelines';
import { makeTable } from '../../engine/onnx/fixtures/synthetic-data';
import { buildModelJson } from '../../engine/pipeline/model-json';
import { monitorDir, withLog } from '../../engine/monitor/log-db';
import { ModelRegistry } from './model-registry';

/** Found by the soak (issue 19): deleting a model left its prediction log, which the next model of that id inherited. */
const dataDir = mkdtempSync(join(tmpdir(), 'registry-delete-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const p = fixturePipelines(makeTable(200, 1), 'regression').ridge;
const save = (reg: ModelRegistry) =>
  reg.save({
    modelId: 'price-regression',
    onnx: pipelineToOnnx(p),
    modelJson: buildModelJson({
      appVersion: '0.1.0',
      task: 'regression',
      pipeline: p,
      family: 'ridge',
      trainingData: { rows: 200, columns: 7 },
      trainingSeconds: 1,
    }),
  });

/** A prediction log as predict leaves it: the database and one batch's row file. */
async function logSomething(): Promise<void> {
  await withLog(dataDir, 'price-regression', async (conn) => {
    await conn.run(`INSERT INTO events VALUES (1, 'test', '{}')`);
  });
  const rows = join(monitorDir(dataDir, 'price-regression'), 'rows');
  mkdirSync(rows, { recursive: true });
  writeFileSync(join(rows, 'b1.in.parquet'), 'x');
}

describe('deleting a model', () => {
  it('keeps the prediction log when one version goes, and removes it with the whole model', async () => {
    const reg = new ModelRegistry(dataDir);
    await save(reg);
    await save(reg);
    await logSomething();

    await reg.delete('price-regression', 1);
    expect(readdirSync(monitorDir(dataDir, 'price-regression')).sort()).toEqual(['log.duckdb', 'rows']);

    await reg.delete('price-regression');
    expect(existsSync(monitorDir(dataDir, 'price-regression'))).toBe(false);
    expect(readdirSync(join(dataDir, 'monitor'))).toEqual([]);

    // A new model of the same id starts with an empty log.
    await save(reg);
    const events = await withLog(dataDir, 'price-regression', async (conn) =>
      (await conn.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS(),
    );
    expect(events).toEqual([{ n: 0n }]);
  });
});
