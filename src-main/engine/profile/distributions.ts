import { ident, num, type Db, type DbJson, type DbRow } from '../util/duckdb';
import type { Sources } from './load-table';
import { selectParts } from './select-parts';
import { wideRangeRow, type CellTable } from './wide-scan';

export const BINS = 20;
/** Non-numeric columns with at most this many distinct values in the sample get exact value counts in the full scan. */
export const COUNTED_CARDINALITY = 200;

export interface Distribution {
  histogram?: { edges: number[]; counts: number[] };
  outliers?: number;
  topValues?: Array<{ value: string; count: number }>;
}

/** A numeric column with its exact range and (optionally) IQR fences for outlier counting. */
export interface BinnedColumn {
  name: string;
  min: number;
  max: number;
  q1?: number;
  q3?: number;
  /** The column holds infinite or NaN values: they are left out of the histogram and outlier count. */
  nonFinite?: boolean;
}

// Halves first when the span overflows a double (values near ±1.8e308).
const width = (c: BinnedColumn): number =>
  (Number.isFinite(c.max - c.min) ? (c.max - c.min) / BINS : c.max / BINS - c.min / BINS) || 1;

/** The 21 bin edges from min to max; bins are (a, b] except the first, which also holds the minimum. */
function edgesOf(c: BinnedColumn): number[] {
  const edges = Array.from({ length: BINS + 1 }, (_, k) => Number((c.min + k * width(c)).toPrecision(12)));
  if (c.max > c.min) edges[BINS] = c.max;
  return edges;
}

/** The 19 inner bin edges, as histogram(x, edges) takes them. */
export function innerEdges(c: BinnedColumn): number[] {
  return edgesOf(c).slice(1, BINS);
}

/**
 * IQR outlier fences (1.5 × IQR beyond the quartiles); a fence beyond the exact min or max cannot
 * be crossed and is null (so it costs no comparison per row). Null when the quartiles are unknown.
 */
export function outlierFences(c: BinnedColumn): { lo: number | null; hi: number | null } | null {
  if (c.q1 === undefined || c.q3 === undefined) return null;
  const iqr = c.q3 - c.q1;
  const [lo, hi] = [c.q1 - 1.5 * iqr, c.q3 + 1.5 * iqr];
  return {
    lo: Number.isFinite(lo) && lo > c.min ? lo : null,
    hi: Number.isFinite(hi) && hi < c.max ? hi : null,
  };
}

/**
 * SELECT-list parts for the shared full scan: 20-bin histograms and IQR outlier counts for numeric
 * columns and value counts for low-cardinality columns (`text`: those already VARCHAR).
 */
export function distributionParts(binned: BinnedColumn[], counted: string[], text: Set<string> = new Set()): string[] {
  const parts: string[] = [];
  binned.forEach((c, i) => {
    const raw = `CAST(${ident(c.name)} AS DOUBLE)`;
    const x = c.nonFinite ? finiteOnly(raw) : raw;
    // histogram(x, boundaries) bins in native code (3× cheaper here than computing a bin number per row):
    // a value goes to the first boundary >= it, values above the last one to an "Infinity" bucket.
    parts.push(`histogram(${x}, [${innerEdges(c).join(', ')}]::DOUBLE[]) AS h${i}`);
    const fences = outlierFences(c);
    if (fences) {
      const tests = [
        fences.lo === null ? '' : `${x} < ${fences.lo}`,
        fences.hi === null ? '' : `${x} > ${fences.hi}`,
      ].filter(Boolean);
      parts.push(tests.length ? `count_if(${tests.join(' OR ')}) AS o${i}` : `0 AS o${i}`);
    }
  });
  // Text columns are counted as they are: casting VARCHAR to VARCHAR still costs a copy per row.
  counted.forEach((name, i) =>
    parts.push(`histogram(${text.has(name) ? ident(name) : `CAST(${ident(name)} AS VARCHAR)`}) AS v${i}`),
  );
  return parts;
}

