import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFrame } from '../frame/load-frame';
import { predictPipeline } from '../pipeline/predict';
import type { FittedPipeline } from '../pipeline/types';
import { makeRng } from '../models/trees/rng';
import { defaultPlan } from './plan';
import { quickProfile } from './quick-profile';
import { trainTabular } from './train';

describe('holdout mode refit', () => {
  it('refits the final models on all training rows, and pipeline.json reproduces holdout.csv', async () => {
    // 7,000 rows: above the k-fold limit, so one validation holdout is used and the final models are refitted.
    const dir = mkdtempSync(join(tmpdir(), 'refit-'));
    const rng = makeRng(5);
    const lines = ['a,b,c,y'];
    for (let i = 0; i < 7000; i++) {
      const a = rng() * 4 - 2;
      const b = rng() * 4 - 2;
      const c = rng();
      const y = (a > 0 ? 1 : 0) + (a * b > 0.5 ? 1 : 0) + (rng() < 0.1 ? 1 : 0) >= 1 ? 'yes' : 'no';
      lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${y}`);
    }
    const path = join(dir, 'data.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const frame = await loadFrame(path);
    const plan = defaultPlan(quickProfile(frame, 'y'), { task: 'classification', target: 'y' });
    expect(plan.validation.kind).not.toBe('kfold');
    const res = await trainTabular(
      {
        dataPath: path,
        task: 'classification',
        target: 'y',
        plan,
        models: ['gradient_boosting', 'logistic'],
        budgetSeconds: 10,
        artifactDir: join(dir, 'run'),
      },
      { signal: new AbortController().signal, emit: () => {} },
    );
    const rows = res.summary.leaderboard;
    const refit = rows.filter((r) => r.params.refit_all_rows === true);
    expect(refit.length).toBeGreaterThan(0);
    const best = rows.find((r) => r.modelId === res.summary.bestModelId);
    expect(best?.testMetrics?.accuracy).toBeGreaterThan(0.85);
    // The refitted pipeline is the one written and the one that scored the test rows.
    const pipeline = JSON.parse(readFileSync(res.bestPipelinePath, 'utf8')) as FittedPipeline;
    const cols = Object.fromEntries(frame.columns.map((c) => [c.name, c.values]));
    const pred = predictPipeline(pipeline, cols).prediction as string[];
    const holdout = readFileSync(res.holdoutPath, 'utf8').trim().split('\n').slice(1);
    for (const line of holdout) {
      const [row, , prediction] = line.split(',');
      expect(pred[Number(row)]).toBe(prediction);
    }
  }, 60_000);
});
