import { checkAborted } from '../analytics/task-result';
import { sampleRows } from '../util/sample-rows';
import { kmeans, lloyd, type KMeansResult } from './kmeans';
import { silhouette } from './silhouette';

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
