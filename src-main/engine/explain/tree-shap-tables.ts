/**
 * Path-dependent TreeSHAP with per-leaf tables, after Yang 2021 ("Fast TreeSHAP", v2): the same values as
 * Algorithm 2 (tree-shap-recursive.ts) with the leaf work precomputed once per tree, so each row costs
 * O(nodes + leaves × depth) instead of O(leaves × depth²).
 *
 * For a leaf with value v whose path splits on the distinct players P (d of them), let z_j be the product of the
 * background shares along the path at player j's splits and o_j = 1 when the row takes every one of them. The
 * leaf's share of the path-dependent game is v · Π_{j∈Q} o_j · Π_{j∈P∖Q} z_j, so with S = {j : o_j = 1}:
 *   φ_i = v (1 − z_i) Z(P∖S) G(S∖i)        when i ∈ S,
 *   φ_i = −v z_i Z(P∖(S∪i)) G(S)           when i ∉ S,
 * where Z(A) = Π_{j∈A} z_j and G(T) = Σ_{Q⊆T} |Q|!(d−|Q|−1)!/d! · Z(T∖Q). The tables hold these coefficients for
 * every S (2^d × d numbers per leaf).
 *
 * Rows go faster still by blocks: the bottom levels of the tree (a subtree of height ≤ BLOCK_HEIGHT) are folded into
 * one table keyed by the hot set at the block's root and the row's direction at each split inside it, holding the
 * summed contributions of all the block's leaves (values included). A row then pays one comparison per split and
 * one pass over each block's players, instead of one pass over each leaf's.
 */
import type { CompiledTree } from './compiled-tree';

/** Leaves with more distinct players than this use Algorithm 2 (the table would hold 2^d × d numbers). */
export const MAX_TABLE_PLAYERS = 12;
/** Largest table for one tree, in numbers (16 MB). */
export const MAX_TABLE_SIZE = 1 << 21;
/** Height of the subtrees folded into one table, and the widest key (hot-set bits + split bits) allowed. */
const BLOCK_HEIGHT = 2;
const MAX_KEY_BITS = 10;

export interface BlockTables {
  /** Splits above the blocks, parents first, and the bit of each one's player position on its path. */
  upper: Int32Array;
  bit: Int32Array;
  /** Per block: its root node, the hot-set bits at the root, its split nodes (offset and count into `splits`),
   * its players (offset and count into `players`) and where its table starts. */
  root: Int32Array;
  rootBits: Int32Array;
  splitOff: Int32Array;
  splitCount: Int32Array;
  playerOff: Int32Array;
  width: Int32Array;
  tableOff: Int32Array;
  splits: Int32Array;
  players: Int32Array;
  /** table[tableOff + (key * outputs.length + a) * width + k], key = hot set << splits | directions (1 = left). */
  table: Float64Array;
  /** The outputs the tables hold (the tree's active outputs). */
  outputs: Int32Array;
}

interface PathState {
  players: number[];
  z: number[];
}

/** Height of each node's subtree (0 for a leaf); children come after parents, so one backwards pass. */
function heights(t: CompiledTree): Int32Array {
  const h = new Int32Array(t.nodes);
  for (let n = t.nodes - 1; n >= 0; n--) if (t.left[n] !== -1) h[n] = 1 + Math.max(h[t.left[n]], h[t.right[n]]);
  return h;
}

function childState(state: PathState, player: number, frac: number): { state: PathState; pos: number } {
  let pos = state.players.indexOf(player);
  const players = pos >= 0 ? state.players : [...state.players, player];
  if (pos < 0) pos = state.players.length;
  const z = pos < state.z.length ? state.z.slice() : [...state.z, 1];
  z[pos] *= frac;
  return { state: { players, z }, pos };
}

