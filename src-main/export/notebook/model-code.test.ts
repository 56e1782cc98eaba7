import { describe, expect, it } from 'vitest';
import type { Tree, TreeModel } from '../../engine/pipeline/types';
import { treeShape } from './model-code';

const stump: Tree = {
  feature: [0, -1, -1],
  threshold: [0.5, 0, 0],
  missingLeft: [true, false, false],
  left: [1, -1, -1],
  right: [2, -1, -1],
  values: [[0], [-1], [1]],
};
// Depth 2, three leaves: root -> (leaf, node -> (leaf, leaf)).
const deeper: Tree = {
  feature: [0, -1, 1, -1, -1],
  threshold: [0.5, 0, 0.5, 0, 0],
  missingLeft: [true, false, true, false, false],
  left: [1, -1, 3, -1, -1],
  right: [2, -1, 4, -1, -1],
  values: [[0], [-1], [0], [1], [2]],
};

describe('treeShape', () => {
  it('reads rounds, depth and leaves of more trees than one call can take as arguments', () => {
    // Math.max(...perTree) threw RangeError past ~125k trees (boosting grows one tree per class per round).
    const trees = Array.from({ length: 300_000 }, (_, i) => (i === 123_456 ? deeper : stump));
    const model: TreeModel = {
      family: 'gradient_boosting',
      trees,
      aggregate: 'sum',
      baseScore: [0, 0, 0],
      link: 'softmax',
    };
    expect(treeShape(model)).toEqual({ trees: 100_000, depth: 2, leaves: 3 });
  });

  it('is empty without trees', () => {
    expect(treeShape(null)).toEqual({});
  });
});
