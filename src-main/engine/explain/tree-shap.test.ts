import { describe, expect, it } from 'vitest';
import { modelRaw } from '../models/predict-model';
import { shapleyByEnumeration, treeExpectation } from './brute-force';
import { treeCover } from './covers';
import { randomMatrix, randomTreeModel } from './fixtures/random-trees';
import { treeModelShap, type TreeShapAlgorithm } from './tree-shap';

/** Brute-force Shapley values of a tree model's output o for row x (players = distinct playerOf values). */
function bruteForce(
  model: ReturnType<typeof randomTreeModel>,
  covers: number[][],
  x: Float64Array,
  playerOf: Int32Array,
  players: number,
  o: number,
): { phi: Float64Array; base: number } {
  const mean = model.aggregate === 'mean';
  const scale = mean ? 1 / model.trees.length : 1;
  const value = (mask: number) =>
    (mean ? 0 : model.baseScore[o]) +
    model.trees.reduce((a, t, i) => a + scale * treeExpectation(t, covers[i], x, playerOf, mask, o), 0);
  return { phi: shapleyByEnumeration(players, value), base: value(0) };
}

const cases: Array<{ name: string; seed: number; F: number; groups: number[]; depth: number; outputs: number }> = [
  { name: 'one player per feature', seed: 1, F: 6, groups: [0, 1, 2, 3, 4, 5], depth: 4, outputs: 1 },
  { name: 'features grouped into columns', seed: 2, F: 7, groups: [0, 0, 1, 2, 2, 2, 3], depth: 5, outputs: 1 },
  { name: 'deep paths that repeat columns', seed: 3, F: 4, groups: [0, 1, 2, 3], depth: 7, outputs: 1 },
  { name: 'three outputs', seed: 4, F: 5, groups: [0, 1, 1, 2, 3], depth: 4, outputs: 3 },
];

describe('TreeSHAP', () => {
  for (const c of cases) {
    for (const aggregate of ['sum', 'mean'] as const) {
      for (const algorithm of ['tables', 'recursive'] as TreeShapAlgorithm[]) {
        it(`equals brute-force Shapley values (${c.name}, ${aggregate}, ${algorithm})`, () => {
          const model = randomTreeModel(c.seed, { F: c.F, trees: 4, maxDepth: c.depth, outputs: c.outputs, aggregate });
          const playerOf = Int32Array.from(c.groups);
          const G = Math.max(...c.groups) + 1;
          // A small background leaves some nodes with no rows: their weight splits evenly.
          const bg = randomMatrix(c.seed + 100, 25, c.F);
          const covers = model.trees.map((t) => treeCover(t, bg, 25, c.F));
          if (c.depth >= 5) expect(covers.some((cv) => cv.includes(0))).toBe(true);
          const n = 12;
          const X = randomMatrix(c.seed + 200, n, c.F, 0.15);
          const got = treeModelShap(model, covers, X, n, c.F, playerOf, G, algorithm);
          const raw = modelRaw(model, X, n, c.F);
          let worst = 0;
          for (let r = 0; r < n; r++) {
            const x = X.subarray(r * c.F, (r + 1) * c.F);
            for (let o = 0; o < c.outputs; o++) {
              const want = bruteForce(model, covers, x, playerOf, G, o);
              worst = Math.max(worst, Math.abs(want.base - got.base[o]));
              let sum = got.base[o];
              for (let g = 0; g < G; g++) {
                const v = got.values[(r * c.outputs + o) * G + g];
                worst = Math.max(worst, Math.abs(v - want.phi[g]));
                sum += v;
              }
              // Local accuracy against the app's one tree predictor.
              worst = Math.max(worst, Math.abs(sum - raw[r * c.outputs + o]));
            }
          }
          expect(worst).toBeLessThanOrEqual(1e-9);
        });
      }
    }
  }

  it('the base value is the mean model output over the background rows', () => {
    const model = randomTreeModel(9, { F: 5, trees: 10, maxDepth: 6, outputs: 2, aggregate: 'sum' });
    const bg = randomMatrix(10, 300, 5);
    const covers = model.trees.map((t) => treeCover(t, bg, 300, 5));
    const { base } = treeModelShap(model, covers, bg, 0, 5, Int32Array.from([0, 1, 2, 3, 4]), 5);
    const raw = modelRaw(model, bg, 300, 5);
    for (let o = 0; o < 2; o++) {
      let m = 0;
      for (let r = 0; r < 300; r++) m += raw[r * 2 + o] / 300;
      expect(Math.abs(base[o] - m)).toBeLessThan(1e-12);
    }
  });
});
