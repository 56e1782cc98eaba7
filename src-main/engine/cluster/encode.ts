import type { LoadedColumn, LoadedTable } from '../analytics/read-table';

/**
 * How one raw column becomes clustering features. Plain JSON: saved in segment-model.json and
 * mirrored node for node by the ONNX graph.
 */
export type ColumnEncoder =
  /** x -> ((log ? log1p(max(x, 0)) : x), NaN -> impute) - mean) / std. `impute` is on the transformed scale. */
  | { kind: 'numeric'; column: string; log: boolean; impute: number; mean: number; std: number }
  /** One 0/1 feature per category; unseen or missing gives all zeros. */
  | { kind: 'onehot'; column: string; categories: string[] };

export interface EncodedMatrix {
  /** Row-major n x d. */
  x: Float64Array;
  n: number;
  d: number;
  featureNames: string[];
  encoders: ColumnEncoder[];
  dropped: Array<{ column: string; reason: string }>;
}

const MAX_CATEGORIES = 12;

const idLike = (name: string): boolean => /(^id$|_id$|^id_|uuid|guid|^key$|^index$|^row$)/i.test(name);

/** Decides how each column is used (or why it is left out), then fits the encoders. */
export function fitEncoders(
  table: LoadedTable,
  logColumns: Set<string> = new Set(),
): { encoders: ColumnEncoder[]; dropped: EncodedMatrix['dropped'] } {
  const encoders: ColumnEncoder[] = [];
  const dropped: EncodedMatrix['dropped'] = [];
  for (const col of table.columns) {
    const decision = encoderFor(col, table.rows, logColumns.has(col.name));
    if (typeof decision === 'string') dropped.push({ column: col.name, reason: decision });
    else encoders.push(decision);
  }
  return { encoders, dropped };
}

function encoderFor(col: LoadedColumn, n: number, log: boolean): ColumnEncoder | string {
  if (col.kind === 'datetime') return 'dates are not compared directly; use RFM recency for transactions';
  if (col.values instanceof Float64Array) {
    const vals = Float64Array.from(
      col.values.filter((v) => !Number.isNaN(v)),
      (v) => (log ? Math.log1p(Math.max(v, 0)) : v),
    ).sort();
    if (vals.length === 0) return 'all values are missing';
    let distinct = 1;
    for (let i = 1; i < vals.length; i++) if (vals[i] !== vals[i - 1]) distinct++;
    if (idLike(col.name) && distinct > 0.9 * n) return 'looks like an identifier';
    const h = vals.length >> 1;
    const impute = vals.length % 2 ? vals[h] : (vals[h - 1] + vals[h]) / 2;
    let mean = 0;
    for (const v of vals) mean += v / vals.length;
    let sq = 0;
    for (const v of vals) sq += (v - mean) ** 2;
    const std = Math.sqrt(sq / vals.length);
    if (!(std > 1e-12)) return 'constant';
    return { kind: 'numeric', column: col.name, log, impute, mean, std };
  }
  const counts = new Map<string, number>();
  for (const v of col.values) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size <= 1) return 'constant';
  if (idLike(col.name) || counts.size > 0.9 * n) return 'looks like an identifier';
  if (counts.size > MAX_CATEGORIES)
    return `${counts.size} distinct values: too many categories to compare (at most ${MAX_CATEGORIES})`;
  const categories = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
  return { kind: 'onehot', column: col.name, categories };
}

export function featureNamesOf(encoders: ColumnEncoder[]): string[] {
  return encoders.flatMap((e) => (e.kind === 'numeric' ? [e.column] : e.categories.map((c) => `${e.column}=${c}`)));
}

/** Applies fitted encoders to a table (same code path for training and for new rows). */
export function encode(table: LoadedTable, encoders: ColumnEncoder[]): Float64Array {
  const names = featureNamesOf(encoders);
  const d = names.length;
  const n = table.rows;
  const x = new Float64Array(n * d);
  let off = 0;
  for (const e of encoders) {
    const col = table.columns.find((c) => c.name === e.column);
    if (!col) throw new Error(`Column ${e.column} missing`);
    if (e.kind === 'numeric') {
      const v = col.values as Float64Array;
      for (let i = 0; i < n; i++) {
        let t = e.log ? Math.log1p(Math.max(v[i], 0)) : v[i];
        if (Number.isNaN(t)) t = e.impute;
        x[i * d + off] = (t - e.mean) / e.std;
      }
      off++;
    } else {
      const v = col.values as Array<string | null>;
      const index = new Map(e.categories.map((c, j) => [c, j]));
      for (let i = 0; i < n; i++) {
        const j = v[i] === null ? undefined : index.get(v[i]!);
        if (j !== undefined) x[i * d + off + j] = 1;
      }
      off += e.categories.length;
    }
  }
  return x;
}
