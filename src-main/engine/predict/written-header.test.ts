import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { pipelineToOnnx } from '../onnx/pipeline-to-onnx';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { csvCells, makeTable } from '../onnx/fixtures/synthetic-data';
import { buildModelJson } from '../pipeline/model-json';
import { predictPipeline } from '../pipeline/predict';
import { csvLine } from '../util/csv-writer';
import { scoreFile } from './score-file';

const dir = mkdtempSync(join(tmpdir(), 'written-header-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const train = makeTable(200, 1);
const test = makeTable(60, 5, true);

/** The test rows as CSV under `header` (x1 under the name given), with a decoy column of zeros first when asked. */
function writeRows(path: string, x1: string, decoy?: string): void {
  const lines = [csvLine([...(decoy ? [decoy] : []), x1, 'x 2', 'flag', 'color', 'city', 'when', 'note'])];
  for (let i = 0; i < test.n; i++) lines.push(csvLine([...(decoy ? ['0'] : []), ...csvCells(test, i)]));
  writeFileSync(path, lines.join('\n') + '\n');
}

describe('predict finds a column by the name written in the training file', () => {
  // As if the training file had 'x1' beside 'X1': the app called the model's input 'x1_1', written 'X1'.
  const p = fixturePipelines(train, 'regression').gradient_boosting;
  const onnxPath = join(dir, 'm.onnx');
  writeFileSync(onnxPath, pipelineToOnnx(p));
  const base = buildModelJson({
    appVersion: '0.1.0',
    task: 'regression',
    pipeline: p,
    family: 'test',
    trainingData: { rows: 200, columns: 8 },
    trainingSeconds: 1,
  });
  const modelJson = {
    ...base,
    features: base.features.map((f) => (f.name === 'x1' ? { ...f, written: 'X1' } : f)),
  };
  const want = Array.from(predictPipeline(p, test.cols).prediction, Number);
  const predictionsOf = async (file: string, keep?: string[]): Promise<string[][]> => {
    const outputPath = join(dir, `${file}.out.csv`);
    await scoreFile({ onnxPath, modelJson, inputPath: join(dir, file), outputPath, keep });
    return readFileSync(outputPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
  };

  it('in a new file without the column it clashed with, and beside it in either order', async () => {
    writeRows(join(dir, 'alone.csv'), 'X1');
    // DuckDB reads 'x1' (zeros) as x1 and the model's column as 'X1_1': by the app's name it would score the zeros.
    writeRows(join(dir, 'beside.csv'), 'X1', 'x1');
    for (const file of ['alone.csv', 'beside.csv']) {
      const rows = await predictionsOf(file, ['X1']);
      expect(rows[0]).toEqual(['X1', 'prediction']);
      rows.slice(1).forEach((r, i) => expect(Math.abs(Number(r[1]) - want[i])).toBeLessThan(1e-9));
    }
  });

  it('names the missing column as written, and lists the columns as written', async () => {
    writeRows(join(dir, 'other.csv'), 'x9', 'x1');
    const err = await predictionsOf('other.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('column-missing');
    expect((err as CodedError).message).toBe(
      "The model needs column 'X1', which is not in other.csv. Columns found: x1, x9, x 2, flag, color, city, when, note.",
    );
  });
});
