import { ident, num, type Db, type DbJson } from '../util/duckdb';
import type { BasicStats } from './column-stats';

export const BINS = 20;
/** Columns with at most this many distinct values get exact value counts from the shared scan. */
export const SMALL_CARDINALITY = 1000;

export interface Distribution {
  histogram?: { edges: number[]; counts: number[] };
  outliers?: number;
  topValues?: Array<{ value: string; count: number }>;
}

export interface PearsonPair {
  a: string;
  b: string;
  value: number;
}

/**
 * The second scan, shared by all columns: 20-bin histograms and IQR outlier counts for numeric
 * columns, value counts for low-cardinality columns, and Pearson correlation for numeric pairs.
 */
export async function distributions(
  db: Db,
  numeric: BasicStats[],
  counted: BasicStats[],
  pairs: Array<[string, string]>,
): Promise<{ byColumn: Map<string, Distribution>; pearson: PearsonPair[] }> {
  const parts: string[] = [];
  numeric.forEach((s, i) => {
    const x = `CAST(${ident(s.name)} AS DOUBLE)`;
    const lo = s.min ?? 0;
    const width = ((s.max ?? 0) - lo) / BINS || 1;
    parts.push(`histogram(least(${BINS - 1}, greatest(0, floor((${x} - ${lo}) / ${width})))::INTEGER) AS h${i}`);
    if (s.q1 !== undefined && s.q3 !== undefined) {
      const iqr = s.q3 - s.q1;
      parts.push(`count_if(${x} < ${s.q1 - 1.5 * iqr} OR ${x} > ${s.q3 + 1.5 * iqr}) AS o${i}`);
    }
  });
  counted.forEach((s, i) => parts.push(`histogram(CAST(${ident(s.name)} AS VARCHAR)) AS v${i}`));
  pairs.forEach(([a, b], i) => parts.push(`corr(CAST(${ident(a)} AS DOUBLE), CAST(${ident(b)} AS DOUBLE)) AS c${i}`));
  const byColumn = new Map<string, Distribution>();
  if (parts.length === 0) return { byColumn, pearson: [] };
  const [row] = await db.all(`SELECT ${parts.join(', ')} FROM t`);
  numeric.forEach((s, i) => {
    const lo = s.min ?? 0;
    const width = ((s.max ?? 0) - lo) / BINS || 1;
    const counts = new Array<number>(BINS).fill(0);
    for (const { key, value } of mapEntries(row[`h${i}`])) counts[Number(key)] += num(value) ?? 0;
    const edges = Array.from({ length: BINS + 1 }, (_, k) => Number((lo + k * width).toPrecision(12)));
    byColumn.set(s.name, { histogram: { edges, counts }, outliers: num(row[`o${i}`]) ?? 0 });
  });
  counted.forEach((s, i) => {
    const top = mapEntries(row[`v${i}`])
      .map(({ key, value }) => ({ value: String(key), count: num(value) ?? 0 }))
      .sort((x, y) => y.count - x.count || x.value.localeCompare(y.value))
      .slice(0, 20);
    byColumn.set(s.name, { ...byColumn.get(s.name), topValues: top });
  });
  const pearson = pairs
    .map(([a, b], i) => ({ a, b, value: num(row[`c${i}`]) ?? Number.NaN }))
    .filter((p) => Number.isFinite(p.value));
  return { byColumn, pearson };
}

/** Top 20 values of one high-cardinality column (its own grouped scan). */
export async function topValues(db: Db, column: string): Promise<Array<{ value: string; count: number }>> {
  const q = ident(column);
  const rows = await db.all(`SELECT CAST(${q} AS VARCHAR) AS v, count(*) AS n FROM t WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20`);
  return rows.map((r) => ({ value: String(r.v), count: num(r.n) ?? 0 }));
}

/** DuckDB MAP values arrive from the JSON converter as [{ key, value }]. */
function mapEntries(v: DbJson | undefined): Array<{ key: DbJson; value: DbJson }> {
  if (!Array.isArray(v)) return [];
  return v as Array<{ key: DbJson; value: DbJson }>;
}
