import type { Db, DbRow } from '../util/duckdb';
import { EXACT_LIMIT, statsParts, type MomentPlan } from './column-stats';
import { distributionParts, type BinnedColumn } from './distributions';
import type { DbColumn } from './load-table';
import { selectParts } from './select-parts';
import { wideDuplicates, wideHistogramRow, wideStatsRow, wideValueCountsRow, type CellTable } from './wide-scan';

/** What the shared full scan computes (see statsParts and distributionParts). */
export interface FullScan {
  columns: DbColumn[];
  rows: number;
  counted: string[];
  bitmaps: Map<string, { min: number; max: number }>;
  withDuplicates: boolean;
  moments: Map<string, MomentPlan>;
  binned: BinnedColumn[];
  /** The table in long form (wide, short tables: see wide-scan.ts), or undefined for per-column aggregates. */
  cells?: CellTable[];
}

/**
 * The full scan's row (read by readStats and readDistributions): one pass of per-column
 * aggregates, or for a wide table the long form plus the few parts that take per-column
 * constants (bitmap distinct counts of id-like columns, rescaled moments of huge values, the
 * whole-row duplicate count) as plain aggregates.
 */
export async function fullScan(db: Db, from: string, a: FullScan): Promise<DbRow> {
  const counted = new Set(a.counted);
  if (!a.cells) {
    const text = new Set(a.columns.filter((c) => c.dbType === 'VARCHAR').map((c) => c.name));
    return selectParts(
      db,
      [
        ...statsParts(a.columns, a.rows, counted, a.bitmaps, a.withDuplicates, a.moments),
        ...distributionParts(a.binned, a.counted, text),
      ],
      from,
    );
  }
  const cells = a.cells;
  const narrow = new Set([
    ...a.bitmaps.keys(),
    ...[...a.moments].filter(([, plan]) => plan.scale !== 1).map(([name]) => name),
  ]);
  const parts = statsParts(a.columns, a.rows, counted, a.bitmaps, false, a.moments, narrow);
  const row: DbRow = {
    ...(await wideStatsRow(db, cells, a.columns, a.rows <= EXACT_LIMIT)),
    ...(await wideValueCountsRow(db, cells, a.counted)),
    ...(await wideHistogramRow(db, cells, a.binned)),
    // Bitmap distinct counts and rescaled moments replace the long form's for those columns.
    ...(parts.length ? await selectParts(db, parts, from) : {}),
  };
  if (a.withDuplicates) row.dups = await wideDuplicates(db, cells);
  return row;
}
