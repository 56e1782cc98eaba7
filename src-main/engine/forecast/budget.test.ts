import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { backtest, planBacktest } from './backtest';
import { BudgetExceeded } from './budget';
import { makeFrequency } from './frequency';
import { methodFor } from './methods';
import { budgetDeadline, runForecast } from './run-forecast';
import { tempDir, testContext } from './test-helpers';
import { budgetClockIsCpu, budgetNow } from '../util/budget-clock';

// The budget is counted on this process's CPU time (util/budget-clock.ts), so the check that a run keeps to it holds
// on a busy machine too (a wall-clock check fails there). The clock reads the variable when its module loads:
// vi.hoisted runs before the imports.
vi.hoisted(() => {
  process.env.AUTOML_BUDGET_CLOCK = 'cpu';
});

const BIRTHS = join(__dirname, '../../../resources/samples/us-births-daily.csv');

describe('forecast time budget', () => {
  it('stops fitting at the deadline and still returns a forecast and a leaderboard', async () => {
    const { ctx } = testContext();
    const budget = 3;
    const cpu0 = process.cpuUsage();
    const r = await runForecast(
      { dataPath: BIRTHS, date: 'date', target: 'births', horizon: 30, budgetSeconds: budget, artifactDir: tempDir() },
      ctx,
    );
    const used = process.cpuUsage(cpu0);
    expect(budgetClockIsCpu()).toBe(true);
    // 10% over the budget plus a fixed allowance for one unfinished loop step.
    expect((used.user + used.system) / 1e6).toBeLessThan(budget * 1.1 + 1);
    expect(r.details.forecast).toHaveLength(30);
    expect(r.details.forecast.every((row) => Number.isFinite(row.prediction))).toBe(true);
    const rows = r.summary.leaderboard;
    expect(rows.find((row) => row.family === 'seasonal_naive')?.status).toBe('done');
    // All the methods take longer than 3 s on this series: some must have been stopped, each with a reason, and
    // shown as out of time, not as models that failed.
    const stopped = rows.filter((row) => row.status === 'out_of_time');
    expect(stopped.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.status === 'failed')).toEqual([]);
    for (const row of stopped) expect(row.error).toMatch(/time budget/);
    expect(rows.some((row) => row.modelId === r.summary.bestModelId && row.status === 'done')).toBe(true);
  }, 120_000);

  it('backtest throws BudgetExceeded once the deadline has passed, and not without one', () => {
    const y = Float64Array.from({ length: 120 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 12) + (i % 5));
    const t = Float64Array.from({ length: 120 }, (_, i) => Date.UTC(2010, i, 1));
    const view = { y, t, m: 12, freq: makeFrequency('month', 1, 1) };
    const plan = planBacktest(120, 12, 12);
    const signal = new AbortController().signal;
    expect(() => backtest(methodFor('arima'), view, plan, signal, undefined, budgetNow() - 1)).toThrow(BudgetExceeded);
    expect(backtest(methodFor('seasonal_naive'), view, plan, signal).perFold).toHaveLength(plan.origins.length);
  });

  it('keeps a small share of the budget for writing the results', () => {
    expect(budgetDeadline(0, undefined)).toBeUndefined();
    expect(budgetDeadline(0, 20)).toBe(19_000);
    expect(budgetDeadline(0, 3)).toBe(2850);
  });
});
