import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { LeaderboardRow } from '@shared/project';
import { loadFrame } from '../frame/load-frame';
import { defaultPlan } from './plan';
import { quickProfile } from './quick-profile';
import { trainTabular, type TabularTrainInput } from './train';

// Budgets on this process's CPU time (util/budget-clock.ts): how many trials 3 s and 6 s buy, which the checks below
// compare, then does not depend on how busy the machine is. vi.hoisted runs before the imports, as the clock needs.
// The timeouts only guard against a hang: a CPU-time budget takes longer on the wall on a busy machine.
vi.hoisted(() => {
  process.env.AUTOML_BUDGET_CLOCK = 'cpu';
});

const BOSTON = join(__dirname, '../../../resources/samples/boston-housing.csv');
const quiet = { signal: new AbortController().signal, emit: () => {} };
const trials = (rows: LeaderboardRow[]) =>
  rows.filter((r) => r.status === 'done' && !/^(ensemble|stack)$/.test(r.modelId));
const config = (r: LeaderboardRow) => {
  // The search's own configuration, without what the run added to the row (rounds found, refits, repeats).
  const { best_iteration: _b, cv_repeats: _c, refit_all_rows: _r, search_rows: _s, ...params } = r.params;
  return JSON.stringify([r.family, params]);
};

/** Housing prices with three families and a 3 s budget, in a fresh artifact folder. */
function housing(plan: TabularTrainInput['plan']): TabularTrainInput {
  return {
    dataPath: BOSTON,
    task: 'regression',
    target: 'price',
    plan,
    models: ['gradient_boosting', 'ridge', 'linear'],
    budgetSeconds: 3,
    artifactDir: mkdtempSync(join(tmpdir(), 'continue-')),
  };
}

describe('continue with more budget', () => {
  it('starts from the saved trials: they stay as they were, nothing is tried twice, new ones are added', async () => {
    const frame = await loadFrame(BOSTON);
    const plan = defaultPlan(quickProfile(frame, 'price'), { task: 'regression', target: 'price' });
    const input = housing(plan);
    const first = (await trainTabular(input, quiet)).summary;
    const before = trials(first.leaderboard);
    expect(before.length).toBeGreaterThan(1);
    expect(first.continuedFrom).toBeUndefined();

    const second = (await trainTabular({ ...input, budgetSeconds: 6, continueSearch: true }, quiet)).summary;
    expect(second.continuedFrom).toBe(before.length);
    const after = trials(second.leaderboard);
    // Every earlier model is there with the same validation score.
    for (const r of before) {
      const again = after.find((a) => a.modelId === r.modelId);
      expect(again?.metrics.rmse).toBe(r.metrics.rmse);
    }
    // More models than before, new ids after the old ones, and no configuration twice.
    expect(after.length).toBeGreaterThan(before.length);
    const fresh = after.filter((a) => !before.some((b) => b.modelId === a.modelId));
    expect(fresh.length).toBeGreaterThan(0);
    const configs = after.map(config);
    expect(new Set(configs).size).toBe(configs.length);
    // The best is at least as good as before: the search only added options.
    const best = (s: typeof first) => Math.min(...trials(s.leaderboard).map((r) => r.metrics.rmse ?? Infinity));
    expect(best(second)).toBeLessThanOrEqual(best(first));

    // Other settings (a different split seed) do not reuse the log: the search starts from scratch.
    const other = (await trainTabular({ ...input, seed: 7, continueSearch: true }, quiet)).summary;
    expect(other.continuedFrom).toBeUndefined();
    expect(trials(other.leaderboard).map((r) => r.modelId)).toContain('ridge-1');
  }, 240_000);

  it('holdout validation: a refit on all rows does not replace the search fit a continued search starts from', async () => {
    const frame = await loadFrame(BOSTON);
    const base = defaultPlan(quickProfile(frame, 'price'), { task: 'regression', target: 'price' });
    const plan = { ...base, validation: { ...base.validation, kind: 'holdout' as const } };
    const input = housing(plan);
    const first = (await trainTabular(input, quiet)).summary;
    const refitted = trials(first.leaderboard).filter((r) => r.params.refit_all_rows);
    expect(refitted.length).toBeGreaterThan(0);
    const second = (await trainTabular({ ...input, continueSearch: true }, quiet)).summary;
    expect(second.continuedFrom).toBe(trials(first.leaderboard).length);
    for (const r of trials(first.leaderboard)) {
      const again = second.leaderboard.find((a) => a.modelId === r.modelId);
      expect(again?.metrics.rmse).toBe(r.metrics.rmse);
    }
  }, 240_000);
});
