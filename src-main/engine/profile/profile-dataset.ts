import { tmpdir } from 'node:os';
import { CodedError } from '@shared/errors';
import type { Emit, ProfileEvent } from '@shared/events';
import type { ColumnProfile, DataProfile } from '@shared/project';
import { ident, openDb, throwIfAborted, type Db } from '../util/duckdb';
import { cramersV, makeSample, pearsonSpearman, SAMPLE_ROWS } from './associations';
import { columnKind } from './column-kind';
import {
  bitmapColumns,
  duplicateRows as countDuplicates,
  momentPlans,
  readStats,
  sampleFacts,
  uniqueCandidates,
  type BasicStats,
} from './column-stats';
import { dateGrid, dateSpan, yearSpan } from './date-period';
import {
  COUNTED_CARDINALITY,
  numericRanges,
  readDistributions,
  topValues,
  type BinnedColumn,
  type Distribution,
} from './distributions';
import { findLeaks } from './leakage';
import { countRows, isDateType, isNumericType, loadTable, type Sources } from './load-table';
import { fullScan } from './full-scan';
import { buildCells, sampleCells, useLongForm } from './wide-scan';
import { targetDistribution } from './target';
import { buildWarnings } from './warnings';
import { parallelSeries } from './parallel-series';
import { mixedDateLayouts } from './date-layouts';
import type { DateGridFacts } from '../forecast/series';
import { JobProgress } from '../util/progress';
import { watchQueryProgress } from '../util/query-progress';

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
 * Progress (JOB_PROGRESS) is the steps' usual shares of the time, the full scan's measured by DuckDB itself.
 */
