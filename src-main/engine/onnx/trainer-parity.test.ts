/**
 * End to end with the real trainer: every pipeline trainTabular writes exports to ONNX, onnxruntime agrees
 * with predictPipeline on every row of the file, predictPipeline agrees with the trainer's own holdout
 * predictions, and scoreFile on the raw CSV reproduces the run's holdout metric.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFrame } from '../frame/load-frame';
import { buildModelJson } from '../pipeline/model-json';
import { predictPipeline } from '../pipeline/predict';
import type { Columns, FittedPipeline } from '../pipeline/types';
import { openSession, runSession } from '../predict/ort-session';
import { scoreFile } from '../predict/score-file';
import { candidateModels, defaultPlan } from '../tabular/plan';
import { quickProfile } from '../tabular/quick-profile';
import { trainTabular } from '../tabular/train';
import { checkModels, compare, hasPythonOnnx } from './fixtures/parity';
import { pipelineToOnnx } from './pipeline-to-onnx';

const SAMPLES = join(__dirname, '../../../resources/samples');
const dir = mkdtempSync(join(tmpdir(), 'trainer-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

const cases: Array<{ file: string; target: string; task: 'regression' | 'classification'; models: string[] }> = [
  {
    file: 'boston-housing.csv',
    target: 'price',
    task: 'regression',
    models: ['gradient_boosting', 'ridge', 'polynomial', 'random_forest', 'mlp', 'lasso', 'kernel'],
  },
  {
    file: 'penguins.csv',
    target: 'species',
    task: 'classification',
    models: ['logistic', 'gradient_boosting', 'random_forest', 'extra_trees', 'naive_bayes', 'svm', 'mlp', 'kernel'],
  },
];

describe.each(cases)('trainer -> ONNX -> predict: $file', ({ file, target, task, models }) => {
  it('every trained pipeline matches in onnxruntime, and scoring the CSV reproduces the holdout metric', async () => {
    const dataPath = join(SAMPLES, file);
    const frame = await loadFrame(dataPath);
    const profile = quickProfile(frame, target);
    const plan = defaultPlan(profile, { task, target });
    const metric = candidateModels(task, profile).metric;
    const artifactDir = join(dir, file);
    const res = await trainTabular(
      { dataPath, task, target, plan, models: models as never, budgetSeconds: 4, artifactDir, metric },
      { signal: new AbortController().signal, emit: () => undefined },
    );
    const best = JSON.parse(readFileSync(res.bestPipelinePath, 'utf8')) as FittedPipeline;
    const cols: Columns = Object.fromEntries(frame.columns.map((c) => [c.name, c.values]));
    const onnxFiles: string[] = [];
    const families = new Map<string, number>();
    // The best pipeline, then up to two of every family the search tried (it writes dozens).
    for (const [id, path] of [['best', res.bestPipelinePath], ...Object.entries(res.pipelinePaths)]) {
      const p = JSON.parse(readFileSync(path, 'utf8')) as FittedPipeline;
      const family = p.kind === 'single' ? p.model.family : 'ensemble';
      if (id !== 'best' && (families.get(family) ?? 0) >= 2) continue;
      families.set(family, (families.get(family) ?? 0) + 1);
      const bytes = pipelineToOnnx(p);
      const onnxPath = join(artifactDir, `${id}.onnx`);
      writeFileSync(onnxPath, bytes);
      onnxFiles.push(onnxPath);
      const viaOnnx = await runSession(await openSession(bytes), p.inputs, cols, frame.nRows);
      const { maxAbs, labelMismatches } = compare(viaOnnx, predictPipeline(p, cols));
      expect(labelMismatches, id).toBe(0);
      expect(maxAbs, id).toBeLessThanOrEqual(1e-9);
    }
    // How many families finish in the budget depends on machine load; the synthetic parity suite covers them all.
    expect(families.size).toBeGreaterThanOrEqual(1);

    // predictPipeline agrees with the trainer's own holdout predictions.
    const holdout = csvRows(res.holdoutPath);
    const ref = predictPipeline(best, cols);
    for (const row of holdout) {
      const r = Number(row[0]);
      if (task === 'regression') expect(Math.abs((ref.prediction[r] as number) - Number(row[2]))).toBeLessThan(1e-9);
      else expect(ref.prediction[r]).toBe(row[2]);
    }

    // The bundle path: raw CSV -> scoreFile -> the holdout metric of the run.
    const modelJson = buildModelJson({
      appVersion: '0.1.0',
      task,
      pipeline: best,
      family: res.summary.bestModelId ?? 'unknown',
      trainingData: { rows: frame.nRows, columns: frame.columns.length, profile },
      trainingSeconds: res.summary.elapsedSeconds,
    });
    const out = join(artifactDir, 'scored.csv');
    await scoreFile({ onnxPath: join(artifactDir, 'best.onnx'), modelJson, inputPath: dataPath, outputPath: out });
    const scored = csvRows(out);
    expect(scored).toHaveLength(frame.nRows);
    const bestRow = res.summary.leaderboard.find((r) => r.modelId === res.summary.bestModelId);
    if (task === 'regression') {
      const err = holdout.map((row) => Number(scored[Number(row[0])][0]) - Number(row[1]));
      const rmse = Math.sqrt(err.reduce((a, e) => a + e * e, 0) / err.length);
      expect(Math.abs(rmse - (bestRow?.testMetrics?.rmse as number))).toBeLessThan(1e-9);
    } else {
      const acc = holdout.filter((row) => scored[Number(row[0])][0] === row[1]).length / holdout.length;
      expect(Math.abs(acc - (bestRow?.testMetrics?.accuracy as number))).toBeLessThan(1e-12);
    }

    if (hasPythonOnnx()) expect(Object.values(checkModels(onnxFiles)).filter((e) => e !== '')).toEqual([]);
    else console.warn('SKIPPED onnx.checker: /usr/bin/python3 has no onnx module (apt-get install python3-onnx)');
  });
});
