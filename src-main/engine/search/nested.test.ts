import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../metrics';
import { makeRng } from '../models/trees/rng';
import { caruana } from './ensemble';
import { nestedBest, nestedBlend, nestedFold, nestedRows } from './nested';

const rmse = (y: Float64Array, p: Float64Array): number => computeMetrics('regression', y, p, 0).rmse as number;

describe('nested estimates of a choice over out-of-fold rows', () => {
  const rng = makeRng(11);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng());
  const n = 300;
  const y = Float64Array.from({ length: n }, () => gauss());

  it('splits the rows into 5 disjoint parts that cover them', () => {
    const seen = new Int32Array(n);
    for (let f = 0; f < 5; f++) {
      const [fit, val] = nestedRows(n, f);
      expect(fit.length + val.length).toBe(n);
      for (const i of val) {
        expect(nestedFold(i)).toBe(f);
        seen[i]++;
      }
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
  });

  it('the best of many useless models looks good on the rows that chose it, not on nested predictions', () => {
    // 60 models that know nothing about y: the best of them by in-sample rmse beats predicting 0 by chance alone.
    const models = Array.from({ length: 60 }, () => Float64Array.from({ length: n }, () => 0.3 * gauss()));
    const inSample = Math.min(...models.map((p) => rmse(y, p)));
    const honest = rmse(y, nestedBest(models, y, 'regression', 0, 'rmse'));
    const zero = rmse(y, new Float64Array(n));
    expect(inSample).toBeLessThan(zero);
    expect(honest).toBeGreaterThan(inSample + 0.01);
    expect(honest).toBeGreaterThan(zero);
  });

  it('picks a model that is really better, and a blend whose members have independent errors wins on nested rows', () => {
    const a = Float64Array.from(y, (v) => v + 0.5 * gauss());
    const b = Float64Array.from(y, (v) => v + 0.5 * gauss());
    const noise = Array.from({ length: 10 }, () => Float64Array.from({ length: n }, () => 0.3 * gauss()));
    const best = nestedBest([...noise, a], y, 'regression', 0, 'rmse');
    expect(rmse(y, best)).toBeCloseTo(rmse(y, a), 12);
    const single = rmse(y, nestedBest([a, b], y, 'regression', 0, 'rmse'));
    const blended = rmse(y, nestedBlend([a, b], y, 'regression', 0, 'rmse'));
    // Averaging two independent errors of sd 0.5 gives ~0.35: a real gain, seen on the held-out parts.
    expect(blended).toBeLessThan(single - 0.08);
  });

  it('a blend that adds useless models gains in sample and loses that gain on nested rows', () => {
    const a = Float64Array.from(y, (v) => v + 0.5 * gauss());
    const pool = [a, ...Array.from({ length: 19 }, () => Float64Array.from(y, (v) => 0.2 * v + 0.8 * gauss()))];
    const { weights } = caruana(pool, y, 'regression', 0, 'rmse');
    const inSample = new Float64Array(n);
    pool.forEach((p, m) => p.forEach((v, i) => (inSample[i] += weights[m] * v)));
    const honest = rmse(y, nestedBlend(pool, y, 'regression', 0, 'rmse'));
    expect(rmse(y, inSample)).toBeLessThanOrEqual(rmse(y, a));
    expect(honest).toBeGreaterThan(rmse(y, inSample));
  });
});
