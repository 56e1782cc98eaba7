import { ident, lit, num, type Db } from '../util/duckdb';
import { momentExpr, type BasicStats, type MomentPlan } from './column-stats';
import type { Sources } from './load-table';
import { BINS } from './distributions';

/** Rank-based and categorical associations run on a reservoir sample of this many rows. */
export const SAMPLE_ROWS = 50_000;

/**
 * The sample's SQL (after FROM): all rows when small, else a table `s` of ~SAMPLE_ROWS rows picked
 * by a hash of the row number. That costs one cheap scan (DuckDB's random sampling was 3× slower
 * here), is repeatable, and unlike every-k-th-row it cannot alias with periodic data (hourly rows and k = 24).
 */
export async function makeSample(db: Db, rows: number, sampleSql: string, from: string): Promise<string> {
  if (rows <= SAMPLE_ROWS) return from;
  await db.exec(`CREATE TEMP TABLE s AS ${sampleSql.replace('{k}', String(Math.ceil(rows / SAMPLE_ROWS)))}`);
  return 's';
}

/**
 * Pearson's r and Spearman's rho (Pearson on average ranks) for numeric pairs, on the sample:
 * with ~50k rows the standard error is under 0.005, and it is exact for smaller data. Doing this
 * on all rows would cost a full scan per few dozen pairs. Ranks (one sort per column) are made
 * only for the `ranked` columns, and rho only for pairs of them; all columns when omitted.
 */
