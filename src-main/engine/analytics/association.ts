/** Association measures between two columns; every function skips pairs where either side is missing. */

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    n++;
    sa += a[i];
    sb += b[i];
  }
  if (n < 3) return NaN;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : NaN;
}

/** Ranks 1..n with ties averaged; NaN stays NaN. */
export function ranks(x: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: x.length }, (_, i) => i).filter((i) => !Number.isNaN(x[i]));
  idx.sort((p, q) => x[p] - x[q]);
  const r = new Float64Array(x.length).fill(NaN);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rho: Pearson on ranks of the complete pairs. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const keep = Array.from({ length: a.length }, (_, i) => i).filter((i) => !Number.isNaN(a[i]) && !Number.isNaN(b[i]));
  return pearson(ranks(keep.map((i) => a[i])), ranks(keep.map((i) => b[i])));
}

/** Integer codes for a discretised column: -1 = missing. */
export interface Codes {
  codes: Int32Array;
  levels: number;
}

/** Equal-frequency bins (at most `bins`) for a numeric column. */
export function binNumeric(x: ArrayLike<number>, bins = 10): Codes {
  const sorted = Array.from(x)
    .filter((v) => !Number.isNaN(v))
    .sort((p, q) => p - q);
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sorted[Math.floor((b * sorted.length) / bins)];
    if (v !== undefined && (cuts.length === 0 || v > cuts[cuts.length - 1])) cuts.push(v);
  }
  const codes = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) {
      codes[i] = -1;
      continue;
    }
    let c = 0;
    while (c < cuts.length && x[i] >= cuts[c]) c++;
    codes[i] = c;
  }
  return { codes, levels: cuts.length + 1 };
}

/** Category codes, the `maxLevels - 1` most frequent kept and the rest pooled as "other". */
export function codeCategories(x: ArrayLike<string | null>, maxLevels = 20): Codes {
  const counts = new Map<string, number>();
  for (let i = 0; i < x.length; i++) if (x[i] !== null && x[i] !== '') counts.set(x[i]!, (counts.get(x[i]!) ?? 0) + 1);
  const ordered = [...counts.entries()].sort((p, q) => q[1] - p[1]).map(([k]) => k);
  const keep = new Map(ordered.slice(0, counts.size > maxLevels ? maxLevels - 1 : maxLevels).map((k, j) => [k, j]));
  const other = keep.size;
  const codes = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) codes[i] = x[i] === null || x[i] === '' ? -1 : (keep.get(x[i]!) ?? other);
  return { codes, levels: counts.size > keep.size ? other + 1 : other };
}

function table(a: Codes, b: Codes): { t: Float64Array; n: number } {
  const t = new Float64Array(a.levels * b.levels);
  let n = 0;
  for (let i = 0; i < a.codes.length; i++) {
    if (a.codes[i] < 0 || b.codes[i] < 0) continue;
    t[a.codes[i] * b.levels + b.codes[i]]++;
    n++;
  }
  return { t, n };
}

/** Bias-corrected Cramér's V (Bergsma 2013), 0..1. */
export function cramersV(a: Codes, b: Codes): number {
  const { t, n } = table(a, b);
  const r = a.levels;
  const k = b.levels;
  if (n < 2 || r < 2 || k < 2) return NaN;
  const rs = new Float64Array(r);
  const cs = new Float64Array(k);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < k; j++) {
      rs[i] += t[i * k + j];
      cs[j] += t[i * k + j];
    }
  let chi2 = 0;
  for (let i = 0; i < r; i++)
    for (let j = 0; j < k; j++) {
      const e = (rs[i] * cs[j]) / n;
      if (e > 0) chi2 += (t[i * k + j] - e) ** 2 / e;
    }
  const rEff = rs.filter((v) => v > 0).length;
  const kEff = cs.filter((v) => v > 0).length;
  const phi2 = Math.max(0, chi2 / n - ((kEff - 1) * (rEff - 1)) / (n - 1));
  const rc = rEff - (rEff - 1) ** 2 / (n - 1);
  const kc = kEff - (kEff - 1) ** 2 / (n - 1);
  const den = Math.min(kc - 1, rc - 1);
  return den > 0 ? Math.sqrt(phi2 / den) : NaN;
}

/** Mutual information in nats of two discretised columns. */
export function mutualInformation(a: Codes, b: Codes): number {
  const { t, n } = table(a, b);
  if (n === 0) return NaN;
  const k = b.levels;
  const rs = new Float64Array(a.levels);
  const cs = new Float64Array(k);
  for (let i = 0; i < a.levels; i++)
    for (let j = 0; j < k; j++) {
      rs[i] += t[i * k + j];
      cs[j] += t[i * k + j];
    }
  let mi = 0;
  for (let i = 0; i < a.levels; i++)
    for (let j = 0; j < k; j++) {
      const p = t[i * k + j] / n;
      if (p > 0) mi += p * Math.log((p * n * n) / (rs[i] * cs[j]));
    }
  return Math.max(0, mi);
}

/** Maps MI (nats) to 0..1 on the scale of |r|: the correlation a bivariate normal with that MI would have (Linfoot 1957). */
export const informationCoefficient = (mi: number): number => Math.sqrt(1 - Math.exp(-2 * mi));

/** Correlation ratio eta (sqrt of the one-way ANOVA R^2) of a numeric column across categories, 0..1. */
export function correlationRatio(groups: Codes, y: ArrayLike<number>): number {
  const sums = new Float64Array(groups.levels);
  const counts = new Float64Array(groups.levels);
  let total = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (groups.codes[i] < 0 || Number.isNaN(y[i])) continue;
    sums[groups.codes[i]] += y[i];
    counts[groups.codes[i]]++;
    total += y[i];
    n++;
  }
  if (n < 3) return NaN;
  const mean = total / n;
  let between = 0;
  for (let g = 0; g < groups.levels; g++) if (counts[g] > 0) between += counts[g] * (sums[g] / counts[g] - mean) ** 2;
  let all = 0;
  for (let i = 0; i < y.length; i++) if (groups.codes[i] >= 0 && !Number.isNaN(y[i])) all += (y[i] - mean) ** 2;
  return all > 0 ? Math.sqrt(between / all) : NaN;
}
