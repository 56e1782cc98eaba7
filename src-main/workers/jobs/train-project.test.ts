import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFrame } from '../../engine/frame/load-frame';
import { candidateModels, defaultPlan } from '../../engine/tabular/plan';
import { quickProfile } from '../../engine/tabular/quick-profile';
import { trainProject } from './train-project';

const dir = mkdtempSync(join(tmpdir(), 'train-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainProject (tables)', () => {
  it("ranks by the Models step's metric and chooses by log loss, as the Models step says", async () => {
    // 240 rows, 1 in 6 positive: imbalanced (5:1), so the Models step picks F1 (macro).
    const lines = ['x1,x2,y'];
    for (let i = 0; i < 240; i++) {
      const yes = i % 6 === 0;
      lines.push(`${(yes ? 2 : 0) + ((i * 37) % 100) / 40},${((i * 53) % 70) / 7},${yes ? 'left' : 'stayed'}`);
    }
    const dataPath = join(dir, 'data.csv');
    writeFileSync(dataPath, lines.join('\n'));
    const profile = quickProfile(await loadFrame(dataPath), 'y');
    const models = candidateModels('classification', profile);
    expect(models.metric).toBe('f1_macro');
    const only = {
      ...models,
      budgetSeconds: 3,
      candidates: models.candidates.map((c) => ({ ...c, selected: c.family === 'logistic' })),
    };
    const summary = await trainProject(
      {
        task: 'classification',
        dataPath,
        dataset: {
          path: dataPath,
          originalName: 'data.csv',
          format: 'csv',
          rows: 240,
          columns: [],
          sample: [],
          bytes: 0,
        },
        intent: {
          task: 'classification',
          target: 'y',
          horizon: null,
          k: null,
          date: null,
          confidence: 1,
          alternatives: [],
          explanation: '',
        },
        profile,
        plan: defaultPlan(profile, { task: 'classification', target: 'y' }),
        models: only,
        artifactDir: join(dir, 'artifacts'),
      },
      { signal: new AbortController().signal, emit: () => {} },
    );
    expect(summary.metric).toBe('f1_macro');
    expect(summary.selectedBy).toBe('log_loss');
    const f1 = summary.leaderboard.filter((r) => r.status === 'done').map((r) => r.metrics.f1_macro ?? NaN);
    expect(f1.length).toBeGreaterThan(1);
    expect(f1.every((v, i) => i === 0 || v <= f1[i - 1])).toBe(true);
  });
});
