import { describe, expect, it } from 'vitest';
import { argmaxRows, headProbabilities, stackRows } from './heads';
import { fitLogistic } from './logistic';
import { seededRandom as rng } from '../util/rng';

/** Three Gaussian blobs in 20-d with unequal sizes, offset and scaled columns (tests the folded standardisation). */
function blobs(sizes: number[], seed: number): { x: ReturnType<typeof stackRows>; y: number[] } {
  const r = rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const rows: Float32Array[] = [];
  const y: number[] = [];
  sizes.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      rows.push(
        Float32Array.from({ length: 20 }, (_, k) => (k === c ? 2.2 : 0) + gauss() + k * 10).map((v, k) => v * (k + 1)),
      );
      y.push(c);
    }
  });
  return { x: stackRows(rows, 20), y };
}

describe('fitLogistic', () => {
  it('separates blobs, gives proper probabilities, and class weights lift the rare class', async () => {
    const train = blobs([300, 300, 30], 1);
    const test = blobs([300, 300, 300], 2);
    const plain = await fitLogistic(train.x, train.y, 3, { lambda: 1e-3 });
    const counts = [300, 300, 30];
    const weighted = await fitLogistic(train.x, train.y, 3, {
      lambda: 1e-3,
      sampleWeight: train.y.map((c) => 630 / (3 * counts[c])),
    });
    const recall = (fit: typeof plain, cls: number): number => {
      const p = argmaxRows(headProbabilities(fit.head, test.x), test.x.n, 3);
      return p.filter((v, i) => test.y[i] === cls && v === cls).length / 300;
    };
    const p = headProbabilities(plain.head, test.x);
    for (let i = 0; i < test.x.n; i++) expect(p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2]).toBeCloseTo(1, 9);
    const acc = argmaxRows(p, test.x.n, 3).filter((v, i) => v === test.y[i]).length / test.x.n;
    expect(acc).toBeGreaterThan(0.8);
    expect(recall(weighted, 2)).toBeGreaterThan(recall(plain, 2) + 0.05);
  });

  it('stronger L2 shrinks the weights', async () => {
    const { x, y } = blobs([100, 100, 100], 3);
    const norm = (W: Float32Array): number => Math.sqrt(W.reduce((a, v) => a + v * v, 0));
    const weak = await fitLogistic(x, y, 3, { lambda: 1e-3 });
    const strong = await fitLogistic(x, y, 3, { lambda: 1 });
    expect(norm(strong.head.W)).toBeLessThan(norm(weak.head.W) / 3);
  });
});
