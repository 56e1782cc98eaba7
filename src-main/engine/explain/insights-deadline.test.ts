import { describe, expect, it, vi } from 'vitest';
import { MIN_PATTERN_ROWS } from '@shared/explain';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { buildBackground } from './background';
import { explainRows } from './explain';
import { explainModel } from './insights';
import { takeRows } from './rows';

/**
 * The budget clock, two ways. 'lag': the wall clock less `lag` ms (a benchmark's CPU clock, far behind the wall
 * clock). 'work': a clock that moves only when the model scores rows (0.05 ms a call + 0.002 ms a row), so the
 * deadline tests measure the explainer's budgeting, not how busy the machine is (timing real runs failed in CI).
 */
const clock = vi.hoisted(() => ({ mode: 'lag' as 'lag' | 'work', lag: 0, work: 0 }));
vi.mock('../util/budget-clock', () => ({
  budgetNow: () => (clock.mode === 'work' ? clock.work : Date.now() - clock.lag),
  budgetClockIsCpu: () => clock.mode === 'work' || clock.lag !== 0,
}));
vi.mock('../pipeline/predict', async (importOriginal) => {
  const real = await importOriginal<typeof import('../pipeline/predict')>();
  return {
    ...real,
    predictPipeline: (...args: Parameters<typeof real.predictPipeline>) => {
      const out = real.predictPipeline(...args);
      clock.work += 0.05 + 0.002 * out.prediction.length;
      return out;
    },
  };
});

const train = makeTable(200, 21);
const held = makeTable(150, 22);

/** An MLP (explained by sampling) with 200 background rows, and what one row costs to explain on the work clock. */
function sampledMlp() {
  clock.mode = 'work';
  const p = fixturePipelines(train, 'regression').mlp;
  const bg = buildBackground(p, train.cols, train.n, { sampleRows: 200 });
  const t = clock.work;
  explainRows(p, bg, takeRows(p.inputs, held.cols, Int32Array.of(0)));
  return { p, bg, perRow: clock.work - t };
}

describe('explainModel deadline', () => {
  it('reads its deadline on the budget clock, not the wall clock', () => {
    clock.mode = 'lag';
    clock.lag = 1_000_000;
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    const bg = buildBackground(p, train.cols, train.n);
    const deadline = Date.now() - clock.lag + 60_000;
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'gbm-1', deadline });
    // A minute on the budget clock is plenty for exact TreeSHAP on 150 rows; on the wall clock it is long past.
    expect(m.rows).toBe(150);
    expect(m.partialDependence.length).toBeGreaterThan(0);
  });

  it('a sampled model that is slow to explain stays near its deadline: one row probed, one explained', () => {
    const { p, bg, perRow } = sampledMlp();
    const t = clock.work;
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'mlp-1', deadline: clock.work });
    const took = clock.work - t;
    expect(m.rows).toBe(1);
    expect(m.partialDependence).toEqual([]);
    // About two rows' cost (the probe and the row); the former floor (5 + 5 probed, 10 explained) cost twenty.
    expect(took).toBeLessThan(3 * perRow);
  });

  it("a sampled model given a few rows' time explains the rows the charts need (fewer background rows if need be)", () => {
    const { p, bg, perRow } = sampledMlp();
    const t = clock.work;
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'mlp-1', deadline: clock.work + 2 * perRow });
    const took = clock.work - t;
    // Two rows' time at 200 background rows buys the MIN_PATTERN_ROWS rows the charts need (was: one row).
    expect(m.rows).toBeGreaterThanOrEqual(MIN_PATTERN_ROWS);
    expect(took).toBeLessThan(4 * perRow);
  });
});
