/**
 * The ETS type (error, trend, season) chosen by AICc against the same choice made by the rolling backtest among
 * the few types with the lowest AICc (session 11: the app's ETS reaches higher likelihoods than R's ets, and on
 * USGDP and co2 that better fit, a near-deterministic slope or season, forecasts worse). ETS alone, on every
 * series of a set: each type fitted to the training part (as the app's ETS, seasons over 24 steps profiled
 * out first), the k lowest by AICc backtested on the app's folds (`planBacktest`), and on the holdout:
 *   aicc   the type AICc picks (the app's ETS before its trend alternatives),
 *   bt2    the lowest backtest among the 2 lowest-AICc types, bt3 among 3,
 *   ets(R) R's forecast::ets from the peer cache, when there.
 *   flock /work/acc12.lock nice -n 10 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
 *     npx tsx --tsconfig tsconfig.node.json bench/forecast/ets-types.ts [--set=tuning|validation|fresh] [name,name]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backtest, planBacktest } from '../../src-main/engine/forecast/backtest';
import { adjustView, fitProfile } from '../../src-main/engine/forecast/deseason';
import { etsLayouts, fitEts, MAX_ETS_PERIOD, type EtsParams } from '../../src-main/engine/forecast/ets';
import { methodFor } from '../../src-main/engine/forecast/methods';
import { detectSeasonality, viewOf } from '../../src-main/engine/forecast/seasonality';
import { loadSeries } from '../../src-main/engine/forecast/series';
import { BENCH_DATA, SERIES } from './datasets';
import { onCalendar, scaleOf, splitSeries } from './index';
import { mase } from './score';

const geomean = (v: number[]): number => Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / Math.max(1, v.length));
const typeOf = (p: EtsParams): string => `${p.error}${p.trend}${p.season}`;

/** R's ets forecast for this split from the peer cache, or null. */
function rEts(name: string, h: number): number[] | null {
  const file = join(BENCH_DATA, 'peers', `${name}-h${h}-r.tsv`);
  if (!existsSync(file)) return null;
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ets\t'));
  const values = line?.split('\t')[3];
  return values ? values.split(',').map(Number) : null;
}

async function main(): Promise<void> {
  const set = process.argv.find((a) => a.startsWith('--set='))?.slice('--set='.length);
  const names = process.argv
    .slice(2)
    .find((a) => !a.startsWith('--'))
    ?.split(',');
  const signal = new AbortController().signal;
  const method = methodFor('ets');
  const ratios: Record<string, number[]> = { bt2: [], bt3: [], 'ets(R)': [] };
  for (const s of SERIES.filter((x) => (!set || x.set === set) && (!names || names.includes(x.name)))) {
    const { train, test, testDates, h } = splitSeries(s);
    const trainCsv = join(BENCH_DATA, `${s.name}-train.csv`);
    writeFileSync(trainCsv, `date,value\n${train.map(([d, v]) => `${d},${v ?? ''}`).join('\n')}\n`);
    const series = await loadSeries(trainCsv, 'date', 'value');
    const view = viewOf(series, detectSeasonality(series.y, series.freq));
    const { steps, spread } = onCalendar(series.freq, testDates);
    const plan = planBacktest(view.y.length, steps, view.m, 5, view.missing);
    if (plan.origins.length === 0) continue;
    const scale = scaleOf(
      train.map(([, v]) => v),
      Math.round(s.periods[0]),
    );
    const keep = view.m > 1 && view.m <= MAX_ETS_PERIOD ? view.m : null;
    const adjust = fitProfile(view, keep);
    const adjusted = { ...adjustView(view, adjust), m: keep ?? 1 };
    const fits = etsLayouts(adjusted)
      .map((l) => fitEts(adjusted, l))
      .filter((p): p is EtsParams => p !== null)
      .map((p) => ({ ...p, adjust }))
      .sort((a, b) => a.aicc - b.aicc);
    const scored = fits.slice(0, 3).map((p) => ({
      type: typeOf(p),
      aicc: p.aicc,
      bt: backtest(method, view, plan, signal, undefined, undefined, p).metrics.mase,
      hold: mase(test, spread(method.forecast(p, view, steps).mean), scale),
    }));
    const pick = (k: number) => scored.slice(0, k).reduce((a, b) => (b.bt < a.bt ? b : a));
    const base = scored[0].hold;
    const r = rEts(s.name, h);
    const rHold = r && r.length === h ? mase(test, r, scale) : NaN;
    ratios.bt2.push(pick(2).hold / base);
    ratios.bt3.push(pick(3).hold / base);
    if (Number.isFinite(rHold)) ratios['ets(R)'].push(rHold / base);
    console.log(
      `${s.name.padEnd(18)} aicc ${scored[0].type} ${base.toFixed(3)} bt2 ${pick(2).type} ${pick(2).hold.toFixed(3)} ` +
        `bt3 ${pick(3).type} ${pick(3).hold.toFixed(3)} ets(R) ${rHold.toFixed(3)} | ` +
        scored
          .map((x) => `${x.type} aicc ${x.aicc.toFixed(1)} bt ${x.bt.toFixed(3)} hold ${x.hold.toFixed(3)}`)
          .join(', '),
    );
  }
  console.log(
    `\n${set ?? 'all'}: holdout MASE over the AICc-chosen type, geometric mean: ` +
      Object.entries(ratios)
        .map(([k, v]) => `${k} ${geomean(v).toFixed(3)} (${v.length} series)`)
        .join(', '),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
