/**
 * Forecasting benchmark: our methods (and the automatic choice) against statsmodels ETS and SARIMA
 * from Debian's python3-statsmodels, on real series shipped with that package, same train/test split.
 * Run: npx tsx --tsconfig tsconfig.node.json bench/forecast/index.ts [series,...] [--ours-only]
 *   (needs: apt-get install python3-statsmodels)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeCsv } from '../../src-main/engine/analytics/csv-out';
import { formatDate } from '../../src-main/engine/forecast/frequency';
import { FORECAST_METHODS } from '../../src-main/engine/forecast/methods';
import { maseScale } from '../../src-main/engine/forecast/metrics';
import { runForecast } from '../../src-main/engine/forecast/run-forecast';
import { detectSeasonality } from '../../src-main/engine/forecast/seasonality';
import { loadSeries } from '../../src-main/engine/forecast/series';
import { SERIES } from './datasets';

const OUT = resolve(__dirname, '../.data/forecast');

function mase(actual: ArrayLike<number>, pred: ArrayLike<number>, scale: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - pred[i]);
  return s / actual.length / scale;
}

interface Row {
  name: string;
  n: number;
  m: number;
  detectedM: number;
  h: number;
  ours: Record<string, number>;
  oursSeconds: Record<string, number>;
  auto: { method: string; mase: number; seconds: number };
  statsmodels?: {
    ets: number;
    etsModel: string;
    sarima: number;
    sarimaModel: string;
    seconds: { ets: number; sarima: number };
  };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const oursOnly = process.argv.includes('--ours-only');
  const only = process.argv
    .slice(2)
    .find((a) => !a.startsWith('--'))
    ?.split(',');
  const rows: Row[] = [];
  const spec: Array<{ name: string; train_csv: string; m: number; h: number }> = [];
  const tests = new Map<string, { test: Float64Array; scale: number }>();
  for (const s of SERIES.filter((x) => !only || only.includes(x.name))) {
    const raw = s.load();
    const fullCsv = await writeCsv(join(OUT, `${s.name}.csv`), ['date', 'value'], raw);
    const full = await loadSeries(fullCsv, 'date', 'value');
    const n = full.y.length - s.h;
    // Both sides train on the same regular, gap-filled series.
    const trainCsv = await writeCsv(
      join(OUT, `${s.name}-train.csv`),
      ['date', 'value'],
      Array.from(full.y.subarray(0, n), (v, i) => [formatDate(full.freq, full.t[i]), v]),
    );
    const test = full.y.subarray(n);
    const scale = maseScale(full.y.subarray(0, n), s.m);
    tests.set(s.name, { test, scale });
    spec.push({ name: s.name, train_csv: trainCsv, m: s.m, h: s.h });
    const train = await loadSeries(trainCsv, 'date', 'value');
    const detected = detectSeasonality(train.y, train.freq).period;
    const view = { y: train.y, t: train.t, m: detected, freq: train.freq };
    const ours: Record<string, number> = {};
    const oursSeconds: Record<string, number> = {};
    const signal = new AbortController().signal;
    for (const method of FORECAST_METHODS) {
      const t0 = Date.now();
      const p = method.fit(view, signal);
      ours[method.family] = mase(test, method.forecast(p, view, s.h), scale);
      oursSeconds[method.family] = (Date.now() - t0) / 1000;
    }
    const t0 = Date.now();
    const res = await runForecast(
      { dataPath: trainCsv, date: 'date', target: 'value', horizon: s.h, artifactDir: join(OUT, `${s.name}-run`) },
      { signal, emit: () => {} },
    );
    const auto = {
      method: res.details.bestMethod,
      mase: mase(
        test,
        res.details.forecast.map((r) => r.prediction),
        scale,
      ),
      seconds: (Date.now() - t0) / 1000,
    };
    const inside = res.details.forecast.filter((r, j) => test[j] >= r.lower && test[j] <= r.upper).length / s.h;
    console.error(
      `${s.name}: n=${n} m=${s.m} detected=${detected} auto=${auto.method} coverage95=${inside.toFixed(2)}`,
    );
    rows.push({ name: s.name, n, m: s.m, detectedM: detected, h: s.h, ours, oursSeconds, auto });
  }
  if (oursOnly) {
    for (const r of rows)
      console.log(
        `${r.name}: ${Object.entries(r.ours)
          .map(([k, v]) => `${k} ${v.toFixed(3)}`)
          .join(', ')}; auto ${r.auto.mase.toFixed(3)} (${r.auto.method}) in ${r.auto.seconds.toFixed(1)} s`,
      );
    return;
  }
  const py = spawnSync('/usr/bin/python3', [join(__dirname, 'statsmodels_bench.py'), JSON.stringify(spec)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 64 << 20,
  });
  if (py.status !== 0) {
    console.error(py.stderr);
    throw new Error('statsmodels peer failed (is python3-statsmodels installed?)');
  }
  const peer = JSON.parse(py.stdout) as Record<
    string,
    {
      ets: number[];
      ets_model: string;
      sarima: number[];
      sarima_model: string;
      seconds: { ets: number; sarima: number };
    }
  >;
  for (const r of rows) {
    const p = peer[r.name];
    const { test, scale } = tests.get(r.name)!;
    r.statsmodels = {
      ets: mase(test, p.ets, scale),
      etsModel: p.ets_model,
      sarima: mase(test, p.sarima, scale),
      sarimaModel: p.sarima_model,
      seconds: p.seconds,
    };
  }
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(rows, null, 1));
  const f = (v: number): string => v.toFixed(3);
  console.log(
    '| series | train n | m (detected) | h | seasonal naive | ETS | ARIMA | GBM lags | auto (chosen) | statsmodels ETS | statsmodels SARIMA |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const o = r.ours;
    const sm = r.statsmodels!;
    console.log(
      `| ${r.name} | ${r.n} | ${r.m} (${r.detectedM}) | ${r.h} | ${f(o.seasonal_naive)} | ${f(o.ets)} | ${f(o.arima)} | ${f(o.gbm_lags)} | ${f(r.auto.mase)} (${r.auto.method}) | ${f(sm.ets)} ${sm.etsModel} | ${f(sm.sarima)} ${sm.sarimaModel} |`,
    );
  }
  console.log('\nSeconds (ours per method fit+forecast; auto = full backtest run; statsmodels incl. model search):');
  for (const r of rows) {
    const s = Object.entries(r.oursSeconds)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ');
    console.log(
      `${r.name}: ${s}; auto ${r.auto.seconds.toFixed(1)}; statsmodels ETS ${r.statsmodels!.seconds.ets.toFixed(1)}, SARIMA ${r.statsmodels!.seconds.sarima.toFixed(1)}`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
