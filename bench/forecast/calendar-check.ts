/**
 * The business-day calendar against the plain daily one on trading-day series: the app's automatic forecast
 * of the last 20% of each series (trading days) made on a Monday-to-Friday calendar (what the app does now)
 * and on a daily calendar with the weekends interpolated (what it did before), both scored on the held-out
 * trading days (MASE, in-sample naive scale). Series: windows of about five years of AER's GoldSilver (gold,
 * silver 1978-2012) and TTR's ttrc closes (1985-2006), exported by Rscript on first use.
 *   flock /work/acc12.lock nice -n 10 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 AUTOML_BUDGET_CLOCK=cpu \
 *     npx tsx --tsconfig tsconfig.node.json bench/forecast/calendar-check.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { budgetNow } from '../../src-main/engine/util/budget-clock';
import { ProgressReporter } from '../../src-main/engine/util/progress';
import { makeFrequency } from '../../src-main/engine/forecast/frequency';
import { forecastWith } from '../../src-main/engine/forecast/methods';
import { budgetDeadline, fitForecast } from '../../src-main/engine/forecast/run-forecast';
import { detectSeasonality, viewOf } from '../../src-main/engine/forecast/seasonality';
import { loadSeries } from '../../src-main/engine/forecast/series';
import { BENCH_DATA } from './datasets';
import { scaleOf } from './index';
import { mase } from './score';

const DIR = join(BENCH_DATA, 'trading');
const WINDOWS: Array<{ name: string; source: 'gold' | 'silver' | 'ttrc'; from: string; to: string }> = [
  { name: 'gold-1985', source: 'gold', from: '1985-01-01', to: '1989-12-31' },
  { name: 'gold-1998', source: 'gold', from: '1998-01-01', to: '2002-12-31' },
  { name: 'gold-2006', source: 'gold', from: '2006-01-01', to: '2010-12-31' },
  { name: 'silver-1990', source: 'silver', from: '1990-01-01', to: '1994-12-31' },
  { name: 'silver-2000', source: 'silver', from: '2000-01-01', to: '2004-12-31' },
  { name: 'ttrc-1990', source: 'ttrc', from: '1990-01-01', to: '1994-12-31' },
  { name: 'ttrc-2002', source: 'ttrc', from: '2002-01-01', to: '2006-12-31' },
];

function exportSources(): void {
  if (existsSync(join(DIR, 'ttrc.csv'))) return;
  mkdirSync(DIR, { recursive: true });
  const r = spawnSync(
    'Rscript',
    [
      '-e',
      `suppressMessages({library(AER); library(TTR)}); data(GoldSilver); data(ttrc)
d <- format(index(GoldSilver), "%Y-%m-%d")
write.csv(data.frame(date = d, value = as.numeric(GoldSilver[, "gold"])), "${DIR}/gold.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(date = d, value = as.numeric(GoldSilver[, "silver"])), "${DIR}/silver.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(date = format(ttrc$Date, "%Y-%m-%d"), value = ttrc$Close), "${DIR}/ttrc.csv", row.names = FALSE, quote = FALSE)`,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
}

async function main(): Promise<void> {
  exportSources();
  const logs: number[] = [];
  for (const w of WINDOWS) {
    const rows = readFileSync(join(DIR, `${w.source}.csv`), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter(([d, v]) => d >= w.from && d <= w.to && v !== 'NA')
      .map(([d, v]): [string, number] => [d, Number(v)]);
    const cut = rows.length - Math.round(0.2 * rows.length);
    const train = rows.slice(0, cut);
    const test = rows.slice(cut);
    const trainCsv = join(DIR, `${w.name}-train.csv`);
    writeFileSync(trainCsv, `date,value\n${train.map(([d, v]) => `${d},${v}`).join('\n')}\n`);
    const scale = scaleOf(
      train.map(([, v]) => v),
      1,
    );
    const actual = test.map(([, v]) => v);
    const out: Record<string, { mase: number; method: string; seconds: number; periods: string }> = {};
    for (const calendar of ['weekdays', 'daily'] as const) {
      const series = await loadSeries(
        trainCsv,
        'date',
        'value',
        calendar === 'daily' ? { freq: makeFrequency('day', 1), aggregation: 'mean' } : undefined,
      );
      const last = series.t[series.t.length - 1];
      // Steps to the last test date on this calendar, and each test date's step.
      const stepOf = new Map<string, number>();
      const day = 86_400_000;
      let step = 0;
      for (let t = last + day; step < 10 * test.length; t += day) {
        const dow = new Date(t).getUTCDay();
        if (calendar === 'daily' || (dow !== 0 && dow !== 6))
          stepOf.set(new Date(t).toISOString().slice(0, 10), step++);
        if (new Date(t).toISOString().slice(0, 10) >= test[test.length - 1][0]) break;
      }
      const h = step;
      const season = detectSeasonality(series.y, series.freq);
      const view = viewOf(series, season);
      const start = budgetNow();
      const ctx = { signal: new AbortController().signal, emit: () => {} };
      const { outcome, family } = fitForecast(view, h, ctx, new ProgressReporter(() => {}), budgetDeadline(start, 60));
      const path = forecastWith(outcome.fitted.get(family)!, view, h).mean;
      const pred = test.map(([d]) => path[stepOf.get(d)!]);
      out[calendar] = {
        mase: mase(actual, pred, scale),
        method: family,
        seconds: (budgetNow() - start) / 1000,
        periods: season.periods.join(' ') || 'none',
      };
    }
    const ratio = out.weekdays.mase / out.daily.mase;
    logs.push(Math.log(ratio));
    console.log(
      `${w.name.padEnd(12)} train ${train.length} test ${test.length} | weekdays ${out.weekdays.mase.toFixed(3)} (${out.weekdays.method}, seasons ${out.weekdays.periods}, ${out.weekdays.seconds.toFixed(1)} s) | daily ${out.daily.mase.toFixed(3)} (${out.daily.method}, seasons ${out.daily.periods}, ${out.daily.seconds.toFixed(1)} s) | ratio ${ratio.toFixed(3)}`,
    );
  }
  console.log(
    `geometric mean weekdays / daily: ${Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length).toFixed(3)} over ${logs.length} series`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
