import type { LoadedTable } from '../analytics/read-table';

/** Robust and classical summaries of one numeric column (missing values ignored). */
export interface NumericStats {
  column: string;
  mean: number;
  std: number;
  median: number;
  q1: number;
  q3: number;
}

export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function numericStats(column: string, values: Float64Array): NumericStats | null {
  const v = Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
  if (v.length === 0) return null;
  let mean = 0;
  for (const x of v) mean += x / v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  return { column, mean, std: Math.sqrt(sq / v.length), median: quantile(v, 0.5), q1: quantile(v, 0.25), q3: quantile(v, 0.75) };
}

/** Per-row univariate scores over numeric columns: max |z| and max distance beyond the quartiles in IQRs. */
export function univariateScores(table: LoadedTable, stats: NumericStats[]): { z: Float64Array; iqr: Float64Array } {
  const n = table.rows;
  const z = new Float64Array(n);
  const iqr = new Float64Array(n);
  for (const s of stats) {
    const values = table.columns.find((c) => c.name === s.column)!.values as Float64Array;
    const spread = s.q3 - s.q1;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (Number.isNaN(x)) continue;
      if (s.std > 0) z[i] = Math.max(z[i], Math.abs(x - s.mean) / s.std);
      if (spread > 0) iqr[i] = Math.max(iqr[i], (s.q1 - x) / spread, (x - s.q3) / spread);
      else if (x !== s.median) iqr[i] = Math.max(iqr[i], Infinity);
    }
  }
  return { z, iqr };
}

const fmt = (v: number): string => (Math.abs(v) >= 1000 || Number.isInteger(v) ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toString());

/**
 * Why a row stands out, in words: numeric columns far from their median (robust z above 3, largest first)
 * and categorical values seen in under 1% of rows. At most three reasons.
 */
export function explainRow(table: LoadedTable, stats: NumericStats[], categoryShare: Map<string, Map<string, number>>, row: number): string[] {
  const reasons: Array<{ text: string; weight: number }> = [];
  for (const s of stats) {
    const x = (table.columns.find((c) => c.name === s.column)!.values as Float64Array)[row];
    if (Number.isNaN(x)) continue;
    const scale = s.q3 - s.q1 > 0 ? (s.q3 - s.q1) / 1.349 : s.std;
    if (!(scale > 0)) continue;
    const rz = (x - s.median) / scale;
    if (Math.abs(rz) > 3) reasons.push({ text: `${s.column} ${fmt(x)} is ${rz > 0 ? 'high' : 'low'} (typical ${fmt(s.q1)} to ${fmt(s.q3)})`, weight: Math.abs(rz) });
  }
  for (const [column, shares] of categoryShare) {
    const v = (table.columns.find((c) => c.name === column)!.values as Array<string | null>)[row];
    if (v === null) continue;
    const share = shares.get(v) ?? 0;
    if (share < 0.01) reasons.push({ text: `${column} '${v}' is rare (${(100 * share).toFixed(1)}% of rows)`, weight: 3 + (0.01 - share) * 100 });
  }
  return reasons
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3)
    .map((r) => r.text);
}
