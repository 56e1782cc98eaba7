import type { ColumnProfile, TargetDistribution } from '@shared/project';
import { ident, num, type Db } from '../util/duckdb';
import type { Sources } from './load-table';

/** A numeric target with more distinct values than this is treated as continuous (histogram). */
export const CLASS_LIMIT = 20;

/** True when the column reads as classes: categorical, boolean, or numeric with few distinct integer-like values. */
export function isClassLike(col: ColumnProfile): boolean {
  if (col.kind === 'categorical' || col.kind === 'boolean') return true;
  if (col.kind !== 'numeric') return false;
  const integral = Number.isInteger(col.min ?? 0.5) && Number.isInteger(col.max ?? 0.5);
  return integral && col.distinct <= CLASS_LIMIT / 2;
}

/**
 * Class counts (with imbalance ratio) or the histogram of the target column. `rows` is the
 * table's row count: when the column's value counts from the full scan add up to all its
 * non-missing rows they hold every class, and no grouped scan of the target is needed.
 */
export async function targetDistribution(
  db: Db,
  src: Sources,
  col: ColumnProfile,
  rows?: number,
): Promise<TargetDistribution> {
  if (!isClassLike(col) && col.histogram) return { column: col.name, kind: 'histogram', histogram: col.histogram };
  const counted = col.topValues?.reduce((a, v) => a + v.count, 0);
  const classes =
    rows !== undefined && col.topValues && counted === rows - col.missing
      ? // Same order as the query below: count descending, then value in code-point order.
        [...col.topValues].sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
      : await classCounts(db, src, col.name);
  const largest = classes[0]?.count ?? 0;
  const smallest = classes.length ? classes[classes.length - 1].count : 0;
  return { column: col.name, kind: 'classes', classes, imbalanceRatio: smallest > 0 ? largest / smallest : undefined };
}

async function classCounts(db: Db, src: Sources, column: string): Promise<Array<{ value: string; count: number }>> {
  const q = ident(column);
  const rows = await db.all(
    `SELECT CAST(${q} AS VARCHAR) AS v, count(*) AS n FROM ${src.t} WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200`,
  );
  return rows.map((r) => ({ value: String(r.v), count: num(r.n) ?? 0 }));
}
