/**
 * Tree covers: how many background (training) rows reach each node. Path-dependent TreeSHAP weighs the branch a
 * row did not take by these counts, and the explanation's base value is then exactly the tree's mean output over
 * those rows. Rows are routed by the one tree predictor (`treeLeaf`); internal counts are the sums of their leaves.
 */
import type { Tree } from '../pipeline/types';
import { treeLeaf } from '../models/predict-model';

/** Training rows reaching each node of `tree`, from the row-major feature matrix X (n × F). */
export function treeCover(tree: Tree, X: Float64Array, n: number, F: number): number[] {
  const N = tree.left.length;
  const cover = new Float64Array(N);
  for (let r = 0; r < n; r++) cover[treeLeaf(tree, X, r * F)] += 1;
  // Children are created after their parent in every builder, but the order is not relied on: sum bottom-up by depth.
  for (const node of nodesDeepestFirst(tree)) {
    if (tree.left[node] !== -1) cover[node] = cover[tree.left[node]] + cover[tree.right[node]];
  }
  return Array.from(cover);
}

/** Node indices ordered so that every node comes after both its children. */
export function nodesDeepestFirst(tree: Tree): number[] {
  const order: number[] = [];
  const stack = [0];
  while (stack.length) {
    const node = stack.pop() as number;
    order.push(node);
    if (tree.left[node] !== -1) stack.push(tree.left[node], tree.right[node]);
  }
  return order.reverse();
}

/**
 * The share of `parent`'s background rows that went to `child`. A node no background row reached (possible when
 * the rows used for covers are not exactly the ones the tree was grown on) splits its weight evenly, so weights
 * still sum to one below it.
 */
export function childFraction(cover: ArrayLike<number>, parent: number, child: number): number {
  const c = cover[parent];
  return c > 0 ? cover[child] / c : 0.5;
}
