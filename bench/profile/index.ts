/**
 * Profiling speed: profileDataset on generated CSVs of 1M and 10M rows, as a ratio to a bare
 * DuckDB `count(*)` over the same file in the same run (goal: ≤ 3×). With BENCH_INGEST=1 it also
 * times ingestFile on the CSV and profileDataset on the Parquet it writes (the app's own path),
 * again as a ratio to the CSV count. AUTOML_PROFILE_TIMING=1 prints the profile's steps.
 *   npx tsx --tsconfig tsconfig.node.json bench/profile/index.ts            # 1M and 10M rows
 *   npx tsx --tsconfig tsconfig.node.json bench/profile/index.ts 1000000    # chosen sizes
 * Files go to bench/.data/ (git-ignored) and are reused between runs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lit, openDb } from '../../src-main/engine/util/duckdb';
import { profileDataset } from '../../src-main/engine/profile/profile-dataset';
import { ingestFile } from '../../src-main/engine/ingest/ingest-file';
import { generateCsv } from './generate';

const DATA = join(__dirname, '..', '.data');

/** Wall-clock and CPU milliseconds of one run. CPU time (all of DuckDB's threads are in this
 * process) is what to compare on a shared machine: it does not grow when other jobs steal the cores. */
interface Timing {
  wall: number;
  cpu: number;
}

async function timed(run: () => Promise<unknown>): Promise<Timing> {
  const t = performance.now();
  const c = process.cpuUsage();
  await run();
  const used = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

function bareCount(path: string): Promise<Timing> {
  return timed(async () => {
    const db = await openDb();
    try {
      await db.all(`SELECT count(*) AS n FROM read_csv(${lit(path)})`);
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

/** Median wall and CPU times of the count and the profile, and their ratios. */
function compare(prefix: string, counts: Timing[], profiles: Timing[]): Record<string, number | number[]> {
  const key = (k: string): string => (prefix ? `${prefix}${k[0].toUpperCase()}${k.slice(1)}` : k);
  const cw = median(counts.map((t) => t.wall));
  const cc = median(counts.map((t) => t.cpu));
  const pw = median(profiles.map((t) => t.wall));
  const pc = median(profiles.map((t) => t.cpu));
  return {
    ...(prefix ? {} : { countWallMs: Math.round(cw), countCpuMs: Math.round(cc) }),
    [key('profileWallMs')]: Math.round(pw),
    [key('profileCpuMs')]: Math.round(pc),
    [key('wallRatio')]: Number((pw / cw).toFixed(2)),
    [key('cpuRatio')]: Number((pc / cc).toFixed(2)),
    [key('profileWallRuns')]: profiles.map((t) => Math.round(t.wall)),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const withIngest = process.env.BENCH_INGEST === '1';
  for (const rows of sizes.length ? sizes : [1_000_000, 10_000_000]) {
    const csv = join(DATA, `profile-${rows}.csv`);
    const bytes = await generateCsv(csv, rows);
    // Warm the OS page cache once so no measurement pays the first disk read. The machine is
    // shared, so runs are interleaved (count, profile, count, ...) and medians compared.
    await bareCount(csv);
    const repeats = rows >= 5_000_000 ? 2 : 3;
    const counts: Timing[] = [];
    const profiles: Timing[] = [];
    for (let r = 0; r < repeats; r++) {
      counts.push(await bareCount(csv));
      profiles.push(await timeProfile(csv));
    }
    const line: Record<string, string | number | number[]> = {
      rows,
      mb: Math.round(bytes / 1e6),
      ...compare('', counts, profiles),
    };
    if (withIngest) {
      const t = performance.now();
      const info = await ingestFile(csv, join(DATA, `ingest-${rows}`));
      line.ingestMs = Math.round(performance.now() - t);
      const pqRuns: Timing[] = [];
      for (let r = 0; r < repeats; r++) pqRuns.push(await timeProfile(info.path));
      Object.assign(line, compare('parquet', counts, pqRuns));
    }
    console.log(JSON.stringify(line));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
