import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { applyCombiner, stackFeatures } from '../pipeline/stack-combine';
import type { SinglePipeline } from '../pipeline/types';
import { chooseStack } from '../search/stack';
import type { Trial } from './evaluate';
import { tryStack } from './stack-step';

/** A trial whose predictions are given (the pipeline is only carried into the stack's members). */
function trial(family: Trial['family'], valPred: Float64Array, testPred: Float64Array): Trial {
  const pipeline: SinglePipeline = {
    kind: 'single',
    task: 'regression',
    target: 'y',
    inputs: [],
    steps: [],
    featureNames: [],
    model: { family: 'ridge', coef: [[]], intercept: [0], link: 'identity' },
  };
  return { family, params: {}, valPred, testPred, pipeline, repeats: 1, fitSeconds: 0 };
}

describe('tryStack: the stack is kept only beyond noise, and scored on rows its combiner never saw', () => {
  const rng = makeRng(5);
  const n = 300;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng() * 2 - 1;
    b[i] = rng() * 2 - 1;
    y[i] = 3 * a[i] + 2 * b[i] + 0.5 * (rng() - 0.5);
  }
  const done = [
    { id: 'ridge-1', trial: trial('ridge', a, a.slice(0, 50)), score: 0 },
    { id: 'gradient_boosting-1', trial: trial('gradient_boosting', b, b.slice(0, 50)), score: -1 },
  ];
  const ctx = {
    target: { info: { kind: 'regression' as const, nClasses: 0, y }, rows: Int32Array.from(y, (_, i) => i) },
    targetName: 'y',
    yVal: y,
    yTest: y.slice(0, 50),
    metric: 'rmse' as const,
    deadline: Date.now() + 60_000,
  };
  const nested = chooseStack([a, b], y, 'regression', 0, 'rmse', ctx.deadline);

  it('wins clearly over one member: kept, its validation score is the nested one (not the in-sample fit)', () => {
    const stack = tryStack(done, { ...ctx, best: a });
    if (!stack || !nested) throw new Error('no stack');
    expect(stack.row.metrics.rmse).toBeCloseTo(computeMetrics('regression', y, nested.heldOut, 0).rmse ?? NaN, 12);
    // The combiner scored on the rows it was fitted on looks better than it is.
    const { Z, q } = stackFeatures([a, b], n, 'regression', 0);
    const fitted = applyCombiner(stack.pipeline.combiner, Z, n, q, 0);
    expect(stack.row.metrics.rmse).toBeGreaterThan(computeMetrics('regression', y, fitted, 0).rmse ?? NaN);
    expect(stack.row.metrics.r2).toBeGreaterThan(0.95);
  });

  it('no better than the winner so far beyond one standard error: not kept', () => {
    if (!nested) throw new Error('no stack');
    // The winner so far errs twice as much (squared) as the stack on odd rows and less on even rows, scaled so that
    // its total squared error is 2% above the stack's: worse on average, well within the noise of the comparison.
    const sq = (odd: number): number =>
      nested.heldOut.reduce((s, p, i) => s + (i % 2 === odd ? (p - y[i]) ** 2 : 0), 0);
    const h = (1.02 * (sq(0) + sq(1)) - 2 * sq(1)) / sq(0);
    const close = Float64Array.from(nested.heldOut, (p, i) => y[i] + (p - y[i]) * Math.sqrt(i % 2 ? 2 : h));
    const rmse = (p: Float64Array): number => computeMetrics('regression', y, p, 0).rmse ?? NaN;
    expect(rmse(close)).toBeGreaterThan(rmse(nested.heldOut));
    expect(tryStack(done, { ...ctx, best: close })).toBeNull();
    expect(tryStack(done, { ...ctx, best: nested.heldOut })).toBeNull();
  });
});