/** Reads the distributionParts columns of the full-scan row. */
export function readDistributions(
  row: DbRow,
  binned: BinnedColumn[],
  counted: string[],
): { byColumn: Map<string, Distribution>; distinct: Map<string, number> } {
  const byColumn = new Map<string, Distribution>();
  binned.forEach((c, i) => {
    const counts = new Array<number>(BINS).fill(0);
    const edges = edgesOf(c);
    for (const { key, value } of mapEntries(row[`h${i}`])) {
      const k = Number(key);
      // Bucket "≤ edges[b + 1]" is bin b; the Infinity bucket is the last bin.
      let bin = BINS - 1;
      if (Number.isFinite(k)) {
        bin = 0;
        for (let b = 1; b < BINS; b++) if (Math.abs(edges[b] - k) < Math.abs(edges[bin + 1] - k)) bin = b - 1;
      }
      counts[bin] += num(value) ?? 0;
    }
    byColumn.set(c.name, {
      histogram: { edges, counts },
      ...(row[`o${i}`] !== undefined ? { outliers: num(row[`o${i}`]) ?? 0 } : {}),
    });
  });
  const distinct = new Map<string, number>();
  counted.forEach((name, i) => {
    const all = mapEntries(row[`v${i}`]).filter(({ key }) => key !== null);
    distinct.set(name, all.length);
    const top = all
      .map(({ key, value }) => ({ value: String(key), count: num(value) ?? 0 }))
      .sort((x, y) => y.count - x.count || x.value.localeCompare(y.value))
      .slice(0, 20);
    byColumn.set(name, { ...byColumn.get(name), topValues: top });
  });
  return { byColumn, distinct };
}

/** A numeric column's exact range over its finite values, and how many values are ±infinity or NaN. */
export interface NumericRange {
  min: number;
  max: number;
  nonFinite?: number;
}

/**
 * Exact min and max of numeric columns (finite values only), for histogram bins when the file's
 * own statistics lack them, with a count of infinite and NaN values in floating-point columns.
 * A column with no finite value gets no range.
 */
export async function numericRanges(
  db: Db,
  src: Sources,
  columns: Array<{ name: string; dbType: string }>,
  cells?: CellTable[],
): Promise<{ ranges: Map<string, NumericRange>; nonFinite: Map<string, number> }> {
  const ranges = new Map<string, NumericRange>();
  const nonFinite = new Map<string, number>();
  if (columns.length === 0) return { ranges, nonFinite };
  const parts = columns.map((c, i) => {
    const x = `CAST(${ident(c.name)} AS DOUBLE)`;
    if (!isFloatType(c.dbType)) return `min(${x}) AS lo${i}, max(${x}) AS hi${i}`;
    const f = finiteOnly(x);
    return `min(${f}) AS lo${i}, max(${f}) AS hi${i}, count_if(NOT isfinite(${x})) AS nf${i}`;
  });
  const row = cells ? await wideRangeRow(db, cells, columns) : await selectParts(db, parts, src.t);
  columns.forEach((c, i) => {
    const lo = num(row[`lo${i}`]);
    const hi = num(row[`hi${i}`]);
    const bad = num(row[`nf${i}`]) ?? 0;
    if (bad > 0) nonFinite.set(c.name, bad);
    if (lo !== null && hi !== null && Number.isFinite(lo) && Number.isFinite(hi))
      ranges.set(c.name, { min: lo, max: hi });
  });
  return { ranges, nonFinite };
}

/** Floating-point columns: the only ones that can hold infinity or NaN. */
export const isFloatType = (t: string): boolean => t === 'DOUBLE' || t === 'FLOAT';

/** SQL of `x` with infinite and NaN values as NULL. */
export const finiteOnly = (x: string): string => `CASE WHEN isfinite(${x}) THEN ${x} END`;

/** Values up to this size square without overflow in the variance sum (larger ones get rescaled moments). */
export const SAFE_MAGNITUDE = 1e150;

/** Top 20 values of one high-cardinality column (its own grouped scan). */
export async function topValues(
  db: Db,
  src: Sources,
  column: string,
): Promise<Array<{ value: string; count: number }>> {
  const q = ident(column);
  const rows = await db.all(
    `SELECT CAST(${q} AS VARCHAR) AS v, count(*) AS n FROM ${src.t} WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20`,
  );
  return rows.map((r) => ({ value: String(r.v), count: num(r.n) ?? 0 }));
}

/** DuckDB MAP values arrive from the JSON converter as [{ key, value }]. */
function mapEntries(v: DbJson | undefined): Array<{ key: DbJson; value: DbJson }> {
  if (!Array.isArray(v)) return [];
  return v as Array<{ key: DbJson; value: DbJson }>;
}
