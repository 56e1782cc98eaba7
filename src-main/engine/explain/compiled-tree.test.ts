import { describe, expect, it } from 'vitest';
import type { Tree } from '../pipeline/types';
import { compileTree } from './compiled-tree';

/** A full binary tree of the given depth, nodes numbered heap-style (children of i at 2i+1, 2i+2). */
function fullTree(depth: number): Tree {
  const n = 2 ** (depth + 1) - 1;
  const inner = 2 ** depth - 1;
  const t: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], values: [] };
  for (let i = 0; i < n; i++) {
    const split = i < inner;
    t.feature.push(split ? 0 : -1);
    t.threshold.push(split ? 0.5 : 0);
    t.missingLeft.push(true);
    t.left.push(split ? 2 * i + 1 : -1);
    t.right.push(split ? 2 * i + 2 : -1);
    t.values.push([split ? 0 : i]);
  }
  return t;
}

describe('compileTree', () => {
  it('measures the depth of a small tree and of one with 262k nodes (a forest grown on a million rows)', () => {
    expect(compileTree(fullTree(3), new Array<number>(15).fill(1), [0], 1).maxDepth).toBe(3);
    const big = fullTree(17);
    const compiled = compileTree(big, new Array<number>(big.left.length).fill(1), [0], 1);
    expect(compiled.nodes).toBe(262_143);
    expect(compiled.maxDepth).toBe(17);
  });
});
