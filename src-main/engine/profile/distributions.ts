import { ident, num, type Db, type DbJson, type DbRow } from '../util/duckdb';

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
}

const width = (c: BinnedColumn): number => (c.max - c.min) / BINS || 1;

/** The 21 bin edges from min to max; bins are (a, b] except the first, which also holds the minimum. */
function edgesOf(c: BinnedColumn): number[] {
  const edges = Array.from({ length: BINS + 1 }, (_, k) => Number((c.min + k * width(c)).toPrecision(12)));
  if (c.max > c.min) edges[BINS] = c.max;
  return edges;
}

/**
 * SELECT-list parts for the shared full scan: 20-bin histograms and IQR outlier counts for numeric
 * columns and value counts for low-cardinality columns (`text`: those already VARCHAR).
 */
export function distributionParts(binned: BinnedColumn[], counted: string[], text: Set<string> = new Set()): string[] {
  const parts: string[] = [];
  binned.forEach((c, i) => {
    const x = `CAST(${ident(c.name)} AS DOUBLE)`;
    // histogram(x, boundaries) bins in native code (3× cheaper here than computing a bin number per row):
    // a value goes to the first boundary >= it, values above the last one to an "Infinity" bucket.
    const inner = edgesOf(c)
      .slice(1, BINS)
      .map((e) => String(e));
    parts.push(`histogram(${x}, [${inner.join(', ')}]::DOUBLE[]) AS h${i}`);
    if (c.q1 !== undefined && c.q3 !== undefined) {
      const iqr = c.q3 - c.q1;
      // A fence beyond the exact min or max cannot be crossed, so it costs no comparison per row.
      const tests = [
        c.q1 - 1.5 * iqr > c.min ? `${x} < ${c.q1 - 1.5 * iqr}` : '',
        c.q3 + 1.5 * iqr < c.max ? `${x} > ${c.q3 + 1.5 * iqr}` : '',
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

/** Exact min and max of numeric columns, for histogram bins when the file's own statistics lack them. */
export async function numericRanges(db: Db, names: string[]): Promise<Map<string, { min: number; max: number }>> {
  const out = new Map<string, { min: number; max: number }>();
  if (names.length === 0) return out;
  const [row] = await db.all(
    `SELECT ${names.map((n, i) => `min(CAST(${ident(n)} AS DOUBLE)) AS lo${i}, max(CAST(${ident(n)} AS DOUBLE)) AS hi${i}`).join(', ')} FROM t`,
  );
  names.forEach((n, i) => {
    const lo = num(row[`lo${i}`]);
    const hi = num(row[`hi${i}`]);
    if (lo !== null && hi !== null && Number.isFinite(lo) && Number.isFinite(hi)) out.set(n, { min: lo, max: hi });
  });
  return out;
}

/** Top 20 values of one high-cardinality column (its own grouped scan). */
export async function topValues(db: Db, column: string): Promise<Array<{ value: string; count: number }>> {
  const q = ident(column);
  const rows = await db.all(
    `SELECT CAST(${q} AS VARCHAR) AS v, count(*) AS n FROM t WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20`,
  );
  return rows.map((r) => ({ value: String(r.v), count: num(r.n) ?? 0 }));
}

/** DuckDB MAP values arrive from the JSON converter as [{ key, value }]. */
function mapEntries(v: DbJson | undefined): Array<{ key: DbJson; value: DbJson }> {
  if (!Array.isArray(v)) return [];
  return v as Array<{ key: DbJson; value: DbJson }>;
}
