import type { Tree } from '../../pipeline/types';
import type { Binning } from './binning';
import type { BinTree } from './hist-tree';

/**
 * Converts a bin-space tree into the types.ts Tree: "bin <= t" becomes "x < cuts[t - 1]"; the missing bin's
 * direction is kept as missingLeft. `leafValue` maps a leaf's [G.., H] sums to its output vector.
 */
export function toTree(
  bt: BinTree,
  binning: Binning,
  leafValue: (sums: Float64Array, node: number) => number[],
  nOut: number,
): Tree {
  const n = bt.feature.length;
  const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], values: [] };
  for (let i = 0; i < n; i++) {
    const leaf = bt.left[i] === -1;
    tree.feature.push(leaf ? 0 : bt.feature[i]);
    tree.threshold.push(leaf ? 0 : binning.cuts[bt.feature[i]][bt.binThr[i] - 1]);
    tree.missingLeft.push(leaf ? false : bt.missingLeft[i]);
    tree.left.push(bt.left[i]);
    tree.right.push(bt.right[i]);
    // Internal nodes carry zeros so every values[i] has nOutputs entries.
    tree.values.push(leaf ? leafValue(bt.sums[i], i) : new Array<number>(nOut).fill(0));
  }
  return tree;
}
