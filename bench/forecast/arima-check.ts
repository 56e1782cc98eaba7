/**
 * The ARIMA candidate alone (order search + fit on the whole training part) against auto.arima on the holdout,
 * per series of both sets: prints the app's model, R's, and the MASE ratio.
 *   npx tsx --tsconfig tsconfig.node.json bench/forecast/arima-check.ts [--set=tuning|validation] [--all]
 * (without --all only series of up to 150 points: the search is cheap there and auto.arima fits every order by
 * exact ML, so the two searches can be compared order by order)
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { arima, arimaName } from '../../src-main/engine/forecast/arima';
import { detectSeasonality, viewOf } from '../../src-main/engine/forecast/seasonality';
import { loadSeries } from '../../src-main/engine/forecast/series';
import { BENCH_DATA, SERIES } from './datasets';
import { onCalendar, scaleOf, splitSeries } from './index';
import { mase } from './score';

async function main(): Promise<void> {
  const set = process.argv.find((a) => a.startsWith('--set='))?.slice('--set='.length);
  const signal = new AbortController().signal;
  const logs: Record<string, number[]> = { tuning: [], validation: [] };
  for (const s of SERIES.filter((x) => !set || x.set === set)) {
    const { train, test, testDates } = splitSeries(s);
    const series = await loadSeries(join(BENCH_DATA, `${s.name}-train.csv`), 'date', 'value');
    const view = viewOf(series, detectSeasonality(series.y, series.freq));
    const { steps, spread } = onCalendar(series.freq, testDates);
    if (!process.argv.includes('--all') && view.y.length > 150) continue;
    const scale = scaleOf(
      train.map(([, v]) => v),
      Math.round(s.periods[0]),
    );
    const t0 = Date.now();
    const p = arima.fit(view, signal);
    const sec = (Date.now() - t0) / 1000;
    const raw = p.lambda !== null && p.untransformed ? { ...p, ...p.untransformed, lambda: null } : p;
    const m = mase(test, spread(arima.forecast(p, view, steps).mean), scale);
    const mr = mase(test, spread(arima.forecast(raw, view, steps).mean), scale);
    const peer = readFileSync(join(BENCH_DATA, 'peers', `${s.name}-h${test.length}-r.tsv`), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('auto.arima\t'))
      ?.split('\t');
    const ref = peer?.[3] ? mase(test, peer[3].split(',').map(Number), scale) : NaN;
    logs[s.set].push(Math.log(mr / ref));
    console.log(
      `${s.set.padEnd(10)} ${s.name.padEnd(20)} n=${view.y.length} ${sec.toFixed(1)}s ${arimaName(raw)}${p.lambda !== null ? ` [bc ${arimaName(p)} ${(m / ref).toFixed(2)}]` : ''} | R ${peer?.[2]} | raw/auto ${(mr / ref).toFixed(3)}`,
    );
  }
  for (const [k, v] of Object.entries(logs))
    if (v.length)
      console.log(
        `${k}: geometric mean app raw arima / auto.arima ${Math.exp(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3)}`,
      );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
