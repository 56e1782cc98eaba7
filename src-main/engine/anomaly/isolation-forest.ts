import { checkAborted } from '../analytics/task-result';
import { seededRandom } from '../util/rng';

/** One isolation tree in flat arrays; a node is external when feature[i] === -1 (size = rows that reached it). */
interface IsoTree {
  feature: Int32Array;
  split: Float64Array;
  left: Int32Array;
  right: Int32Array;
  size: Int32Array;
  /** Path-length correction c(size) at external nodes, precomputed for scoring. */
  adjust: Float64Array;
}

/** Average path length of an unsuccessful BST search among n points (Liu et al. 2008). */
export function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

export interface IsolationForest {
  trees: IsoTree[];
  sampleSize: number;
}

/** Isolation forest (Liu, Ting & Zhou 2008), seeded: the same data always gives the same scores. */
export function fitIsolationForest(
  x: Float64Array,
  n: number,
  d: number,
  opts: { trees?: number; sampleSize?: number; seed?: number; signal: AbortSignal },
): IsolationForest {
  const rand = seededRandom(opts.seed ?? 17);
  const psi = Math.min(opts.sampleSize ?? 256, n);
  const limit = Math.ceil(Math.log2(Math.max(2, psi)));
  const trees: IsoTree[] = [];
  // Partial Fisher-Yates on one index array: each tree's first psi entries are a fresh uniform sample
  // without replacement (the permutation left by the previous tree does not bias it).
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < (opts.trees ?? 100); t++) {
    if (t % 10 === 0) checkAborted(opts.signal);
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(rand() * (n - i));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const feature: number[] = [];
    const split: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const size: number[] = [];
    const build = (rows: Int32Array, depth: number): number => {
      const id = feature.length;
      feature.push(-1);
      split.push(0);
      left.push(-1);
      right.push(-1);
      size.push(rows.length);
      if (depth >= limit || rows.length <= 1) return id;
      // Only features that still vary inside this node can split it.
      const candidates: Array<[number, number, number]> = [];
      for (let f = 0; f < d; f++) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const r of rows) {
          const v = x[r * d + f];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (hi > lo) candidates.push([f, lo, hi]);
      }
      if (candidates.length === 0) return id;
      const [f, lo, hi] = candidates[Math.floor(rand() * candidates.length)];
      const s = lo + rand() * (hi - lo);
      const l: number[] = [];
      const r: number[] = [];
      for (const row of rows) (x[row * d + f] < s ? l : r).push(row);
      feature[id] = f;
      split[id] = s;
      left[id] = build(Int32Array.from(l), depth + 1);
      right[id] = build(Int32Array.from(r), depth + 1);
      return id;
    };
    build(idx.slice(0, psi), 0);
    trees.push({
      feature: Int32Array.from(feature),
      split: Float64Array.from(split),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      size: Int32Array.from(size),
      adjust: Float64Array.from(size, (k, i) => (feature[i] === -1 ? averagePath(k) : 0)),
    });
  }
  return { trees, sampleSize: psi };
}

/** Anomaly score 2^(-E[h(x)] / c(psi)) per row: near 1 = easily isolated, around 0.5 or below = ordinary. */
export function isolationScores(forest: IsolationForest, x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  const c = averagePath(forest.sampleSize);
  for (let i = 0; i < n; i++) {
    let total = 0;
    const off = i * d;
    for (const t of forest.trees) {
      const { feature, split, left, right } = t;
      let node = 0;
      let depth = 0;
      while (feature[node] !== -1) {
        node = x[off + feature[node]] < split[node] ? left[node] : right[node];
        depth++;
      }
      total += depth + t.adjust[node];
    }
    out[i] = Math.pow(2, -total / forest.trees.length / Math.max(c, 1e-12));
  }
  return out;
}
