import { checkAborted } from '../analytics/task-result';
import { seededRandom } from '../util/rng';

export interface KMeansResult {
  /** Row-major k x d. */
  centroids: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
}

function dist2(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const diff = x[i * d + f] - c[j * d + f];
    s += diff * diff;
  }
  return s;
}

/** k-means++ seeding (Arthur & Vassilvitskii 2007). */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rand: () => number): Float64Array {
  const c = new Float64Array(k * d);
  const first = Math.floor(rand() * n);
  c.set(x.subarray(first * d, first * d + d), 0);
  const best = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      best[i] = Math.min(best[i], dist2(x, i, c, j - 1, d));
      total += best[i];
    }
    let r = rand() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= best[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    c.set(x.subarray(pick * d, pick * d + d), j * d);
  }
  return c;
}

/** Nearest-centroid labels and the sum of squared distances. */
export function assign(x: Float64Array, n: number, d: number, c: Float64Array, k: number, labels: Int32Array): number {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let bj = 0;
    let bd = Infinity;
    for (let j = 0; j < k; j++) {
      const v = dist2(x, i, c, j, d);
      if (v < bd) {
        bd = v;
        bj = j;
      }
    }
    labels[i] = bj;
    inertia += bd;
  }
  return inertia;
}

/** Lloyd iterations from given centroids; an emptied cluster is re-seeded at the farthest point. */
export function lloyd(
  x: Float64Array,
  n: number,
  d: number,
  init: Float64Array,
  k: number,
  maxIter: number,
  signal: AbortSignal,
): KMeansResult {
  const c = init.slice();
  const labels = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  let inertia = assign(x, n, d, c, k, next);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    checkAborted(signal);
    let changed = 0;
    for (let i = 0; i < n; i++) if (next[i] !== labels[i]) changed++;
    labels.set(next);
    if (changed === 0 && iter > 0) break;
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let f = 0; f < d; f++) sums[labels[i] * d + f] += x[i * d + f];
    }
    for (let j = 0; j < k; j++) {
      if (counts[j] > 0) for (let f = 0; f < d; f++) c[j * d + f] = sums[j * d + f] / counts[j];
      else {
        let far = 0;
        let fd = -1;
        for (let i = 0; i < n; i++) {
          const v = dist2(x, i, c, labels[i], d);
          if (v > fd) {
            fd = v;
            far = i;
          }
        }
        c.set(x.subarray(far * d, far * d + d), j * d);
      }
    }
    inertia = assign(x, n, d, c, k, next);
  }
  return { centroids: c, labels, inertia, iterations: iter };
}

/** Best of `nInit` seeded k-means++ runs by inertia. */
export function kmeans(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  opts: { seed?: number; nInit?: number; maxIter?: number; signal: AbortSignal },
): KMeansResult {
  const rand = seededRandom(opts.seed ?? 42);
  let best: KMeansResult | null = null;
  for (let r = 0; r < (opts.nInit ?? 4); r++) {
    const res = lloyd(x, n, d, kmeansPlusPlus(x, n, d, k, rand), k, opts.maxIter ?? 100, opts.signal);
    if (!best || res.inertia < best.inertia) best = res;
  }
  return best!;
}