/** Tables for tree `t` (scaled by `scale`), or null when a path has too many players or the tables are too big. */
export function blockTables(t: CompiledTree, scale: number): BlockTables | null {
  const height = heights(t);
  const state: PathState[] = new Array(t.nodes);
  state[0] = { players: [], z: [] };
  const upper: number[] = [];
  const bit = new Int32Array(t.nodes);
  const roots: number[] = [];
  const blockRoot = new Uint8Array(t.nodes);
  // Top-down: a node whose subtree is low and narrow enough starts a block; above the blocks, masks propagate.
  const internalCount = (n: number): number =>
    t.left[n] === -1 ? 0 : 1 + internalCount(t.left[n]) + internalCount(t.right[n]);
  for (let n = 0; n < t.nodes; n++) {
    if (!state[n]) continue; // inside a block
    const st = state[n];
    if (st.players.length > MAX_TABLE_PLAYERS) return null;
    if (height[n] <= BLOCK_HEIGHT && st.players.length + internalCount(n) <= MAX_KEY_BITS) {
      roots.push(n);
      blockRoot[n] = 1;
      continue;
    }
    upper.push(n);
    const l = childState(st, t.player[n], t.fracLeft[n]);
    const r = childState(st, t.player[n], t.fracRight[n]);
    bit[n] = 1 << l.pos;
    state[t.left[n]] = l.state;
    state[t.right[n]] = r.state;
  }
  const A = t.active.length;
  const B = roots.length;
  const tabs: BlockTables = {
    upper: Int32Array.from(upper),
    bit,
    root: Int32Array.from(roots),
    rootBits: new Int32Array(B),
    splitOff: new Int32Array(B),
    splitCount: new Int32Array(B),
    playerOff: new Int32Array(B),
    width: new Int32Array(B),
    tableOff: new Int32Array(B),
    splits: new Int32Array(0),
    players: new Int32Array(0),
    table: new Float64Array(0),
    outputs: t.active,
  };
  const splits: number[] = [];
  const players: number[] = [];
  const blocks: Array<{ leaves: BlockLeaf[]; blockPlayers: number[]; m: number; rootBits: number }> = [];
  let tableLen = 0;
  for (let b = 0; b < B; b++) {
    const root = roots[b];
    const st = state[root];
    // The block's splits in breadth-first order (their direction bits, most significant first) and its leaves.
    const inner: number[] = [];
    const leaves: BlockLeaf[] = [];
    const blockPlayers = st.players.slice();
    const walk = (node: number, s: PathState, path: Array<{ q: number; left: boolean; pos: number }>) => {
      if (t.left[node] === -1) {
        if (s.players.length > MAX_TABLE_PLAYERS) throw new TooWide();
        leaves.push({ node, state: s, path, map: s.players.map((p) => blockPlayers.indexOf(p)) });
        return;
      }
      const q = inner.length;
      inner.push(node);
      if (!blockPlayers.includes(t.player[node])) blockPlayers.push(t.player[node]);
      const l = childState(s, t.player[node], t.fracLeft[node]);
      const r = childState(s, t.player[node], t.fracRight[node]);
      walk(t.left[node], l.state, [...path, { q, left: true, pos: l.pos }]);
      walk(t.right[node], r.state, [...path, { q, left: false, pos: r.pos }]);
    };
    try {
      walk(root, st, []);
    } catch (err) {
      if (err instanceof TooWide) return null;
      throw err;
    }
    const m = inner.length;
    tabs.rootBits[b] = st.players.length;
    tabs.splitOff[b] = splits.length;
    tabs.splitCount[b] = m;
    tabs.playerOff[b] = players.length;
    tabs.width[b] = blockPlayers.length;
    tabs.tableOff[b] = tableLen;
    splits.push(...inner);
    players.push(...blockPlayers);
    tableLen += (1 << (st.players.length + m)) * A * blockPlayers.length;
    if (tableLen > MAX_TABLE_SIZE) return null;
    blocks.push({ leaves, blockPlayers, m, rootBits: st.players.length });
  }
  tabs.splits = Int32Array.from(splits);
  tabs.players = Int32Array.from(players);
  tabs.table = new Float64Array(tableLen);
  blocks.forEach((blk, b) => fillBlock(t, blk, tabs, b, scale));
  return tabs;
}

class TooWide extends Error {}

interface BlockLeaf {
  node: number;
  state: PathState;
  /** Splits from the block root to the leaf: split index in the block, side taken, player position. */
  path: Array<{ q: number; left: boolean; pos: number }>;
  /** Leaf position -> block player index. */
  map: number[];
}

/** Sums every leaf's contributions into the block's table, for every key. */
function fillBlock(
  t: CompiledTree,
  blk: { leaves: BlockLeaf[]; blockPlayers: number[]; m: number; rootBits: number },
  tabs: BlockTables,
  b: number,
  scale: number,
): void {
  const { m, rootBits } = blk;
  const w = blk.blockPlayers.length;
  const A = t.active.length;
  const off = tabs.tableOff[b];
  for (const leaf of blk.leaves) {
    const d = leaf.state.players.length;
    if (d === 0) continue;
    const coef = new Float64Array(d << d);
    fillLeafCoefficients(leaf.state.z, coef, 0);
    const vals = Array.from(t.active, (o) => t.values[leaf.node * t.outputs + o] * scale);
    const leafFull = (1 << d) - 1;
    for (let S0 = 0; S0 < 1 << rootBits; S0++) {
      for (let dirs = 0; dirs < 1 << m; dirs++) {
        // Positions first met inside the block start hot; a split the row goes against makes its player cold.
        let S = leafFull & (S0 | ~((1 << rootBits) - 1));
        for (const step of leaf.path) {
          const rowLeft = ((dirs >> (m - 1 - step.q)) & 1) === 1;
          if (rowLeft !== step.left) S &= ~(1 << step.pos);
        }
        const key = (S0 << m) | dirs;
        const c0 = S * d;
        for (let a = 0; a < A; a++) {
          const v = vals[a];
          if (v === 0) continue;
          const base = off + (key * A + a) * w;
          for (let k = 0; k < d; k++) tabs.table[base + leaf.map[k]] += coef[c0 + k] * v;
        }
      }
    }
  }
}

