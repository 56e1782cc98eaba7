import { describe, expect, it, vi } from 'vitest';
import { MIN_PATTERN_ROWS } from '@shared/explain';
import { fixturePipelines } from '../onnx/fixtures/pipelines';
import { makeTable } from '../onnx/fixtures/synthetic-data';
import { buildBackground } from './background';
import { explainRows } from './explain';
import { explainModel } from './insights';
import { takeRows } from './rows';

// The training budget clock of a benchmark run on CPU time: far behind the wall clock (here by 1,000 s).
const lag = vi.hoisted(() => ({ ms: 0 }));
vi.mock('../util/budget-clock', () => ({
  budgetNow: () => Date.now() - lag.ms,
  budgetClockIsCpu: () => lag.ms !== 0,
}));

const train = makeTable(200, 21);
const held = makeTable(150, 22);

/**
 * An MLP (explained by sampling) with 200 background rows, and the time one row takes to explain, warm: the median
 * of five, so one lucky run on a busy machine does not set a deadline the explainer cannot meet.
 */
function sampledMlp() {
  lag.ms = 0;
  const p = fixturePipelines(train, 'regression').mlp;
  const bg = buildBackground(p, train.cols, train.n, { sampleRows: 200 });
  const one = takeRows(p.inputs, held.cols, Int32Array.of(0));
  explainRows(p, bg, one);
  const times = Array.from({ length: 5 }, () => {
    const t = performance.now();
    explainRows(p, bg, one);
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return { p, bg, perRow: times[2] };
}

describe('explainModel deadline', () => {
  it('reads its deadline on the budget clock, not the wall clock', () => {
    lag.ms = 1_000_000;
    const p = fixturePipelines(train, 'regression').gradient_boosting;
    const bg = buildBackground(p, train.cols, train.n);
    const deadline = Date.now() - lag.ms + 60_000;
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'gbm-1', deadline });
    // A minute on the budget clock is plenty for exact TreeSHAP on 150 rows; on the wall clock it is long past.
    expect(m.rows).toBe(150);
    expect(m.partialDependence.length).toBeGreaterThan(0);
  });

  it('a sampled model that is slow to explain stays near its deadline: one row probed, one explained', () => {
    const { p, bg, perRow } = sampledMlp();
    const t = performance.now();
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'mlp-1', deadline: Date.now() });
    const took = performance.now() - t;
    expect(m.rows).toBe(1);
    expect(m.partialDependence).toEqual([]);
    // About two rows' cost (the probe and the row); the former floor (5 + 5 probed, 10 explained) cost twenty.
    expect(took).toBeLessThan(10 * perRow);
  });

  it("a sampled model given a few rows' time explains the rows the charts need (fewer background rows if need be)", () => {
    const { p, bg, perRow } = sampledMlp();
    const t = performance.now();
    const m = explainModel(p, bg, held.cols, held.n, { modelId: 'mlp-1', deadline: Date.now() + 2 * perRow });
    const took = performance.now() - t;
    // Two rows' time at 200 background rows buys the MIN_PATTERN_ROWS rows the charts need (was: one row).
    expect(m.rows).toBeGreaterThanOrEqual(MIN_PATTERN_ROWS);
    expect(took).toBeLessThan(8 * perRow);
  });
});
