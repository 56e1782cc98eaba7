/** Top principal components of a row-major n x d matrix by power iteration on its covariance. */
export function pca2(
  x: Float64Array,
  n: number,
  d: number,
): { components: number[][]; explained: number[]; mean: number[] } {
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += x[i * d + f] / n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const va = x[i * d + a] - mean[a];
      for (let b = a; b < d; b++) cov[a][b] += (va * (x[i * d + b] - mean[b])) / n;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a][b] = cov[b][a];
  let trace = 0;
  for (let a = 0; a < d; a++) trace += cov[a][a];
  const components: number[][] = [];
  const explained: number[] = [];
  for (let c = 0; c < Math.min(2, d); c++) {
    let v = Array.from({ length: d }, (_, i) => 1 + ((i * 7919) % 13) / 13);
    let lambda = 0;
    for (let it = 0; it < 300; it++) {
      const w = cov.map((row) => row.reduce((s, r, j) => s + r * v[j], 0));
      const norm = Math.hypot(...w);
      if (norm < 1e-300) break;
      const nv = w.map((x) => x / norm);
      const delta = nv.reduce((s, x, i) => s + Math.abs(x - v[i]), 0);
      v = nv;
      lambda = norm;
      if (delta < 1e-10) break;
    }
    components.push(v);
    explained.push(trace > 0 ? lambda / trace : 0);
    // Deflate so the next power iteration finds the next component.
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a][b] -= lambda * v[a] * v[b];
  }
  while (components.length < 2) {
    components.push(new Array<number>(d).fill(0));
    explained.push(0);
  }
  return { components, explained, mean };
}
