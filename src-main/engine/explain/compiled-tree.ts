/**
 * A fitted tree prepared for TreeSHAP: nodes renumbered so every parent comes before its children, the share of
 * background rows each child received, the player (raw column) of each split, and the tree's expected output
 * (mean over the background rows). Built once per tree and explanation call.
 */
import { CodedError } from '@shared/errors';
import type { Tree } from '../pipeline/types';
import { childFraction } from './covers';

export interface CompiledTree {
  nodes: number;
  /** -1 for a leaf. Children always have larger indices than their parent. */
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  /** Player (raw column index) of each split node. */
  player: Int32Array;
  /** Shares of the node's background rows that went left / right. */
  fracLeft: Float64Array;
  fracRight: Float64Array;
  /** Leaf values, node-major (node * outputs + o); 0 on split nodes. */
  values: Float64Array;
  outputs: number;
  /** Outputs some leaf gives a non-zero value (boosted multiclass trees feed one class each). */
  active: Int32Array;
  /** Expected output per output: leaf values weighted by the share of background rows reaching them. */
  expected: Float64Array;
  maxDepth: number;
}

/** The split rule of every tree in the app: left when x < threshold, or when x is missing and missingLeft. */
export function goesLeft(x: number, threshold: number, missingLeft: boolean | number): boolean {
  return x < threshold || (x !== x && missingLeft !== false && missingLeft !== 0);
}

function malformed(what: string): CodedError {
  return new CodedError('invalid-input', `The fitted tree model is malformed: ${what}. Retrain the model.`);
}

export function compileTree(
  tree: Tree,
  cover: ArrayLike<number>,
  playerOf: ArrayLike<number>,
  outputs: number,
): CompiledTree {
  const N = tree.left.length;
  if (cover.length !== N) throw malformed(`a tree has ${N} nodes but ${cover.length} cover counts`);
  // Breadth-first renumbering: parents before children.
  const order: number[] = [0];
  const depthOf: number[] = [0];
  for (let i = 0; i < order.length; i++) {
    const old = order[i];
    if (tree.left[old] !== -1) {
      const l = tree.left[old];
      const r = tree.right[old];
      if (l <= 0 || r <= 0 || l >= N || r >= N) throw malformed('a tree has a child outside its nodes');
      if (order.length + 2 > N) throw malformed('a tree has a cycle');
      order.push(l, r);
      depthOf.push(depthOf[i] + 1, depthOf[i] + 1);
    }
  }
  const nodes = order.length;
  const newId = new Int32Array(N).fill(-1);
  order.forEach((old, i) => (newId[old] = i));
  const t: CompiledTree = {
    nodes,
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    missingLeft: new Uint8Array(nodes),
    player: new Int32Array(nodes).fill(-1),
    fracLeft: new Float64Array(nodes),
    fracRight: new Float64Array(nodes),
    values: new Float64Array(nodes * outputs),
    outputs,
    active: new Int32Array(0),
    expected: new Float64Array(outputs),
    // Breadth-first, so the last node is the deepest (Math.max(...depthOf) overflows the stack on ~200k nodes).
    maxDepth: depthOf[depthOf.length - 1],
  };
  const isActive = new Uint8Array(outputs);
  order.forEach((old, i) => {
    const l = tree.left[old];
    if (l === -1) {
      t.left[i] = t.right[i] = -1;
      const v = tree.values[old];
      if (!v || v.length < outputs) throw malformed(`a leaf has ${v?.length ?? 0} values for ${outputs} outputs`);
      for (let o = 0; o < outputs; o++) {
        t.values[i * outputs + o] = v[o];
        if (v[o] !== 0) isActive[o] = 1;
      }
      return;
    }
    const r = tree.right[old];
    t.left[i] = newId[l];
    t.right[i] = newId[r];
    const f = tree.feature[old];
    if (f < 0 || f >= playerOf.length) throw malformed(`a split reads feature ${f} of ${playerOf.length}`);
    t.feature[i] = f;
    t.player[i] = playerOf[f];
    t.threshold[i] = tree.threshold[old];
    t.missingLeft[i] = tree.missingLeft[old] ? 1 : 0;
    t.fracLeft[i] = childFraction(cover, old, l);
    t.fracRight[i] = childFraction(cover, old, r);
  });
  t.active = Int32Array.from(Array.from(isActive).flatMap((a, o) => (a ? [o] : [])));
  // Expected value: push the weight 1 at the root down by the background shares.
  const weight = new Float64Array(nodes);
  weight[0] = 1;
  for (let i = 0; i < nodes; i++) {
    if (t.left[i] === -1) {
      for (let o = 0; o < outputs; o++) t.expected[o] += weight[i] * t.values[i * outputs + o];
    } else {
      weight[t.left[i]] = weight[i] * t.fracLeft[i];
      weight[t.right[i]] = weight[i] * t.fracRight[i];
    }
  }
  return t;
}
