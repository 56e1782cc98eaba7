import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../models/trees/rng';

// The budget counted on this process's CPU time (util/budget-clock.ts), so the check holds on a loaded machine too.
// The clock reads the variable when its module loads: the engine is imported after setting it (vitest runs each
// test file in its own module graph and process).
process.env.AUTOML_BUDGET_CLOCK = 'cpu';

/** 1,500 rows of 40 numeric columns (a few informative) and a review-like text column, and a binary target. */
function wideCsv(dir: string): string {
  const rng = makeRng(5);
  const cols = Array.from({ length: 40 }, (_, j) => `x${j}`);
  const words = Array.from({ length: 400 }, (_, j) => `w${j.toString(36)}`);
  const lines = [[...cols, 'note', 'y'].join(',')];
  for (let i = 0; i < 1500; i++) {
    const x = cols.map(() => rng() * 2 - 1);
    const mood = rng() < 0.5;
    const note = Array.from({ length: 25 }, () =>
      rng() < 0.15 ? (mood ? 'great' : 'awful') : words[Math.floor(rng() * words.length)],
    ).join(' ');
    const z = x[0] + 0.8 * x[1] * x[2] - 0.6 * x[3] + (mood ? 0.5 : -0.5) + 0.3 * (rng() - 0.5);
    lines.push([...x.map((v) => v.toFixed(4)), note, z > 0 ? 'yes' : 'no'].join(','));
  }
  const path = join(dir, 'wide.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('training budget', () => {
  it('holds for the whole run, the work after the search included (blend, stack, importance, explanations)', async () => {
    const { loadFrame } = await import('../frame/load-frame');
    const { defaultPlan } = await import('./plan');
    const { quickProfile } = await import('./quick-profile');
    const { trainTabular } = await import('./train');
    const dir = mkdtempSync(join(tmpdir(), 'budget-'));
    const dataPath = wideCsv(dir);
    const plan = defaultPlan(quickProfile(await loadFrame(dataPath), 'y'), { task: 'classification', target: 'y' });
    const budget = 6;
    const cpu0 = process.cpuUsage();
    const { summary } = await trainTabular(
      {
        dataPath,
        task: 'classification',
        target: 'y',
        plan,
        models: ['gradient_boosting', 'logistic', 'naive_bayes'],
        budgetSeconds: budget,
        artifactDir: join(dir, 'run'),
      },
      { signal: new AbortController().signal, emit: () => {} },
    );
    const used = process.cpuUsage(cpu0);
    const seconds = (used.user + used.system) / 1e6;
    // The post-search work was done, on every column, not skipped to save time.
    expect(summary.leaderboard.filter((r) => r.status === 'done').length).toBeGreaterThanOrEqual(2);
    expect(summary.featureImportance?.length).toBe(41);
    expect(summary.featureImportance?.slice(0, 4).map((f) => f.feature)).toContain('x0');
    expect(summary.explanations?.rows).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(budget * 1.1);
  });
});

describe('expectedFitTime', () => {
  it('prices a configuration by its family and recipe, a recipe not run yet by the width it adds', async () => {
    const { expectedFitTime } = await import('./train');
    const times = new Map<string, number>([
      ['logistic', 4000],
      ['logistic|0', 4000],
    ]);
    expect(expectedFitTime(times, { family: 'logistic', params: { C: 10 } })).toBe(4000);
    // Five knots per numeric column: about six times the plain model's features.
    expect(expectedFitTime(times, { family: 'logistic', params: { C: 1, splines: 5 } })).toBe(24_000);
    times.set('logistic|5', 30_000);
    expect(expectedFitTime(times, { family: 'logistic', params: { C: 1, splines: 5 } })).toBe(30_000);
    expect(expectedFitTime(times, { family: 'ridge', params: { alpha: 1 } })).toBeUndefined();
  });
});
