/**
 * Damped against linear trend at long horizons: on every series of a set where ETS (chosen by AICc) has a
 * trend, backtests the linear trend, the damped trend with φ estimated by ML (the app's two structures) and
 * the damped trend with φ fixed at 0.8 ... 0.98, and scores on the holdout the structure each rule picks:
 *   app   lowest backtest among linear and ML-damped (what the app's ETS does now),
 *   grid  lowest backtest among linear and the fixed φ values (φ chosen in the backtest),
 *   all   lowest backtest among all of them,
 *   mean  the mean of the linear and the ML-damped forecasts.
 *   flock /work/acc.lock nice -n 10 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
 *     npx tsx --tsconfig tsconfig.node.json bench/forecast/damped.ts [--set=tuning|validation]
 */
import { join } from 'node:path';
import { backtest, planBacktest } from '../../src-main/engine/forecast/backtest';
import { ets, type EtsParams } from '../../src-main/engine/forecast/ets';
import { methodFor } from '../../src-main/engine/forecast/methods';
import { detectSeasonality, viewOf } from '../../src-main/engine/forecast/seasonality';
import { loadSeries } from '../../src-main/engine/forecast/series';
import { BENCH_DATA, SERIES } from './datasets';
import { onCalendar, scaleOf, splitSeries } from './index';
import { mase } from './score';

const PHIS = [0.8, 0.85, 0.9, 0.95, 0.98];

function geomean(v: number[]): number {
  return Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / Math.max(1, v.length));
}

async function main(): Promise<void> {
  const set = process.argv.find((a) => a.startsWith('--set='))?.slice('--set='.length) ?? 'tuning';
  const signal = new AbortController().signal;
  const method = methodFor('ets');
  const ratios: Record<string, number[]> = { grid: [], all: [], mean: [], oracle: [] };
  for (const s of SERIES.filter((x) => x.set === set)) {
    const { train, test, testDates } = splitSeries(s);
    const series = await loadSeries(join(BENCH_DATA, `${s.name}-train.csv`), 'date', 'value');
    const view = viewOf(series, detectSeasonality(series.y, series.freq));
    const { steps, spread } = onCalendar(series.freq, testDates);
    const plan = planBacktest(view.y.length, steps, view.m);
    if (plan.origins.length === 0) continue;
    const whole = ets.fit(view, signal);
    if (whole.trend === 'N') continue;
    const scale = scaleOf(
      train.map(([, v]) => v),
      Math.round(s.periods[0]),
    );
    const structures: Array<[string, EtsParams]> = [
      ['A', { ...whole, trend: 'A', phi: 1, fixedPhi: undefined }],
      ['Ad', { ...whole, trend: 'Ad', phi: 0.98, fixedPhi: undefined }],
      ...PHIS.map((phi): [string, EtsParams] => [`Ad${phi}`, { ...whole, trend: 'Ad', phi, fixedPhi: phi }]),
    ];
    const scored = structures.map(([name, like]) => {
      const bt = backtest(method, view, plan, signal, undefined, undefined, like).metrics.mase;
      const fit = ets.fit(view, signal, undefined, like);
      const pred = spread(ets.forecast(fit, view, steps).mean);
      return { name, bt, hold: mase(test, pred, scale), pred, phi: fit.phi };
    });
    const lowest = (names: (n: string) => boolean) =>
      scored.filter((x) => names(x.name)).reduce((a, b) => (b.bt < a.bt ? b : a));
    const app = lowest((n) => n === 'A' || n === 'Ad');
    const grid = lowest((n) => n === 'A' || n.startsWith('Ad0'));
    const all = lowest(() => true);
    const a = scored[0].pred;
    const d = scored[1].pred;
    const mean = mase(
      test,
      a.map((v, j) => (v + d[j]) / 2),
      scale,
    );
    const oracle = Math.min(...scored.map((x) => x.hold));
    ratios.grid.push(grid.hold / app.hold);
    ratios.all.push(all.hold / app.hold);
    ratios.mean.push(mean / app.hold);
    ratios.oracle.push(oracle / app.hold);
    console.log(
      `${s.name.padEnd(16)} ${whole.error}${whole.season} app ${app.name}(${app.hold.toFixed(3)}) grid ${grid.name}(${grid.hold.toFixed(3)}) ` +
        `all ${all.name}(${all.hold.toFixed(3)}) mean ${mean.toFixed(3)} | ` +
        scored.map((x) => `${x.name} bt ${x.bt.toFixed(3)} hold ${x.hold.toFixed(3)}`).join(', '),
    );
  }
  console.log(
    `\n${set}: holdout MASE over the app's ETS trend choice, geometric mean over ${ratios.grid.length} series: ` +
      Object.entries(ratios)
        .map(([k, v]) => `${k} ${geomean(v).toFixed(3)}`)
        .join(', '),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
