import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { bestCut, chooseThreshold, labelMetrics } from './threshold';

/**
 * Out-of-fold probabilities of a calibrated model of a rare class (1 in 5): p(class 1) = sigmoid(a + 1.5 z) with z
 * its signal, y drawn from that probability. At 0.5 most positives are missed; F1 (macro) wants a lower cut.
 */
function rareClass(n: number, seed: number): { P: Float64Array; y: Float64Array } {
  const rng = makeRng(seed);
  const P = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
    const p = 1 / (1 + Math.exp(-(-2 + 1.5 * z)));
    P[i * 2] = 1 - p;
    P[i * 2 + 1] = p;
    y[i] = rng() < p ? 1 : 0;
  }
  return { P, y };
}

const f1m = (y: Float64Array, P: Float64Array, t?: number): number =>
  computeMetrics('classification', y, P, 2, t).f1_macro ?? NaN;

describe('binary decision threshold chosen out of fold', () => {
  it('bestCut: the cut between the classes when they separate; rows at one probability share a label', () => {
    expect(bestCut([0.1, 0.2, 0.3, 0.35, 0.9], [0, 0, 0, 1, 1], 'f1_macro')).toBeCloseTo(0.325, 12);
    // 0.3 holds a positive and a negative: a cut falls above both (0.45) or below both (0.2), which score the same
    // (0.733); the tie goes to the cut nearer 0.5.
    expect(bestCut([0.1, 0.3, 0.3, 0.6], [0, 0, 1, 1], 'f1_macro')).toBeCloseTo(0.45, 12);
  });

  it('imbalanced classes, F1 (macro): a lower threshold, better on new rows than 0.5', () => {
    const train = rareClass(400, 1);
    const choice = chooseThreshold(train.P, train.y, 'f1_macro');
    if (!choice) throw new Error('no threshold');
    expect(choice.threshold).toBeLessThan(0.4);
    expect(choice.nestedScore).toBeGreaterThan(choice.plainScore);
    // On rows it never saw, the chosen threshold beats the argmax.
    const fresh = rareClass(4000, 2);
    expect(f1m(fresh.y, fresh.P, choice.threshold)).toBeGreaterThan(f1m(fresh.y, fresh.P) + 0.03);
    // The nested labels' scores stand for the validation row.
    expect(labelMetrics(train.y, choice.nestedLabels).f1_macro).toBeCloseTo(choice.nestedScore, 12);
  });

  it('accuracy keeps the argmax; balanced, well separated classes keep 0.5 (tuning does not win out of fold)', () => {
    const { P, y } = rareClass(400, 3);
    expect(chooseThreshold(P, y, 'accuracy')).toBeNull();
    expect(chooseThreshold(P, y, 'log_loss')).toBeNull();
    const n = 200;
    const sep = new Float64Array(n * 2);
    const ys = Float64Array.from({ length: n }, (_, i) => i % 2);
    for (let i = 0; i < n; i++) {
      sep[i * 2 + 1] = ys[i] ? 0.9 : 0.1;
      sep[i * 2] = 1 - sep[i * 2 + 1];
    }
    expect(chooseThreshold(sep, ys, 'f1_macro')).toBeNull();
  });
});
