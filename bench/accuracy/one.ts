/**
 * One dataset of the accuracy benchmark with the app's whole leaderboard: every configuration's family, parameters,
 * seconds on the budget clock, validation (out-of-fold) and test score. For finding where a run's time and
 * accuracy go. Same data and split as index.ts (run index.ts once first to prepare the data).
 *   AUTOML_BUDGET_CLOCK=cpu npx tsx --tsconfig tsconfig.node.json bench/accuracy/one.ts soybean [--budget 60]
 */
import { budgetNow } from '../../src-main/engine/util/budget-clock';
import { readSpec, trainApp } from './run-app';

async function main(): Promise<void> {
  const name = process.argv[2];
  const i = process.argv.indexOf('--budget');
  const budget = i >= 0 ? Number(process.argv[i + 1]) : 60;
  const spec = readSpec(name);
  // Where the time goes: the progress message changes, stamped on the budget clock (CPU with AUTOML_BUDGET_CLOCK=cpu).
  const phases: Array<{ what: string; at: number }> = [];
  let t0 = -1;
  const { res, models, seconds, cpuSeconds } = await trainApp(spec, budget, (e) => {
    if (e.type !== 'TRAIN_PROGRESS') return;
    const now = budgetNow();
    if (t0 < 0) t0 = now;
    const what =
      e.payload.message.startsWith('Training ') && e.payload.message !== 'Training finished'
        ? 'search'
        : e.payload.message;
    if (phases[phases.length - 1]?.what !== what) phases.push({ what, at: (now - t0) / 1000 });
  });
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
  for (const [i, p] of phases.entries())
    console.log(
      `phase ${p.what.padEnd(44)} from ${p.at.toFixed(1).padStart(6)} s, ${((phases[i + 1]?.at ?? cpuSeconds) - p.at).toFixed(1)} s`,
    );
  const ex = res.summary.explanations;
  console.log(
    ex
      ? `explanations: ${ex.rows} held-out rows, ${ex.how.method}` +
          (ex.how.sampling ? ` (${ex.how.sampling.background} background rows)` : '') +
          `, ${ex.dependence.length} dependence and ${ex.partialDependence.length} partial-dependence charts`
      : 'explanations: none',
  );
  console.log(
    `${name}: best ${res.summary.bestModelId}, ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, models in: ${models.join(',')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
