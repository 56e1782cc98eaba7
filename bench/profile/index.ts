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

async function bareCount(path: string): Promise<number> {
  const t = performance.now();
  const db = await openDb();
  try {
    await db.all(`SELECT count(*) AS n FROM read_csv(${lit(path)})`);
  } finally {
    db.close();
  }
  return performance.now() - t;
}

async function timeProfile(path: string): Promise<number> {
  const t = performance.now();
  await profileDataset(path, { target: 'outcome' }, { signal: new AbortController().signal, emit: () => {} });
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const withIngest = process.env.BENCH_INGEST === '1';
  for (const rows of sizes.length ? sizes : [1_000_000, 10_000_000]) {
    const csv = join(DATA, `profile-${rows}.csv`);
    const bytes = await generateCsv(csv, rows);
    // Warm the OS page cache once so no measurement pays the first disk read. The machine is
    // shared, so runs are interleaved (count, profile, count, ...) and medians compared.
    await bareCount(csv);
    const repeats = rows >= 5_000_000 ? 2 : 3;
    const counts: number[] = [];
    const profiles: number[] = [];
    for (let r = 0; r < repeats; r++) {
      counts.push(await bareCount(csv));
      profiles.push(await timeProfile(csv));
    }
    const count = median(counts);
    const profile = median(profiles);
    const line: Record<string, string | number | number[]> = {
      rows,
      mb: Math.round(bytes / 1e6),
      countMs: Math.round(count),
      profileMs: Math.round(profile),
      ratio: Number((profile / count).toFixed(2)),
      countRuns: counts.map(Math.round),
      profileRuns: profiles.map(Math.round),
    };
    if (withIngest) {
      const t = performance.now();
      const info = await ingestFile(csv, join(DATA, `ingest-${rows}`));
      line.ingestMs = Math.round(performance.now() - t);
      const pqRuns: number[] = [];
      for (let r = 0; r < repeats; r++) pqRuns.push(await timeProfile(info.path));
      const pq = median(pqRuns);
      line.parquetProfileMs = Math.round(pq);
      line.parquetRatio = Number((pq / count).toFixed(2));
    }
    console.log(JSON.stringify(line));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
