/**
 * Exact Shapley values by enumerating every coalition of players: the reference the fast algorithms are tested and
 * benchmarked against (exponential in the number of players: use it on a few players only).
 */
import type { Tree } from '../pipeline/types';
import { goesLeft } from './compiled-tree';
import { childFraction } from './covers';

/** Shapley values of the game `value` over `players` players (value(mask) for a bitmask coalition). */
export function shapleyByEnumeration(players: number, value: (mask: number) => number): Float64Array {
  if (players > 20) throw new Error('shapleyByEnumeration: too many players');
  const v = new Float64Array(1 << players);
  for (let m = 0; m < v.length; m++) v[m] = value(m);
  const fact = [1];
  for (let i = 1; i <= players; i++) fact.push(fact[i - 1] * i);
  const phi = new Float64Array(players);
  for (let m = 0; m < v.length; m++) {
    const size = popcount(m);
    for (let i = 0; i < players; i++) {
      if (m & (1 << i)) continue;
      const w = (fact[size] * fact[players - size - 1]) / fact[players];
      phi[i] += w * (v[m | (1 << i)] - v[m]);
    }
  }
  return phi;
}

export function popcount(m: number): number {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
}

/**
 * The path-dependent conditional expectation of one tree output (Lundberg et al. 2018, Algorithm 1): players in
 * the coalition follow the row's own branch, the others are averaged over the background by cover.
 */
export function treeExpectation(
  tree: Tree,
  cover: ArrayLike<number>,
  x: ArrayLike<number>,
  playerOf: ArrayLike<number>,
  coalition: number,
  output: number,
): number {
  const walk = (node: number): number => {
    if (tree.left[node] === -1) return tree.values[node][output];
    const f = tree.feature[node];
    const l = tree.left[node];
    const r = tree.right[node];
    if (coalition & (1 << playerOf[f])) {
      return goesLeft(x[f], tree.threshold[node], tree.missingLeft[node]) ? walk(l) : walk(r);
    }
    return childFraction(cover, node, l) * walk(l) + childFraction(cover, node, r) * walk(r);
  };
  return walk(0);
}
