import { checkAborted } from '../analytics/task-result';
import { seededRandom } from '../util/rng';
import { kmeans, lloyd, type KMeansResult } from './kmeans';
import { silhouette } from './silhouette';

/** Sample indices without replacement (seeded), in ascending order; all rows when n <= size. */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  if (n <= size) return Int32Array.from({ length: n }, (_, i) => i);
  const rand = seededRandom(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.subarray(0, size).sort();
}

export function gather(x: Float64Array, d: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(x.subarray(r * d, r * d + d), i * d));
  return out;
}

export interface KTrial {
  k: number;
  silhouette: number;
  inertia: number;
  seconds: number;
  fit: KMeansResult;
}

/** Clusters a sample with k-means++ for one k and scores it by silhouette on a smaller sub-sample. */
export function tryK(xs: Float64Array, ns: number, d: number, k: number, signal: AbortSignal): KTrial {
  const started = Date.now();
  checkAborted(signal);
  const fit = kmeans(xs, ns, d, k, { seed: 1000 + k, nInit: 4, signal });
  const sil = silhouette(xs, d, sampleRows(ns, 1500, 7), fit.labels, k);
  return { k, silhouette: sil, inertia: fit.inertia, seconds: (Date.now() - started) / 1000, fit };
}

/** Refines sample centroids on every row (a few Lloyd passes), then numbers segments by size, largest first. */
export function finalise(
  x: Float64Array,
  n: number,
  d: number,
  centroids: Float64Array,
  k: number,
  signal: AbortSignal,
): { labels: Int32Array; centroids: Float64Array } {
  const res = lloyd(x, n, d, centroids, k, 50, signal);
  const sizes = new Array<number>(k).fill(0);
  for (const l of res.labels) sizes[l]++;
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rank = new Int32Array(k);
  order.forEach((old, neu) => (rank[old] = neu));
  const labels = res.labels.map((l) => rank[l]);
  const c = new Float64Array(k * d);
  order.forEach((old, neu) => c.set(res.centroids.subarray(old * d, old * d + d), neu * d));
  return { labels, centroids: c };
}