/** coef[off + S * d + k] for every subset S of the leaf's d positions and position k (see the file header). */
function fillLeafCoefficients(z: number[], coef: Float64Array, off: number): void {
  const d = z.length;
  const subsets = 1 << d;
  const full = subsets - 1;
  // Elementary symmetric polynomials of the z values in each subset: e[T * (d + 1) + m].
  const e = new Float64Array(subsets * (d + 1));
  e[0] = 1;
  for (let T = 1; T < subsets; T++) {
    const j = 31 - Math.clz32(T & -T);
    const prev = T & (T - 1);
    const base = T * (d + 1);
    const pb = prev * (d + 1);
    e[base] = 1;
    for (let m = 1; m <= d; m++) e[base + m] = e[pb + m] + z[j] * e[pb + m - 1];
  }
  // Shapley weights w(q) = q! (d - q - 1)! / d!.
  const w = new Float64Array(d);
  for (let q = 0; q < d; q++) {
    let v = 1 / d;
    for (let i = 1; i <= q; i++) v *= i / (d - i);
    w[q] = v;
  }
  const size = new Int32Array(subsets);
  for (let T = 1; T < subsets; T++) size[T] = size[T & (T - 1)] + 1;
  const G = new Float64Array(subsets);
  const Zc = new Float64Array(subsets);
  for (let T = 0; T < subsets; T++) {
    const k = size[T];
    let g = 0;
    for (let q = 0; q <= k && q < d; q++) g += w[q] * e[T * (d + 1) + (k - q)];
    G[T] = g;
    const C = full & ~T;
    Zc[T] = e[C * (d + 1) + size[C]];
  }
  for (let S = 0; S < subsets; S++) {
    for (let k = 0; k < d; k++) {
      const b = 1 << k;
      coef[off + S * d + k] = S & b ? (1 - z[k]) * Zc[S] * G[S ^ b] : -z[k] * Zc[S | b] * G[S];
    }
  }
}

/**
 * Adds the SHAP values of tree `t` (tables built with its scale) for rows 0..n-1 of X (n × F) into phi (row r,
 * output o, player g at (r * outputs + o) * players + g). `mask` is scratch space of t.nodes entries.
 */
export function treeShapTables(
  t: CompiledTree,
  tab: BlockTables,
  X: Float64Array,
  n: number,
  F: number,
  phi: Float64Array,
  players: number,
  mask: Int32Array,
): void {
  const O = t.outputs;
  const { left, right, feature, threshold, missingLeft } = t;
  const { upper, bit, root, rootBits, splitOff, splitCount, playerOff, width, tableOff, splits, table, outputs } = tab;
  const tp = tab.players;
  const nUpper = upper.length;
  const B = root.length;
  const A = outputs.length;
  for (let r = 0; r < n; r++) {
    const xb = r * F;
    const pb = r * O * players;
    mask[0] = 0;
    for (let i = 0; i < nUpper; i++) {
      const node = upper[i];
      const m = mask[node];
      const bt = bit[node];
      const x = X[xb + feature[node]];
      // The app's split rule (goesLeft), inlined: this loop is the hot path.
      if (x < threshold[node] || (x !== x && missingLeft[node] === 1)) {
        mask[left[node]] = m;
        mask[right[node]] = m | bt;
      } else {
        mask[left[node]] = m | bt;
        mask[right[node]] = m;
      }
    }
    for (let b = 0; b < B; b++) {
      let key = ((1 << rootBits[b]) - 1) & ~mask[root[b]];
      const s0 = splitOff[b];
      const s1 = s0 + splitCount[b];
      for (let s = s0; s < s1; s++) {
        const node = splits[s];
        const x = X[xb + feature[node]];
        key = (key << 1) | (x < threshold[node] || (x !== x && missingLeft[node] === 1) ? 1 : 0);
      }
      const w = width[b];
      const p0 = playerOff[b];
      let base = tableOff[b] + key * A * w;
      if (A === 1) {
        const pa = pb + outputs[0] * players;
        for (let k = 0; k < w; k++) phi[pa + tp[p0 + k]] += table[base + k];
        continue;
      }
      for (let a = 0; a < A; a++, base += w) {
        const pa = pb + outputs[a] * players;
        for (let k = 0; k < w; k++) phi[pa + tp[p0 + k]] += table[base + k];
      }
    }
  }
}
