/**
 * Wide tables (2,000+ columns): the per-column bookkeeping in JavaScript that groups columns before DuckDB sees them —
 * by type for the profile's long-form cells (profile/wide-scan.ts `buildCells`) and by date format for the import's
 * type checks (ingest/type-checks.ts `typeChecks`, where every date-like column is tried in every layout on the first
 * rows). Before, each push copied its group (`map.set(k, [...(map.get(k) ?? []), x])`): quadratic in the group's size.
 * The baseline below is that old loop, kept here only to measure against, in the same run, on the same columns; the
 * app's side calls the code as it is (`groupBy`, `typeChecks`). For scale, one import + profile of a table that wide
 * (100 rows) is timed too.
 *   nice -n 10 npx tsx --tsconfig tsconfig.node.json bench/wide/index.ts [columns ...] [--repeats 3] [--full 0]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile } from '../../src-main/engine/ingest/ingest-file';
import { columnsByFormat, headCandidates, typeChecks } from '../../src-main/engine/ingest/type-checks';
import { profileDataset } from '../../src-main/engine/profile/profile-dataset';
import { groupBy } from '../../src-main/engine/util/group-by';
import { DATE_FORMATS } from '../../src-main/engine/ingest/infer-types';
import { medianTiming, numberArg, ratios, sizesArg, timed, type Timing } from '../lib/timing';

const DATA = join(__dirname, '..', '.data', 'wide');

/** The grouping as it was: every push copies the group. */
function spreadGroup<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** typeChecks' grouping of date-like columns by format, as it was. */
function spreadByFormat(dateFormats: Map<string, Array<string | null>>): number {
  const byFormat = new Map<string | null, string[]>();
  for (const [col, formats] of dateFormats) for (const f of formats) byFormat.set(f, [...(byFormat.get(f) ?? []), col]);
  return byFormat.size;
}

async function repeat(n: number, run: () => unknown): Promise<Timing> {
  const runs: Timing[] = [];
  for (let r = 0; r < n; r++) runs.push(await timed(async () => run()));
  return medianTiming(runs);
}

const ms = (t: Timing): string => `${t.cpu.toFixed(1)} ms CPU`;

async function main(): Promise<void> {
  const repeats = numberArg('repeats', 3);
  const full = numberArg('full', 1) > 0;
  mkdirSync(DATA, { recursive: true });
  for (const width of sizesArg([2_000, 10_000])) {
    const names = Array.from({ length: width }, (_, i) => `c${i}`);
    // A wide numeric table: every column one type, one group.
    const columns = names.map((name) => ({ name, dbType: 'DOUBLE' }));
    const oldCells = await repeat(repeats, () => spreadGroup(columns, (c) => c.dbType));
    const newCells = await repeat(repeats, () => groupBy(columns, (c) => c.dbType));
    // A wide table whose first rows look like dates in every column (a pivot by day, say): each is tried in every layout.
    const dates = headCandidates(names, { bool: new Set(), comma: new Set(), formatted: new Map() }, names);
    const oldDates = await repeat(repeats, () => spreadByFormat(dates.dateFormats));
    const newDates = await repeat(repeats, () => columnsByFormat(dates.dateFormats));
    // All of typeChecks as it is now, for scale.
    const checks = await repeat(repeats, () => typeChecks(names, dates));
    const line: Record<string, unknown> = {
      columns: width,
      cellsGroup: `${ms(oldCells)} -> ${ms(newCells)}`,
      cellsRatioOldNew: ratios(oldCells, newCells).cpu,
      datesGroup: `${ms(oldDates)} -> ${ms(newDates)}`,
      datesRatioOldNew: ratios(oldDates, newDates).cpu,
      dateFormats: DATE_FORMATS.length + 1,
      typeChecksNow: ms(checks),
    };
    if (full) {
      // Scale: import and profile a 100-row numeric table of this width once (the code as it is).
      const csv = join(DATA, `wide-${width}.csv`);
      const rows = Array.from({ length: 100 }, (_, r) => names.map((_, c) => ((r * 31 + c * 17) % 997) / 10).join(','));
      writeFileSync(csv, [names.join(','), ...rows].join('\n') + '\n');
      const dest = join(DATA, `wide-${width}`);
      rmSync(dest, { recursive: true, force: true });
      let parquet = '';
      const ingest = await timed(async () => (parquet = (await ingestFile(csv, dest)).path));
      const signal = new AbortController().signal;
      const profile = await timed(() => profileDataset(parquet, { target: null }, { signal, emit: () => undefined }));
      line.importAndProfile = `${((ingest.cpu + profile.cpu) / 1000).toFixed(1)} s CPU`;
    }
    console.log(JSON.stringify(line));
  }
}

void main();
