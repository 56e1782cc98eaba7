import { describe, expect, it } from 'vitest';
import { makeRng } from '../models/trees/rng';
import { applyCombiner, stackFeatures } from '../pipeline/stack-combine';
import { nestedRows } from './nested';
import { chooseStack, MIN_STACK_ROWS } from './stack';

describe('stacking (level 2 on out-of-fold predictions)', () => {
  it('learns to rescale and combine models where a weighted average cannot, and says so on held-out rows', () => {
    const rng = makeRng(3);
    const n = 400;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng() * 2 - 1;
      const v = rng() * 2 - 1;
      y[i] = 3 * u + 2 * v + 0.1 * (rng() - 0.5);
      // Each model sees one half of the signal, shrunk: any average of the two stays far from y.
      a[i] = u;
      b[i] = v;
    }
    const choice = chooseStack([a, b], y, 'regression', 0, 'r2', Date.now() + 60_000);
    if (!choice) throw new Error('no choice');
    expect(choice.stackScore).toBeGreaterThan(0.99);
    expect(choice.blendScore).toBeLessThan(0.5);
    expect(choice.combiner.coef[0][0]).toBeCloseTo(3, 1);
    expect(choice.combiner.coef[0][1]).toBeCloseTo(2, 1);
    // The same signal on fewer rows than MIN_STACK_ROWS: no stack (a win on folds of a few rows is chance).
    const few = MIN_STACK_ROWS - 1;
    expect(
      chooseStack([a.slice(0, few), b.slice(0, few)], y.slice(0, few), 'regression', 0, 'r2', Date.now() + 60_000),
    ).toBeNull();
    const enough = chooseStack(
      [a.slice(0, MIN_STACK_ROWS), b.slice(0, MIN_STACK_ROWS)],
      y.slice(0, MIN_STACK_ROWS),
      'regression',
      0,
      'r2',
      Date.now() + 60_000,
    );
    expect(enough?.stackScore).toBeGreaterThan(0.99);
  });

  it('classifier stack: binary reads p(class 1) per model, outputs [1-p, p]; multiclass reads all C', () => {
    const probs = [Float64Array.from([0.2, 0.8, 0.6, 0.4]), Float64Array.from([0.9, 0.1, 0.3, 0.7])];
    const { Z, q } = stackFeatures(probs, 2, 'binary', 2);
    expect(q).toBe(2);
    expect(Array.from(Z)).toEqual([0.8, 0.1, 0.4, 0.7]);
    const out = applyCombiner({ coef: [[2, -1]], intercept: [0.5], link: 'logistic' }, Z, 2, q, 2);
    const p0 = 1 / (1 + Math.exp(-(0.5 + 1.6 - 0.1)));
    expect(out[1]).toBeCloseTo(p0, 12);
    expect(out[0] + out[1]).toBeCloseTo(1, 12);
    const multi = stackFeatures([Float64Array.from([0.2, 0.3, 0.5])], 1, 'multiclass', 3);
    expect(multi.q).toBe(3);
    const y = Float64Array.from({ length: 300 }, (_, i) => i % 3);
    const good = Float64Array.from({ length: 900 }, (_, j) => (j % 3 === y[Math.floor(j / 3)] ? 0.6 : 0.2));
    const noise = Float64Array.from({ length: 900 }, () => 1 / 3);
    const choice = chooseStack([good, noise], y, 'multiclass', 3, 'accuracy', Date.now() + 60_000);
    expect(choice?.stackScore).toBe(1);
    expect(choice?.combiner.coef).toHaveLength(3);
    expect(choice?.combiner.coef[0]).toHaveLength(6);
  });

  it("a held-out fold's stack predictions do not depend on that fold's labels (penalty chosen without them)", () => {
    const rng = makeRng(11);
    const n = 200;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng() * 2 - 1;
      b[i] = rng() * 2 - 1;
      y[i] = a[i] + b[i] + 0.3 * (rng() - 0.5);
    }
    const [, fold0] = nestedRows(n, 0);
    const flipped = y.slice();
    // Fold 0's labels turned against the members: a penalty chosen on these rows would now be the strongest one.
    for (const i of fold0) flipped[i] = -3 * y[i];
    const deadline = Date.now() + 60_000;
    const before = chooseStack([a, b], y, 'regression', 0, 'r2', deadline);
    const after = chooseStack([a, b], flipped, 'regression', 0, 'r2', deadline);
    if (!before || !after) throw new Error('no choice');
    // The final combiner (fitted on all rows) does see them: its penalty moves.
    expect(after.combiner.penalty).not.toBe(before.combiner.penalty);
    for (const i of fold0) expect(after.heldOut[i]).toBe(before.heldOut[i]);
  });
});
