import { tmpdir } from 'node:os';
import { CodedError } from '@shared/errors';
import type { Emit } from '@shared/events';
import type { ColumnProfile, DataProfile } from '@shared/project';
import { openDb, throwIfAborted } from '../util/duckdb';
import { makeSample, spearman, cramersV } from './associations';
import { basicStats, type BasicStats } from './column-stats';
import { columnKind } from './column-kind';
import { dateSpan } from './date-period';
import { distributions, SMALL_CARDINALITY, topValues, type Distribution } from './distributions';
import { findLeaks } from './leakage';
import { countRows, isNumericType, loadTable } from './load-table';
import { targetDistribution } from './target';
import { buildWarnings } from './warnings';

/** At most this many numeric columns enter pairwise correlations (the target always does). */
const MAX_CORR_NUMERIC = 30;
const MAX_CRAMER_CATEGORICAL = 12;

export interface ProfileOptions {
  /** Target column, if known: gets a class or histogram distribution and leakage checks. */
  target?: string | null;
}

/**
 * Profiles a data file (normally the Parquet written by ingest) with DuckDB SQL: two full scans
 * for per-column statistics and distributions, then rank and categorical associations on a
 * 100k-row sample. Rows never enter JavaScript, so file size is bounded by disk, not heap.
 */
export async function profileDataset(dataPath: string, opts: ProfileOptions, ctx: { signal: AbortSignal; emit: Emit }): Promise<DataProfile> {
  const started = Date.now();
  const db = await openDb({ signal: ctx.signal, tempDir: tmpdir() });
  try {
    const { columns, dateFormats } = await loadTable(db, dataPath);
    const target = opts.target ?? null;
    if (target !== null && !columns.some((c) => c.name === target)) {
      throw new CodedError('target-missing', `Column '${target}' not found. Columns are: ${columns.map((c) => c.name).join(', ')}.`, { columns: columns.map((c) => c.name) });
    }
    const rows = await countRows(db);
    const { stats, duplicateRows } = await basicStats(db, columns, rows);

    // Pass 2 needs to know which columns get histograms, value counts and correlations.
    const numeric = stats.filter((s) => isNumericType(s.dbType) && s.nonNull > 0 && s.distinct > 1);
    const counted = stats.filter((s) => !isNumericType(s.dbType) && s.distinct <= SMALL_CARDINALITY && s.nonNull > 0 && !/^(DATE|TIMESTAMP)/.test(s.dbType));
    const lowNumeric = numeric.filter((s) => s.distinct <= 20);
    const corrCols = pickCorrelationColumns(numeric, target);
    const pairs = allPairs(corrCols.map((s) => s.name));
    const { byColumn, pearson } = await distributions(db, numeric, [...counted, ...lowNumeric], pairs);

    const profiles: ColumnProfile[] = [];
    for (const s of stats) {
      const dist: Distribution = byColumn.get(s.name) ?? {};
      const values = dist.topValues?.map((v) => v.value);
      const kind = columnKind(s, rows, values);
      if (kind === 'categorical' && !dist.topValues && s.nonNull > 0) dist.topValues = await topValues(db, s.name);
      profiles.push(toColumnProfile(s, kind, rows, dist, dateFormats[s.name]));
    }
    for (const p of profiles) {
      // Extra fields beyond ColumnProfile (see DatedColumnProfile): the goal parser turns "next 2 years" into periods with them.
      if (p.kind === 'datetime') Object.assign(p, await dateSpan(db, p.name));
    }
    throwIfAborted(ctx.signal);

    await makeSample(db, rows);
    const rankCols = corrCols.filter((s) => profiles.find((p) => p.name === s.name)?.kind === 'numeric');
    const spear = await spearman(db, rankCols.map((s) => s.name), allPairs(rankCols.map((s) => s.name)));
    const cats = profiles.filter((p) => (p.kind === 'categorical' || p.kind === 'boolean') && p.distinct >= 2 && p.distinct <= 50);
    const catCols = orderWithTarget(cats.map((c) => c.name), target).slice(0, MAX_CRAMER_CATEGORICAL);
    const cramer = await cramersV(db, allPairs(catCols));
    const correlations = [
      ...pearson.map((p) => ({ ...p, method: 'pearson' as const })),
      ...spear.map((p) => ({ ...p, method: 'spearman' as const })),
      ...cramer.map((p) => ({ ...p, method: 'cramers_v' as const })),
    ]
      .map((c) => ({ ...c, value: round(c.value, 4) }))
      .sort((x, y) => Math.abs(y.value) - Math.abs(x.value))
      .slice(0, 50);

    const targetCol = target === null ? undefined : profiles.find((p) => p.name === target);
    const targetDist = targetCol ? await targetDistribution(db, targetCol) : undefined;
    const leaks = targetCol && targetDist ? await findLeaks(db, targetCol, targetDist, profiles, stats, correlations) : [];
    const profile: DataProfile = {
      rows,
      columns: profiles,
      duplicateRows,
      correlations,
      ...(targetDist ? { target: targetDist } : {}),
      warnings: buildWarnings(rows, profiles, duplicateRows, targetDist, leaks),
      elapsedMs: Date.now() - started,
    };
    ctx.emit({ type: 'PROFILE_SUMMARY', payload: { profile } });
    ctx.emit({ type: 'MISSINGNESS_TABLE_READY', payload: { columns: profiles.map((c) => ({ name: c.name, missing: c.missing, missingPct: c.missingPct })) } });
    if (targetDist) ctx.emit({ type: 'TARGET_DISTRIBUTION_READY', payload: { target: targetDist } });
    return profile;
  } finally {
    db.close();
  }
}

function toColumnProfile(s: BasicStats, kind: ColumnProfile['kind'], rows: number, dist: Distribution, dateFormat?: string): ColumnProfile {
  const missing = rows - s.nonNull;
  const p: ColumnProfile = { name: s.name, kind, dbType: s.dbType, missing, missingPct: rows ? round(missing / rows, 6) : 0, distinct: s.distinct };
  if (isNumericType(s.dbType) && s.nonNull > 0) {
    Object.assign(p, { min: s.min, max: s.max, mean: s.mean, std: s.std, median: s.median, q1: s.q1, q3: s.q3 });
    if (dist.histogram) p.histogram = dist.histogram;
    if (dist.outliers !== undefined) p.outliers = dist.outliers;
  }
  if (kind === 'datetime') p.dateFormat = dateFormat ?? (s.dbType === 'DATE' ? '%Y-%m-%d' : '%Y-%m-%d %H:%M:%S');
  if (dist.topValues && (kind === 'categorical' || kind === 'boolean' || (kind === 'numeric' && s.distinct <= 20))) p.topValues = dist.topValues;
  return p;
}

/** Numeric columns for correlation: the target first, then the others in file order. */
function pickCorrelationColumns(numeric: BasicStats[], target: string | null): BasicStats[] {
  const names = orderWithTarget(numeric.map((s) => s.name), target).slice(0, MAX_CORR_NUMERIC);
  return names.map((n) => numeric.find((s) => s.name === n) as BasicStats);
}

function orderWithTarget(names: string[], target: string | null): string[] {
  return target !== null && names.includes(target) ? [target, ...names.filter((n) => n !== target)] : names;
}

function allPairs(names: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) out.push([names[i], names[j]]);
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
