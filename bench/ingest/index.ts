/**
 * Ingest speed: ingestFile on generated CSVs (1M and 10M rows by default) against DuckDB's own
 * `COPY (SELECT * FROM read_csv(file)) TO 'x.parquet'` on the same file, in the same run, runs interleaved
 * (base, app, base, app, ...) and medians compared. Goal (issue 17): app ≤ 2.5× DuckDB.
 *   flock /work/bench.lock npx tsx --tsconfig tsconfig.node.json bench/ingest/index.ts [rows ...] [--repeats 3]
 * DuckDB runs with its default of one thread per core in both (printed). Files go to bench/.data/ (git-ignored).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lit, openDb } from '../../src-main/engine/util/duckdb';
import { ingestFile } from '../../src-main/engine/ingest/ingest-file';
import { generateCsv } from '../profile/generate';
import { medianTiming, numberArg, ratios, sizesArg, timed, type Timing } from '../lib/timing';

const DATA = join(__dirname, '..', '.data');

async function duckdbCopy(csv: string, out: string): Promise<Timing> {
  return timed(async () => {
    const db = await openDb();
    try {
      await db.exec(`COPY (SELECT * FROM read_csv(${lit(csv)})) TO ${lit(out)} (FORMAT parquet)`);
    } finally {
      db.close();
    }
  });
}

async function threads(): Promise<string> {
  const db = await openDb();
  try {
    const [{ t }] = await db.all("SELECT current_setting('threads') AS t");
    return String(t);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const repeats = numberArg('repeats', 3);
  console.log(`DuckDB threads: ${await threads()}`);
  for (const rows of sizesArg([1_000_000, 10_000_000])) {
    const csv = join(DATA, `profile-${rows}.csv`);
    const bytes = await generateCsv(csv, rows);
    const dest = join(DATA, `ingest-${rows}`);
    const out = join(DATA, `duckdb-${rows}.parquet`);
    await duckdbCopy(csv, out); // warms the page cache
    const base: Timing[] = [];
    const app: Timing[] = [];
    for (let r = 0; r < repeats; r++) {
      base.push(await duckdbCopy(csv, out));
      rmSync(dest, { recursive: true, force: true });
      app.push(await timed(() => ingestFile(csv, dest)));
    }
    const b = medianTiming(base);
    const a = medianTiming(app);
    console.log(
      JSON.stringify({
        rows,
        mb: Math.round(bytes / 1e6),
        duckdbWallMs: Math.round(b.wall),
        duckdbCpuMs: Math.round(b.cpu),
        ingestWallMs: Math.round(a.wall),
        ingestCpuMs: Math.round(a.cpu),
        ratio: ratios(a, b),
        ingestWallRuns: app.map((t) => Math.round(t.wall)),
        maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
