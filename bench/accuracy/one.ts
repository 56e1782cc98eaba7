/**
 * One dataset of the accuracy benchmark with the app's whole leaderboard: every configuration's family, parameters,
 * seconds on the budget clock, validation (out-of-fold) and test score. For finding where a run's time and
 * accuracy go. Same data and split as index.ts (run index.ts once first to prepare the data).
 *   AUTOML_BUDGET_CLOCK=cpu npx tsx --tsconfig tsconfig.node.json bench/accuracy/one.ts soybean [--budget 60]
 */
import { readSpec, trainApp } from './run-app';

async function main(): Promise<void> {
  const name = process.argv[2];
  const i = process.argv.indexOf('--budget');
  const budget = i >= 0 ? Number(process.argv[i + 1]) : 60;
  const spec = readSpec(name);
  const { res, models, seconds, cpuSeconds } = await trainApp(spec, budget);
  const m = spec.task === 'classification' ? 'accuracy' : 'r2';
  for (const r of res.summary.leaderboard)
    console.log(
      [
        r.modelId.padEnd(22),
        r.fitSeconds.toFixed(2).padStart(7),
        (r.metrics[m] ?? NaN).toFixed(4),
        (r.testMetrics?.[m] ?? NaN).toFixed(4),
        JSON.stringify(r.params),
      ].join('  '),
    );
  console.log(
    `${name}: best ${res.summary.bestModelId}, ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, models in: ${models.join(',')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
