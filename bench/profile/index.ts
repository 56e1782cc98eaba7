/**
 * Profiling speed: profileDataset on generated CSVs of 1M and 10M rows against DuckDB's own
 * `CREATE TABLE t AS SELECT * FROM read_csv(file); SUMMARIZE t` on the same file, in the same run (goal,
 * issue 17: ≤ 2×). Two app paths are timed: the profile of the Parquet file ingest writes (what the app
 * profiles) and the profile of the CSV itself (loaded into DuckDB first, as the baseline is). Runs are
 * interleaved (base, app, ...) and medians compared; CPU time counts all of DuckDB's threads.
 *   flock /work/bench.lock npx tsx --tsconfig tsconfig.node.json bench/profile/index.ts [rows ...] [--repeats 3]
 * AUTOML_PROFILE_TIMING=1 prints the profile's steps. Files go to bench/.data/ (git-ignored) and are reused.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lit, openDb } from '../../src-main/engine/util/duckdb';
import { profileDataset } from '../../src-main/engine/profile/profile-dataset';
import { ingestFile } from '../../src-main/engine/ingest/ingest-file';
import { generateCsv } from './generate';
import { medianTiming, numberArg, ratios, sizesArg, timed, type Timing } from '../lib/timing';

const DATA = join(__dirname, '..', '.data');

function loadAndSummarize(csv: string): Promise<Timing> {
  return timed(async () => {
    const db = await openDb();
    try {
      await db.exec(`CREATE TABLE t AS SELECT * FROM read_csv(${lit(csv)})`);
      await db.all('SUMMARIZE t');
    } finally {
      db.close();
    }
  });
}

function timeProfile(path: string): Promise<Timing> {
  return timed(() =>
    profileDataset(path, { target: 'outcome' }, { signal: new AbortController().signal, emit: () => {} }),
  );
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const repeats = numberArg('repeats', 3);
  for (const rows of sizesArg([1_000_000, 10_000_000])) {
    const csv = join(DATA, `profile-${rows}.csv`);
    const bytes = await generateCsv(csv, rows);
    const parquet = join(DATA, `ingest-${rows}`, 'data.parquet');
    if (!existsSync(parquet)) await ingestFile(csv, join(DATA, `ingest-${rows}`));
    await loadAndSummarize(csv); // warms the page cache
    const base: Timing[] = [];
    const onParquet: Timing[] = [];
    const onCsv: Timing[] = [];
    for (let r = 0; r < repeats; r++) {
      base.push(await loadAndSummarize(csv));
      onParquet.push(await timeProfile(parquet));
      onCsv.push(await timeProfile(csv));
    }
    const b = medianTiming(base);
    const p = medianTiming(onParquet);
    const c = medianTiming(onCsv);
    const ms = (t: Timing) => ({ wallMs: Math.round(t.wall), cpuMs: Math.round(t.cpu) });
    console.log(
      JSON.stringify({
        rows,
        mb: Math.round(bytes / 1e6),
        duckdbLoadSummarize: ms(b),
        profileParquet: { ...ms(p), ratio: ratios(p, b) },
        profileCsv: { ...ms(c), ratio: ratios(c, b) },
        maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