export async function pearsonSpearman(
  db: Db,
  src: Sources,
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
    `WITH r AS (SELECT ${ranks.join(', ')} FROM ${src.s}${windowClause}) SELECT ${corrs.join(', ')} FROM r`,
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
 * Cramér's V for categorical pairs on the sample, from each pair's contingency table (non-empty
 * cells only, read once per pair with a plain GROUP BY): chi² = N·(Σ n_ab²/(n_a·n_b) − 1).
 * The marginals are summed here rather than with window functions in SQL, whose planning cost
 * for dozens of pairs outweighed the counting.
 */
export async function cramersV(
  db: Db,
  src: Sources,
  pairs: Array<[string, string]>,
): Promise<Array<{ a: string; b: string; value: number }>> {
  if (pairs.length === 0) return [];
  const queries = pairs.map(([a, b], k) => {
    const qa = ident(a);
    const qb = ident(b);
    return `SELECT ${k} AS k, CAST(${qa} AS VARCHAR) AS x, CAST(${qb} AS VARCHAR) AS y, count(*) AS n FROM ${src.s} WHERE ${qa} IS NOT NULL AND ${qb} IS NOT NULL GROUP BY 2, 3`;
  });
  const cells = pairs.map(() => [] as Array<{ x: string; y: string; n: number }>);
  for (const r of await db.all(queries.join(' UNION ALL ')))
    cells[num(r.k) ?? 0].push({ x: String(r.x), y: String(r.y), n: num(r.n) ?? 0 });
  const out: Array<{ a: string; b: string; value: number }> = [];
  pairs.forEach(([a, b], k) => {
    const na = new Map<string, number>();
    const nb = new Map<string, number>();
    let n = 0;
    for (const c of cells[k]) {
      na.set(c.x, (na.get(c.x) ?? 0) + c.n);
      nb.set(c.y, (nb.get(c.y) ?? 0) + c.n);
      n += c.n;
    }
    const m = Math.min(na.size, nb.size);
    if (n === 0 || m < 2) return;
    let phi = 0;
    for (const c of cells[k]) phi += (c.n * c.n) / ((na.get(c.x) ?? 1) * (nb.get(c.y) ?? 1));
    const chi2 = n * (phi - 1);
    out.push({ a, b, value: Math.sqrt(Math.max(0, chi2) / (n * (m - 1))) });
  });
  return out;
}

/**
 * How well each feature alone predicts a categorical target on the sample: the share of rows
 * whose class is the majority class of their feature group (numeric features in 20 bins).
 * Near 1 while the majority-class baseline is well below 1 suggests leakage.
 */
export async function purity(
  db: Db,
  src: Sources,
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
      SELECT max(n) AS best, sum(n) AS total FROM (SELECT ${key} AS g, ${t} AS y, count(*)::DOUBLE AS n FROM ${src.s} WHERE ${t} IS NOT NULL GROUP BY 1, 2) GROUP BY g)`;
  });
  // A few dozen per query: a UNION ALL of thousands (a wide table) takes long to plan.
  for (let i = 0; i < queries.length; i += 50)
    for (const r of await db.all(queries.slice(i, i + 50).join(' UNION ALL ')))
      result.set(features[num(r.k) ?? 0].name, num(r.p) ?? 0);
  return result;
}

/** A side of a cut on a number column that holds one class only, and most of that class's rows. */
export interface PureSide {
  /** The cut: the side is `x <= at` or `x > at` (missing values sort last, so they are on the `above` side). */
  at: number | null;
  above: boolean;
  /** True when the side's class is `positive`, false when it is the other one. */
  positive: boolean;
  /** Rows of the other class on this side (at most PURE_SIDE_TOLERANCE of the side). */
  others: number;
  /** Share of the class's rows on this side. */
  coverage: number;
  /** The largest non-missing value: when `at` equals it, the side above holds the missing values only. */
  top: number | null;
}

/** Best single cut of a number column on a two-class target, and its widest one-class side. */
export interface Cut {
  accuracy: number;
  pure: PureSide | null;
}

/** A side of a cut is "one class" with at most this share of the other class. */
export const PURE_SIDE_TOLERANCE = 0.001;
/** ... and counts only from this many rows (a few rows are one class by chance). */
export const PURE_SIDE_MIN_ROWS = 50;

/**
 * Accuracy of the best single cut of each numeric column on a two-class target (`positive` against the rest): a
 * class defined by a threshold on another column ("low" = birth weight under 2500 g, MASS::birthwt) is a leak
 * that equal-width bins miss whenever the cut falls inside a bin. Missing values sort last (one more side of a
 * cut). Also the cut side that holds only one class and the largest share of that class's rows: a number that
 * exists only after the outcome (AER CreditCard: every row with expenditure above 0 has card = yes) leaves one
 * side pure while the other mixes both. On the sample, one sort per column.
 */
export async function cutAccuracy(
  db: Db,
  src: Sources,
  target: string,
  positive: string,
  features: string[],
): Promise<Map<string, Cut>> {
  const result = new Map<string, Cut>();
  const t = ident(target);
  const tol = PURE_SIDE_TOLERANCE;
  const min = PURE_SIDE_MIN_ROWS;
  const queries = features.map((name, k) => {
    const q = ident(name);
    const isPositive = `CAST(${t} AS VARCHAR) = ${lit(positive)}`;
    // Coverage of each of the four (side, class) pairs when that side is one class, else 0.
    const side = (rows: string, other: string, cover: string): string =>
      `CASE WHEN (${rows}) >= ${min} AND ${other} <= ${tol} * (${rows}) THEN ${cover} ELSE 0 END`;
    return `SELECT ${k} AS k, max(greatest(ca + tb - cb, cb + ta - ca)) / max(ta + tb) AS p, max(top) AS top,
        max(cover) AS cover, arg_max({'at': x, 'side': s, 'others': [cb, ca, tb - cb, ta - ca][s + 1]}, cover) AS pure
      FROM (SELECT *, greatest(la, lb, ra, rb) AS cover,
          CASE greatest(la, lb, ra, rb) WHEN la THEN 0 WHEN lb THEN 1 WHEN ra THEN 2 ELSE 3 END AS s
        FROM (SELECT *, ${side('ca + cb', 'cb', 'ca / ta')} AS la, ${side('ca + cb', 'ca', 'cb / tb')} AS lb,
            ${side('ta + tb - ca - cb', 'tb - cb', '(ta - ca) / ta')} AS ra,
            ${side('ta + tb - ca - cb', 'ta - ca', '(tb - cb) / tb')} AS rb
          FROM (SELECT x, sum(a) OVER w AS ca, sum(b) OVER w AS cb, sum(a) OVER () AS ta, sum(b) OVER () AS tb,
              max(x) OVER () AS top FROM (
            SELECT CAST(${q} AS DOUBLE) AS x, count_if(${isPositive})::DOUBLE AS a, count_if(NOT ${isPositive})::DOUBLE AS b
            FROM ${src.s} WHERE ${t} IS NOT NULL GROUP BY 1)
          WINDOW w AS (ORDER BY x NULLS LAST ROWS UNBOUNDED PRECEDING))))`;
  });
  for (let i = 0; i < queries.length; i += 50)
    for (const r of await db.all(queries.slice(i, i + 50).join(' UNION ALL '))) {
      const pure = r.pure !== null && typeof r.pure === 'object' && !Array.isArray(r.pure) ? r.pure : null;
      const coverage = num(r.cover) ?? 0;
      const s = num(pure?.side) ?? 0;
      result.set(features[num(r.k) ?? 0], {
        accuracy: num(r.p) ?? 0,
        pure:
          pure && coverage > 0
            ? {
                at: num(pure.at),
                above: s >= 2,
                positive: s % 2 === 0,
                others: num(pure.others) ?? 0,
                coverage,
                top: num(r.top),
              }
            : null,
      });
    }
  return result;
}
