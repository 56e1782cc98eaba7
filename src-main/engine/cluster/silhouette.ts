/**
 * Mean silhouette coefficient (Rousseeuw 1987) over the given rows: for each row, a = mean distance to
 * its own cluster, b = smallest mean distance to another cluster, s = (b - a) / max(a, b).
 * Quadratic in the rows, so callers pass a sample (a couple of thousand rows).
 */
export function silhouette(
  x: Float64Array,
  d: number,
  rows: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
): number {
  const m = rows.length;
  let total = 0;
  let counted = 0;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (let a = 0; a < m; a++) counts[labels[rows[a]]]++;
  for (let a = 0; a < m; a++) {
    sums.fill(0);
    const ia = rows[a];
    for (let b = 0; b < m; b++) {
      if (a === b) continue;
      const ib = rows[b];
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = x[ia * d + f] - x[ib * d + f];
        s += diff * diff;
      }
      sums[labels[ib]] += Math.sqrt(s);
    }
    const own = labels[ia];
    if (counts[own] <= 1) {
      counted++;
      continue;
    }
    const ai = sums[own] / (counts[own] - 1);
    let bi = Infinity;
    for (let j = 0; j < k; j++) if (j !== own && counts[j] > 0) bi = Math.min(bi, sums[j] / counts[j]);
    if (!Number.isFinite(bi)) continue;
    total += (bi - ai) / Math.max(ai, bi, 1e-300);
    counted++;
  }
  return counted > 0 ? total / counted : 0;
}
