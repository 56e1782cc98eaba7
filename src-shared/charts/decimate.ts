/**
 * Keeps at most `max` points of a series, always keeping the first and the last, and within each
 * bucket the point farthest from the bucket's mean (so spikes survive). Used for live training
 * curves and for scatter plots of many rows.
 */
export function decimate(x: number[], y: number[], max: number): { x: number[]; y: number[] } {
  const n = Math.min(x.length, y.length);
  if (n <= max || max < 3) return { x: x.slice(0, n), y: y.slice(0, n) };
  const outX = [x[0]];
  const outY = [y[0]];
  const buckets = max - 2;
  const size = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * size);
    const end = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let mean = 0;
    for (let i = start; i < end; i++) mean += y[i];
    mean /= Math.max(1, end - start);
    let pick = start;
    for (let i = start; i < end; i++) if (Math.abs(y[i] - mean) > Math.abs(y[pick] - mean)) pick = i;
    outX.push(x[pick]);
    outY.push(y[pick]);
  }
  outX.push(x[n - 1]);
  outY.push(y[n - 1]);
  return { x: outX, y: outY };
}

/** Evenly spaced sample of indices 0..n-1 (at most `max`), in order; deterministic. */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = n / max;
  return Array.from({ length: max }, (_, i) => Math.floor(i * step));
}