export async function profileDataset(
  dataPath: string,
  opts: ProfileOptions,
  ctx: { signal: AbortSignal; emit: Emit<ProfileEvent> },
): Promise<DataProfile> {
  const started = Date.now();
  const lap = stepTimer(started);
  const db = await openDb({ signal: ctx.signal, tempDir: tmpdir() });
  const progress = new JobProgress('profile', ctx.emit);
  try {
    progress.report(0, 'Reading the columns…');
    // Every query reads the same Parquet file: parse its footer once (it is large for wide tables).
    await db.exec('SET parquet_metadata_cache = true');
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
    const rows = await countRows(db, table.from);
    lap('load');
    progress.report(0.03, 'Drawing a sample of the rows…');
    const src: Sources = { t: table.from, s: await makeSample(db, rows, table.sampleSql, table.from) };
    // Wide, short tables are profiled from their cells in long form (see wide-scan.ts).
    const cells = useLongForm(columns.length, rows)
      ? await buildCells(db, table.numbered.from, table.numbered.rowId, columns)
      : undefined;
    const sampled = cells && rows > SAMPLE_ROWS ? await sampleCells(db, cells, Math.ceil(rows / SAMPLE_ROWS)) : cells;
    lap('make sample');
    progress.report(0.12, 'Looking at the sample…');
    const facts = await sampleFacts(db, src, columns, Math.min(rows, SAMPLE_ROWS), sampled);
    lap('sample');

    // Decide what the full scan computes from the sample: which columns get value counts.
    const numericCols = columns.filter((c) => isNumericType(c.dbType));
    const scanned = await numericRanges(
      db,
      src,
      numericCols.filter((c) => !table.ranges.has(c.name)),
      cells,
    );
    const ranges = new Map([...table.ranges, ...scanned.ranges]);
    const { nonFinite } = scanned;
    const moments = momentPlans(ranges, nonFinite);
    const binned: BinnedColumn[] = numericCols
      .filter((c) => ranges.has(c.name) && (ranges.get(c.name)?.min ?? 0) < (ranges.get(c.name)?.max ?? 0))
      .map((c) => ({
        name: c.name,
        ...(ranges.get(c.name) as { min: number; max: number }),
        ...facts.quartiles.get(c.name),
        ...(nonFinite.has(c.name) ? { nonFinite: true } : {}),
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
    const withDuplicates = candidates.length === 0;
    const scanProgress = progress.part(0.25, 0.7);
    const every = `Counting every value of ${columns.length} columns`;
    scanProgress(0, `${every}…`);
    const stopWatch = await watchQueryProgress(db, (f) => scanProgress(f, `${every}…`));
    let row;
    try {
      row = await fullScan(db, src.t, { columns, rows, counted, bitmaps, withDuplicates, moments, binned, cells });
    } finally {
      stopWatch();
    }
    const { byColumn, distinct } = readDistributions(row, binned, counted);
    const read = readStats(row, columns, facts, distinct, ranges, moments, nonFinite);
    const { stats } = read;
    const unique = stats.some((s) => candidates.includes(s.name) && s.nonNull === rows && s.distinct === rows);
    const duplicateRows = read.duplicateRows ?? (unique ? 0 : await countDuplicates(db, src, columns));
    lap('full scan');

    const profiles: ColumnProfile[] = [];
    const dateGrids: Array<{ column: string; grid: DateGridFacts }> = [];
    const kinds = progress.part(0.7, 0.75);
    for (const s of stats) {
      kinds(profiles.length / stats.length, 'Deciding what each column holds…');
      const dist: Distribution = byColumn.get(s.name) ?? {};
      let kind = columnKind(
        s,
        rows,
        dist.topValues?.map((v) => v.value),
      );
      // Whole-number years one step apart and in order (1871, 1872, ...) are a yearly time index, not row ids.
      const years = kind === 'id' || kind === 'numeric' ? await yearSpan(db, table.numbered, s) : null;
      if (years) kind = 'numeric';
      if (kind === 'categorical' && !dist.topValues && s.nonNull > 0) dist.topValues = await topValues(db, src, s.name);
      const profile = toColumnProfile(s, kind, rows, dist, table.dateFormats[s.name]);
      if (table.writtenNames[s.name] !== undefined) profile.written = table.writtenNames[s.name];
      // ColumnProfile's optional period/dateMin/dateMax: the goal parser turns "next 2 years" into periods with them.
      if (kind === 'datetime') {
        const span = await dateSpan(db, src, s.name);
        Object.assign(profile, span);
        // Repeated dates and dates with no row, as a forecast over this column would meet them.
        const grid = await dateGrid(db, src, s.name, span);
        if (grid) dateGrids.push({ column: s.name, grid });
      }
      if (years) Object.assign(profile, years);
      profiles.push(profile);
    }
    throwIfAborted(ctx.signal);
    lap('kinds, top values, dates');
    progress.report(0.75, 'Measuring how the columns relate…');

    const kindOf = new Map(profiles.map((p) => [p.name, p.kind]));
    // Pearson for every numeric pair (0/1 columns included); Spearman only between true numeric columns.
    const both = await pearsonSpearman(
      db,
      src,
      corrCols,
      allPairs(corrCols),
      new Set(corrCols.filter((c) => kindOf.get(c) === 'numeric')),
      moments,
    );
    progress.report(0.87, 'Measuring how the categories relate…');
    const pearson = both.pearson;
    const spear = both.spearman.filter((p) => kindOf.get(p.a) === 'numeric' && kindOf.get(p.b) === 'numeric');
    const cats = profiles.filter(
      (p) => (p.kind === 'categorical' || p.kind === 'boolean') && p.distinct >= 2 && p.distinct <= 50,
    );
    const catCols = orderWithTarget(
      cats.map((c) => c.name),
      target,
    ).slice(0, MAX_CRAMER_CATEGORICAL);
    // Dozens of pair queries read these few columns: copy them out of the sample once.
    const pairSource = await narrowCopy(db, src.s, catCols);
    const cramer = await cramersV(db, { ...src, s: pairSource }, allPairs(catCols));
    const correlations = [
      ...pearson.map((p) => ({ ...p, method: 'pearson' as const })),
      ...spear.map((p) => ({ ...p, method: 'spearman' as const })),
      ...cramer.map((p) => ({ ...p, method: 'cramers_v' as const })),
    ]
      .map((c) => ({ ...c, value: round(c.value, 4) }))
      .sort((x, y) => Math.abs(y.value) - Math.abs(x.value))
      .slice(0, 50);
    lap('associations');
    progress.report(0.95, target === null ? 'Writing the summary…' : 'Checking the target for leaks…');

    const targetCol = target === null ? undefined : profiles.find((p) => p.name === target);
    const targetDist = targetCol ? await targetDistribution(db, src, targetCol, rows) : undefined;
    const leaks =
      targetCol && targetDist ? await findLeaks(db, src, targetCol, targetDist, profiles, stats, correlations) : [];
    const dateLayouts = await mixedDateLayouts(db, src, table.numbered, profiles);
    const parallel = await parallelSeries(db, src, profiles);
    lap('target, leakage, date layouts');
    const profile: DataProfile = {
      rows,
      columns: profiles,
      duplicateRows,
      correlations,
      ...(targetDist ? { target: targetDist } : {}),
      warnings: buildWarnings(rows, profiles, duplicateRows, targetDist, leaks, dateGrids, dateLayouts, parallel),
      ...(parallel.length ? { seriesKeys: parallel.map(({ date, key, values }) => ({ date, key, values })) } : {}),
      elapsedMs: Date.now() - started,
    };
    progress.done('Profiled.');
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
    if (s.nonFinite) p.nonFinite = s.nonFinite;
    if (dist.histogram) p.histogram = dist.histogram;
    if (dist.outliers !== undefined) p.outliers = dist.outliers;
  }
  if (kind === 'datetime') p.dateFormat = dateFormat ?? (s.dbType === 'DATE' ? '%Y-%m-%d' : '%Y-%m-%d %H:%M:%S');
  if (dist.topValues && (kind === 'categorical' || kind === 'boolean' || (kind === 'numeric' && s.distinct <= 20)))
    p.topValues = dist.topValues;
  return p;
}

/** A temp table of `names` from `from` (SQL after FROM), or `from` itself when there is nothing to copy. */
async function narrowCopy(db: Db, from: string, names: string[]): Promise<string> {
  if (names.length < 2) return from;
  await db.exec(`CREATE OR REPLACE TEMP TABLE pair_columns AS SELECT ${names.map(ident).join(', ')} FROM ${from}`);
  return 'pair_columns';
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
