import { ident, num, type Db } from '../util/duckdb';
import { momentExpr, type BasicStats, type MomentPlan } from './column-stats';
import { BINS } from './distributions';

/** Rank-based and categorical associations run on a reservoir sample of this many rows. */
export const SAMPLE_ROWS = 50_000;

/**
 * Builds table `s`: all rows when small, else ~SAMPLE_ROWS rows picked by a hash of the row
 * number. That costs one cheap scan (DuckDB's random sampling was 3× slower here), is repeatable,
 * and unlike every-k-th-row it cannot alias with periodic data (hourly rows and k = 24).
 */
export async function makeSample(db: Db, rows: number, sampleSql: string): Promise<void> {
  if (rows <= SAMPLE_ROWS) await db.exec('CREATE TEMP VIEW s AS SELECT * FROM t');
  else await db.exec(`CREATE TEMP TABLE s AS ${sampleSql.replace('{k}', String(Math.ceil(rows / SAMPLE_ROWS)))}`);
}

/**
 * Pearson's r and Spearman's rho (Pearson on average ranks) for numeric pairs, on the sample:
 * with ~50k rows the standard error is under 0.005, and it is exact for smaller data. Doing this
 * on all rows would cost a full scan per few dozen pairs. Ranks (one sort per column) are made
 * only for the `ranked` columns, and rho only for pairs of them; all columns when omitted.
 */
export async function pearsonSpearman(
  db: Db,
  cols: string[],
  pairs: Array<[string, string]>,
  ranked?: Set<string>,
  moments: Map<string, MomentPlan> = new Map(),
): Promise<{ pearson: Pair[]; spearman: Pair[] }> {
  if (pairs.length === 0) return { pearson: [], spearman: [] };
  const index = new Map(cols.map((c, i) => [c, i]));
  const isRanked = (c: string): boolean => !ranked || ranked.has(c);
  const ranks = cols.map((c, i) => {
    const q = ident(c);
    // Average rank of ties = (first rank + rows ≤ value) / 2; both read the same sorted window
    // (the default frame with ORDER BY ends at the last peer), so each column is sorted once.
    const rank = `CASE WHEN ${q} IS NULL THEN NULL ELSE (rank() OVER w${i} + count(*) OVER w${i}) / 2.0 END AS r${i}`;
    // Pearson's r ignores scale, so huge or infinite values are read as the moments read them.
    return `${momentExpr(c, moments.get(c))} AS x${i}${isRanked(c) ? `, ${rank}` : ''}`;
  });
  const windows = cols.flatMap((c, i) => (isRanked(c) ? [`w${i} AS (ORDER BY ${ident(c)})`] : []));
  const corrs = pairs.flatMap(([a, b], k) => {
    const [i, j] = [index.get(a), index.get(b)];
    return [`corr(x${i}, x${j}) AS p${k}`, ...(isRanked(a) && isRanked(b) ? [`corr(r${i}, r${j}) AS s${k}`] : [])];
  });
  const windowClause = windows.length ? ` WINDOW ${windows.join(', ')}` : '';
  const [row] = await db.all(
    `WITH r AS (SELECT ${ranks.join(', ')} FROM s${windowClause}) SELECT ${corrs.join(', ')} FROM r`,
  );
  const read = (prefix: string): Pair[] =>
    pairs
      .map(([a, b], k) => ({ a, b, value: num(row[`${prefix}${k}`]) ?? Number.NaN }))
      .filter((p) => Number.isFinite(p.value));
  return { pearson: read('p'), spearman: read('s') };
}

export interface Pair {
  a: string;
  b: string;
  value: number;
}

/**
 * Cramér's V for categorical pairs on the sample. Uses chi² = N·(Σ n_ab²/(n_a·n_b) − 1),
 * which needs only the non-empty cells of the contingency table.
 */
export async function cramersV(
  db: Db,
  pairs: Array<[string, string]>,
): Promise<Array<{ a: string; b: string; value: number }>> {
  if (pairs.length === 0) return [];
  const queries = pairs.map(([a, b], k) => {
    const qa = ident(a);
    const qb = ident(b);
    return `SELECT ${k} AS k, sum(n * n / (na * nb)) AS phi, any_value(N) AS N, any_value(ra) AS ra, any_value(rb) AS rb FROM (
      SELECT n, sum(n) OVER (PARTITION BY x) AS na, sum(n) OVER (PARTITION BY y) AS nb, sum(n) OVER () AS N,
             count(DISTINCT x) OVER () AS ra, count(DISTINCT y) OVER () AS rb
      FROM (SELECT ${qa} AS x, ${qb} AS y, count(*)::DOUBLE AS n FROM s WHERE ${qa} IS NOT NULL AND ${qb} IS NOT NULL GROUP BY 1, 2))`;
  });
  const rows = await db.all(queries.join(' UNION ALL '));
  const out: Array<{ a: string; b: string; value: number }> = [];
  for (const r of rows) {
    const k = num(r.k) ?? 0;
    const n = num(r.N) ?? 0;
    const m = Math.min(num(r.ra) ?? 0, num(r.rb) ?? 0);
    if (n === 0 || m < 2) continue;
    const chi2 = n * ((num(r.phi) ?? 1) - 1);
    out.push({ a: pairs[k][0], b: pairs[k][1], value: Math.sqrt(Math.max(0, chi2) / (n * (m - 1))) });
  }
  return out;
}

/**
 * How well each feature alone predicts a categorical target on the sample: the share of rows
 * whose class is the majority class of their feature group (numeric features in 20 bins).
 * Near 1 while the majority-class baseline is well below 1 suggests leakage.
 */
export async function purity(
  db: Db,
  target: string,
  features: BasicStats[],
  numeric: Set<string>,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (features.length === 0) return result;
  const t = ident(target);
  const queries = features.map((f, k) => {
    const q = ident(f.name);
    const lo = f.min ?? 0;
    const width = ((f.max ?? 0) - lo) / BINS || 1;
    const key = numeric.has(f.name) ? `floor((CAST(${q} AS DOUBLE) - ${lo}) / ${width})` : q;
    return `SELECT ${k} AS k, sum(best) / sum(total) AS p FROM (
      SELECT max(n) AS best, sum(n) AS total FROM (SELECT ${key} AS g, ${t} AS y, count(*)::DOUBLE AS n FROM s WHERE ${t} IS NOT NULL GROUP BY 1, 2) GROUP BY g)`;
  });
  for (const r of await db.all(queries.join(' UNION ALL '))) result.set(features[num(r.k) ?? 0].name, num(r.p) ?? 0);
  return result;
}
