/**
 * Path-dependent TreeSHAP, Lundberg, Erion & Lee 2018 ("Consistent individualized feature attribution for tree
 * ensembles"), Algorithm 2: one pass over the tree per row, O(leaves × depth²). Used for single rows and for trees
 * too deep for the precomputed tables of tree-shap-tables.ts. Players are raw columns (`CompiledTree.player`), so a
 * column split on several times along a path is one player, as in the paper's handling of repeated features.
 * (No maintained TreeSHAP exists on npm; this follows the paper and is tested against brute-force Shapley values.)
 */
import { goesLeft, type CompiledTree } from './compiled-tree';

/** Working memory for one tree depth: path elements of every recursion level, stacked. */
export class PathBuffer {
  readonly player: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(readonly maxDepth: number) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.player = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

function extend(b: PathBuffer, s: number, depth: number, zero: number, one: number, player: number): void {
  b.player[s + depth] = player;
  b.zero[s + depth] = zero;
  b.one[s + depth] = one;
  b.weight[s + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    b.weight[s + i + 1] += (one * b.weight[s + i] * (i + 1)) / (depth + 1);
    b.weight[s + i] = (zero * b.weight[s + i] * (depth - i)) / (depth + 1);
  }
}

function unwind(b: PathBuffer, s: number, depth: number, at: number): void {
  const one = b.one[s + at];
  const zero = b.zero[s + at];
  let next = b.weight[s + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = b.weight[s + i];
      b.weight[s + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (b.weight[s + i] * zero * (depth - i)) / (depth + 1);
    } else {
      b.weight[s + i] = (b.weight[s + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = at; i < depth; i++) {
    b.player[s + i] = b.player[s + i + 1];
    b.zero[s + i] = b.zero[s + i + 1];
    b.one[s + i] = b.one[s + i + 1];
  }
}

function unwoundSum(b: PathBuffer, s: number, depth: number, at: number): number {
  const one = b.one[s + at];
  const zero = b.zero[s + at];
  let next = b.weight[s + depth];
  let total = 0;
  if (one !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = next / ((i + 1) * one);
      total += tmp;
      next = b.weight[s + i] - tmp * zero * (depth - i);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += b.weight[s + i] / (zero * (depth - i));
  }
  return total * (depth + 1);
}

/**
 * Adds `scale` × the SHAP values of tree `t` for the row x (features at X[xOff ..]) into
 * phi[phiOff + o * players + player].
 */
export function treeShapRecursive(
  t: CompiledTree,
  X: ArrayLike<number>,
  xOff: number,
  phi: Float64Array,
  phiOff: number,
  players: number,
  scale: number,
  b: PathBuffer,
): void {
  const O = t.outputs;
  const recurse = (node: number, depth: number, parentStart: number, zero: number, one: number, player: number) => {
    const s = parentStart + depth + 1;
    for (let i = 0; i <= depth; i++) {
      b.player[s + i] = b.player[parentStart + i];
      b.zero[s + i] = b.zero[parentStart + i];
      b.one[s + i] = b.one[parentStart + i];
      b.weight[s + i] = b.weight[parentStart + i];
    }
    extend(b, s, depth, zero, one, player);
    if (t.left[node] === -1) {
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(b, s, depth, i) * (b.one[s + i] - b.zero[s + i]) * scale;
        const at = phiOff + b.player[s + i];
        for (let k = 0; k < t.active.length; k++) {
          const o = t.active[k];
          phi[at + o * players] += w * t.values[node * O + o];
        }
      }
      return;
    }
    const left = goesLeft(X[xOff + t.feature[node]], t.threshold[node], t.missingLeft[node]);
    const hot = left ? t.left[node] : t.right[node];
    const cold = left ? t.right[node] : t.left[node];
    const hotFrac = left ? t.fracLeft[node] : t.fracRight[node];
    const coldFrac = left ? t.fracRight[node] : t.fracLeft[node];
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    const p = t.player[node];
    let at = 0;
    while (at <= d && b.player[s + at] !== p) at++;
    if (at <= d) {
      inZero = b.zero[s + at];
      inOne = b.one[s + at];
      unwind(b, s, d, at);
      d -= 1;
    }
    // A branch with no background share that the row did not take contributes nothing (and would divide by 0).
    if (hotFrac * inZero !== 0 || inOne !== 0) recurse(hot, d + 1, s, hotFrac * inZero, inOne, p);
    if (coldFrac * inZero !== 0) recurse(cold, d + 1, s, coldFrac * inZero, 0, p);
  };
  // The root path element is a dummy (player -1) that only carries the starting weight.
  recurse(0, 0, 0, 1, 1, -1);
}
