import { tmpdir } from 'node:os';
import { CodedError } from '@shared/errors';
import type { Emit, ProfileEvent } from '@shared/events';
import type { ColumnProfile, DataProfile } from '@shared/project';
import { openDb, throwIfAborted } from '../util/duckdb';
import { cramersV, makeSample, pearsonSpearman } from './associations';
import { columnKind } from './column-kind';
import {
  bitmapColumns,
  duplicateRows as countDuplicates,
  readStats,
  sampleFacts,
  statsParts,
  uniqueCandidates,
  type BasicStats,
} from './column-stats';
import { dateSpan } from './date-period';
import {
  COUNTED_CARDINALITY,
  distributionParts,
  numericRanges,
  readDistributions,
  topValues,
  type BinnedColumn,
  type Distribution,
} from './distributions';
import { findLeaks } from './leakage';
import { countRows, isDateType, isNumericType, loadTable } from './load-table';
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
 * Profiles a data file (normally the Parquet written by ingest) with DuckDB SQL. Counts, missing
 * values, distinct counts, min/max/mean/std, histograms, value counts, outliers and duplicates
 * come from ONE shared scan of all rows; quartiles, text lengths and the correlations (Pearson,
 * Spearman, Cramér's V) come from a ~50k-row sample (exact when the data is smaller).
 * Rows never enter JavaScript, so file size is bounded by disk, not heap.
 */
export async function profileDataset(
  dataPath: string,
  opts: ProfileOptions,
  ctx: { signal: AbortSignal; emit: Emit<ProfileEvent> },
): Promise<DataProfile> {
  const started = Date.now();
  const lap = stepTimer(started);
  const db = await openDb({ signal: ctx.signal, tempDir: tmpdir() });
  try {
    const table = await loadTable(db, dataPath);
    const { columns } = table;
    const target = opts.target ?? null;
    if (target !== null && !columns.some((c) => c.name === target)) {
      throw new CodedError(
        'target-missing',
        `Column '${target}' not found. Columns are: ${columns.map((c) => c.name).join(', ')}.`,
        { columns: columns.map((c) => c.name) },
      );
    }
    const rows = await countRows(db);
    lap('load');
    await makeSample(db, rows, table.sampleSql);
    lap('make sample');
    const facts = await sampleFacts(db, columns);
    lap('sample');

    // Decide what the full scan computes from the sample: which columns get value counts.
    const numericCols = columns.filter((c) => isNumericType(c.dbType));
    const missingRanges = numericCols.filter((c) => !table.ranges.has(c.name)).map((c) => c.name);
    const ranges = new Map([...table.ranges, ...(await numericRanges(db, missingRanges))]);
    const binned: BinnedColumn[] = numericCols
      .filter((c) => ranges.has(c.name) && (ranges.get(c.name)?.min ?? 0) < (ranges.get(c.name)?.max ?? 0))
      .map((c) => ({
        name: c.name,
        ...(ranges.get(c.name) as { min: number; max: number }),
        ...facts.quartiles.get(c.name),
      }));
    const counted = columns
      .filter((c) => (facts.distinct.get(c.name) ?? 0) > 0 && !isDateType(c.dbType))
      .filter((c) => (facts.distinct.get(c.name) ?? 0) <= (isNumericType(c.dbType) ? 20 : COUNTED_CARDINALITY))
      .map((c) => c.name);
    const corrCols = orderWithTarget(
      numericCols.filter((c) => (facts.distinct.get(c.name) ?? 0) > 1).map((c) => c.name),
      target,
    ).slice(0, MAX_CORR_NUMERIC);
    const bitmaps = bitmapColumns(columns, ranges, new Set(counted));
    // A column that looks unique in the sample probably is: then its exact distinct count settles duplicates for free.
    const candidates = uniqueCandidates(bitmaps, facts);
    const statParts = statsParts(columns, rows, new Set(counted), bitmaps, candidates.length === 0);
    const distParts = distributionParts(
      binned,
      counted,
      new Set(columns.filter((c) => c.dbType === 'VARCHAR').map((c) => c.name)),
    );
    const [row] = await db.all(`SELECT ${[...statParts, ...distParts].join(', ')} FROM t`);
    const { byColumn, distinct } = readDistributions(row, binned, counted);
    const { stats, duplicateRows: scanned } = readStats(row, columns, facts, distinct, ranges);
    const unique = stats.some((s) => candidates.includes(s.name) && s.nonNull === rows && s.distinct === rows);
    const duplicateRows = scanned ?? (unique ? 0 : await countDuplicates(db, columns));
    lap('full scan');

    const profiles: ColumnProfile[] = [];
    for (const s of stats) {
      const dist: Distribution = byColumn.get(s.name) ?? {};
      const kind = columnKind(
        s,
        rows,
        dist.topValues?.map((v) => v.value),
      );
      if (kind === 'categorical' && !dist.topValues && s.nonNull > 0) dist.topValues = await topValues(db, s.name);
      const profile = toColumnProfile(s, kind, rows, dist, table.dateFormats[s.name]);
      // ColumnProfile's optional period/dateMin/dateMax: the goal parser turns "next 2 years" into periods with them.
      if (kind === 'datetime') Object.assign(profile, await dateSpan(db, s.name));
      profiles.push(profile);
    }
    throwIfAborted(ctx.signal);
    lap('kinds, top values, dates');

    const kindOf = new Map(profiles.map((p) => [p.name, p.kind]));
    // Pearson for every numeric pair (0/1 columns included); Spearman only between true numeric columns.
    const both = await pearsonSpearman(
      db,
      corrCols,
      allPairs(corrCols),
      new Set(corrCols.filter((c) => kindOf.get(c) === 'numeric')),
    );
    const pearson = both.pearson;
    const spear = both.spearman.filter((p) => kindOf.get(p.a) === 'numeric' && kindOf.get(p.b) === 'numeric');
    const cats = profiles.filter(
      (p) => (p.kind === 'categorical' || p.kind === 'boolean') && p.distinct >= 2 && p.distinct <= 50,
    );
    const catCols = orderWithTarget(
      cats.map((c) => c.name),
      target,
    ).slice(0, MAX_CRAMER_CATEGORICAL);
    const cramer = await cramersV(db, allPairs(catCols));
    const correlations = [
      ...pearson.map((p) => ({ ...p, method: 'pearson' as const })),
      ...spear.map((p) => ({ ...p, method: 'spearman' as const })),
      ...cramer.map((p) => ({ ...p, method: 'cramers_v' as const })),
    ]
      .map((c) => ({ ...c, value: round(c.value, 4) }))
      .sort((x, y) => Math.abs(y.value) - Math.abs(x.value))
      .slice(0, 50);
    lap('associations');

    const targetCol = target === null ? undefined : profiles.find((p) => p.name === target);
    const targetDist = targetCol ? await targetDistribution(db, targetCol, rows) : undefined;
    const leaks =
      targetCol && targetDist ? await findLeaks(db, targetCol, targetDist, profiles, stats, correlations) : [];
    lap('target, leakage');
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
    ctx.emit({
      type: 'MISSINGNESS_TABLE_READY',
      payload: { columns: profiles.map((c) => ({ name: c.name, missing: c.missing, missingPct: c.missingPct })) },
    });
    if (targetDist) ctx.emit({ type: 'TARGET_DISTRIBUTION_READY', payload: { target: targetDist } });
    return profile;
  } finally {
    db.close();
  }
}

/** Prints step timings to stderr when AUTOML_PROFILE_TIMING=1 (for bench/profile). */
function stepTimer(start: number): (step: string) => void {
  if (process.env.AUTOML_PROFILE_TIMING !== '1') return () => {};
  let last = start;
  let cpu = process.cpuUsage();
  return (step) => {
    const now = Date.now();
    const used = process.cpuUsage(cpu);
    process.stderr.write(
      `profile ${step}: ${now - last} ms wall, ${Math.round((used.user + used.system) / 1000)} ms cpu\n`,
    );
    last = now;
    cpu = process.cpuUsage();
  };
}

function toColumnProfile(
  s: BasicStats,
  kind: ColumnProfile['kind'],
  rows: number,
  dist: Distribution,
  dateFormat?: string,
): ColumnProfile {
  const missing = rows - s.nonNull;
  const p: ColumnProfile = {
    name: s.name,
    kind,
    dbType: s.dbType,
    missing,
    missingPct: rows ? round(missing / rows, 6) : 0,
    distinct: s.distinct,
  };
  if (isNumericType(s.dbType) && s.nonNull > 0) {
    Object.assign(p, { min: s.min, max: s.max, mean: s.mean, std: s.std, median: s.median, q1: s.q1, q3: s.q3 });
    if (dist.histogram) p.histogram = dist.histogram;
    if (dist.outliers !== undefined) p.outliers = dist.outliers;
  }
  if (kind === 'datetime') p.dateFormat = dateFormat ?? (s.dbType === 'DATE' ? '%Y-%m-%d' : '%Y-%m-%d %H:%M:%S');
  if (dist.topValues && (kind === 'categorical' || kind === 'boolean' || (kind === 'numeric' && s.distinct <= 20)))
    p.topValues = dist.topValues;
  return p;
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
