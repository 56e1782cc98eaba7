/**
 * Speed check of issue 12: a 4,000-point half-hourly series with two seasons (taylor, 4032 points, seasons
 * 48 and 336), horizon 800, with the app's default budget (60 s). Prints the wall time, each candidate's
 * status and fit time, and the ratio to a seasonal-naive-only run in the same process (the reading and
 * regularising floor).
 *   flock /work/bench.lock env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
 *     npx tsx --tsconfig tsconfig.node.json bench/forecast/speed.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runForecast } from '../../src-main/engine/forecast/run-forecast';
import { BENCH_DATA, SERIES } from './datasets';

async function main(): Promise<void> {
  const taylor = SERIES.find((s) => s.name === 'taylor')!;
  const rows = taylor.load();
  const file = join(BENCH_DATA, 'taylor-full.csv');
  writeFileSync(file, `date,value\n${rows.map(([d, v]) => `${d},${v ?? ''}`).join('\n')}\n`);
  const ctx = { signal: new AbortController().signal, emit: () => {} };
  const run = async (
    budgetSeconds: number,
  ): Promise<{ seconds: number; res: Awaited<ReturnType<typeof runForecast>> }> => {
    const t0 = Date.now();
    const res = await runForecast(
      {
        dataPath: file,
        date: 'date',
        target: 'value',
        horizon: 800,
        budgetSeconds,
        artifactDir: join(BENCH_DATA, 'speed'),
      },
      ctx,
    );
    return { seconds: (Date.now() - t0) / 1000, res };
  };
  // A budget so small that only seasonal naive runs: the floor (reading, seasonality, one cheap method).
  const floor = await run(0.01);
  const full = await run(60);
  console.log(`taylor: ${rows.length} points, seasons ${full.res.details.seasonPeriods.join(', ')}, horizon 800`);
  console.log(`floor (seasonal naive only): ${floor.seconds.toFixed(1)} s`);
  console.log(
    `default budget 60 s: ${full.seconds.toFixed(1)} s wall (${(full.seconds / floor.seconds).toFixed(1)}x the floor), chose ${full.res.details.bestMethod}`,
  );
  for (const r of full.res.summary.leaderboard)
    console.log(
      `  ${r.modelId}: ${r.status} ${r.fitSeconds.toFixed(1)} s ${r.metrics.mase?.toFixed(3) ?? ''} ${r.error ?? ''}`,
    );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
