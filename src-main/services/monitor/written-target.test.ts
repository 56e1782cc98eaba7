import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreOn } from '../../engine/monitor/challenge';
import { pipelineToOnnx } from '../../engine/onnx/pipeline-to-onnx';
import { buildModelJson } from '../../engine/pipeline/model-json';
import type { SinglePipeline } from '../../engine/pipeline/types';
import { predictJob } from '../../workers/jobs/predict';
import { ModelRegistry } from '../registry/model-registry';
import { MonitorService } from './monitor-service';

/**
 * A model trained on a file with 'Price' and 'price' knows its target as the app's 'price_1' and as written, 'price'.
 * Outcomes (feedback) and new labelled data (retrain's comparison) name it 'price', as the person wrote it.
 */
let dir = '';
const ctx = { signal: new AbortController().signal, emit: () => undefined };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'written-target-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** price_1 = 2·size + 1, by hand. */
const pipeline: SinglePipeline = {
  kind: 'single',
  task: 'regression',
  target: 'price_1',
  inputs: [{ name: 'size', kind: 'numeric' }],
  steps: [{ kind: 'numeric', column: 'size', impute: 0, center: 0, scale: 1, indicator: false }],
  featureNames: ['size'],
  model: { family: 'linear', coef: [[2]], intercept: [1], link: 'identity' },
};
const ROWS = 30;
/** The true price: the prediction plus an error of ±1. */
const truth = (i: number): number => 2 * i + 1 + (i % 2 ? 1 : -1);

async function registered(modelId: string) {
  const modelJson = {
    ...buildModelJson({
      appVersion: '0.1.0',
      task: 'regression',
      pipeline,
      family: 'linear',
      metrics: { primary: 'rmse', test: { rmse: 1 } },
      trainingData: { rows: ROWS, columns: 3 },
      trainingSeconds: 1,
    }),
    targetWritten: 'price',
  };
  const registry = new ModelRegistry(dir);
  await registry.save({ modelId, modelJson, onnx: pipelineToOnnx(pipeline) });
  return { onnxPath: (await registry.resolve(modelId)).onnxPath, modelJson };
}

describe("a target written 'price' that the app calls 'price_1'", () => {
  it('takes outcomes from the column written price', async () => {
    await registered('fb');
    const service = new MonitorService(dir);
    await service.update('fb', { keyColumn: 'id' });
    const input = join(dir, 'in.csv');
    writeFileSync(input, ['id,size', ...Array.from({ length: ROWS }, (_, i) => `r${i},${i}`)].join('\n') + '\n');
    await predictJob(
      { dataDir: dir, source: { kind: 'model', modelId: 'fb' }, inputPath: input, outputPath: join(dir, 'out.csv') },
      ctx,
    );
    const outcomes = join(dir, 'outcomes.csv');
    writeFileSync(outcomes, ['id,price', ...Array.from({ length: ROWS }, (_, i) => `r${i},${truth(i)}`)].join('\n'));
    const { report, state } = await service.feedback('fb', outcomes);
    expect(report).toMatchObject({ received: ROWS, matched: ROWS, unmatched: 0 });
    expect(state.evaluations[0].perWeek[0].metrics.rmse).toBeCloseTo(1, 12);
  });

  it("compares models on new labelled data by the column written price (retrain's challenge)", async () => {
    const model = await registered('ch');
    const labelled = join(dir, 'labelled.csv');
    writeFileSync(labelled, ['price,size', ...Array.from({ length: ROWS }, (_, i) => `${truth(i)},${i}`)].join('\n'));
    expect(await scoreOn(model, labelled, join(dir, 'scored.csv'), 'rmse')).toBeCloseTo(1, 12);
    const unlabelled = join(dir, 'unlabelled.csv');
    writeFileSync(unlabelled, ['size', ...Array.from({ length: ROWS }, (_, i) => `${i}`)].join('\n'));
    await expect(scoreOn(model, unlabelled, join(dir, 'scored2.csv'), 'rmse')).rejects.toThrow(
      "The new data has no column 'price' with the true values to compare the models on. Columns found: size.",
    );
  });
});
