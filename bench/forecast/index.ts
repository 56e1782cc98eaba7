/**
 * Forecasting benchmark: the app's automatic forecast against R's forecast package (auto.arima, ets, tbats,
 * thetaf, snaive; Debian r-cran-forecast) and statsmodels (Debian python3-statsmodels) on 52 real series with
 * the last 20% held out (long horizons). The series are split into a tuning set (may guide the selection
 * rules) and a validation set (only reported); see datasets.ts. Prints MASE per series per method and, per
 * set, the count of series where the app is at or below the best peer, within 1.15x of it, and geometric
 * means of the app's MASE over the best peer's, auto.arima's, ets's and thetaf's.
 *
 * Run (one benchmark at a time on the machine):
 *   flock /work/bench.lock env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 AUTOML_BUDGET_CLOCK=cpu \
 *     npx tsx --tsconfig tsconfig.node.json bench/forecast/index.ts [--set=tuning|validation] [--quick | name,name]
 *       [--budget=S] [--refresh-peers] [--peers-only]
 * --budget=S sets the app's time budget (default 60 s, the app's default). On a shared machine add
 * AUTOML_BUDGET_CLOCK=cpu to the environment: the budget then counts this process's CPU seconds, so 60 s buys
 * what it buys on an idle machine (engine/util/budget-clock.ts).
 * Peer forecasts are cached in bench/.data/forecast/peers (they take minutes on the long series);
 * --refresh-peers recomputes them. Each series' candidates (backtest folds and holdout forecasts) are written
 * to bench/.data/forecast/dump/NAME.json for rules.ts, which scores selection rules without refitting.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressReporter } from '../../src-main/engine/util/progress';
import { budgetNow } from '../../src-main/engine/util/budget-clock';
import { budgetDeadline, fitForecast } from '../../src-main/engine/forecast/run-forecast';
import { forecastWith, methodFor, isMean } from '../../src-main/engine/forecast/methods';
import { shownBands } from '../../src-main/engine/forecast/calibration';
import { bandsOf } from '../../src-main/engine/forecast/forecast-rows';
import { detectSeasonality, viewOf } from '../../src-main/engine/forecast/seasonality';
import { loadSeries } from '../../src-main/engine/forecast/series';
import type { Frequency } from '../../src-main/engine/forecast/frequency';
import type { SingleForecaster } from '../../src-main/engine/forecast/model-json';
import { BENCH_DATA, BENCH_SETS, QUICK, SERIES, type BenchSeries } from './datasets';
import { printTables, type ScoredSeries } from './report';
import { mase } from './score';

const PEERS = join(BENCH_DATA, 'peers');
/** Where the dumps go (FORECAST_DUMP: another folder, e.g. dumps augmented with further structures). */
export const DUMP = process.env.FORECAST_DUMP ?? join(BENCH_DATA, 'dump');
const THREADS = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };

interface PeerForecast {
  method: string;
  seconds: number;
  model: string;
  values: number[] | null;
}

/** What rules.ts needs to score a selection rule on one series without refitting. */
export interface SeriesDump extends ScoredSeries {
  seconds: number;
  nonNegative: boolean;
  scale: number;
  test: Array<number | null>;
  peerModels: Array<{ method: string; model: string; seconds: number }>;
  /** Per candidate: backtest folds (predictions, actuals with NaN as null, scales), holdout forecast, structure. */
  candidates: Record<
    string,
    {
      preds: number[][];
      actuals: Array<Array<number | null>>;
      scales: number[];
      holdout: number[];
      describe: Record<string, unknown>;
    }
  >;
  /** Share of the holdout inside the 80% and 95% bands the app shows, and where those bands come from. */
  cover80: number;
  cover95: number;
  intervalSource: 'model' | 'backtest';
  /** The same before the backtest calibration widened them (equal to the above when it did not). */
  raw80: number;
  raw95: number;
  /** Coverage the app states (cross-fold, of the calibrated bands), NaN without calibration. */
  claimed80: number;
  claimed95: number;
}

/** The structural choice the backtest makes inside a family (empty when it makes none). */
function variantOf(p: SingleForecaster): string {
  if (p.family === 'ets') return p.trend === 'N' ? '' : `${p.trend}${p.fixedPhi ?? ''}`;
  if (p.family === 'arima' || p.family === 'dhr') return p.lambda === null ? 'raw' : 'bc';
  return '';
}

export function scaleOf(train: Array<number | null>, m: number): number {
  const lag = m > 1 && train.length > 2 * m ? m : 1;
  let s = 0;
  let c = 0;
  for (let i = lag; i < train.length; i++) {
    const a = train[i];
    const b = train[i - lag];
    if (a === null || b === null) continue;
    s += Math.abs(a - b);
    c++;
  }
  return s / c;
}

function readPeers(file: string): PeerForecast[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [method, seconds, model, values] = line.split('\t');
      return {
        method,
        seconds: Number(seconds),
        model,
        values: values ? values.split(',').map(Number) : null,
      };
    });
}

function peers(s: BenchSeries, trainCsv: string, h: number, refresh: boolean): PeerForecast[] {
  mkdirSync(PEERS, { recursive: true });
  const out: PeerForecast[] = [];
  const jobs: Array<[string, string, string[]]> = [
    ['r', 'Rscript', [join(__dirname, 'r_peers.R')]],
    ['sm', '/usr/bin/python3', [join(__dirname, 'statsmodels_peers.py')]],
  ];
  for (const [tag, cmd, script] of jobs) {
    const file = join(PEERS, `${s.name}-h${h}-${tag}.tsv`);
    if (refresh || !existsSync(file)) {
      console.error(`  ${s.name}: running ${tag} peers...`);
      const r = spawnSync(cmd, [...script, trainCsv, s.periods.join(' '), String(h), file], {
        encoding: 'utf8',
        env: { ...process.env, ...THREADS },
        maxBuffer: 64 << 20,
      });
      if (r.status !== 0 || !existsSync(file)) throw new Error(`${cmd} peers failed on ${s.name}: ${r.stderr}`);
    }
    out.push(...readPeers(file));
  }
  return out;
}

/** The benchmark's split of one series: the training part ends on an observed value. */
export function splitSeries(s: BenchSeries): {
  train: Array<[string, number | null]>;
  test: Array<number | null>;
  testDates: string[];
  h: number;
} {
  const raw = s.load();
  const n = raw.length;
  let cut = n - (s.holdout ?? Math.round(0.2 * n));
  while (cut > 1 && raw[cut - 1][1] === null) cut--;
  return {
    train: raw.slice(0, cut),
    test: raw.slice(cut).map(([, v]) => v),
    testDates: raw.slice(cut).map(([d]) => d),
    h: n - cut,
  };
}

/**
 * The app's forecast steps over the test dates: all of them, or on a calendar of some days of the week only
 * those days (the test grid keeps the other days as missing values). `spread` puts the app's steps back on
 * the test grid, a left-out day carrying the step before it (never scored: it has no value).
 */
export function onCalendar(
  freq: Frequency,
  testDates: string[],
): { steps: number; spread: (v: ArrayLike<number>) => number[] } {
  const kept = testDates.map((d) => !freq.weekdays || freq.weekdays.includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  const steps = kept.filter(Boolean).length;
  const spread = (v: ArrayLike<number>): number[] => {
    let k = -1;
    return kept.map((isKept) => v[isKept ? ++k : Math.max(0, k)]);
  };
  return { steps, spread };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const listArg = args.find((a) => !a.startsWith('--'));
  const names = args.includes('--quick') ? QUICK : listArg?.split(',');
  const setArg = args.find((a) => a.startsWith('--set='))?.slice('--set='.length);
  const refresh = args.includes('--refresh-peers');
  const budgetArg = args.find((a) => a.startsWith('--budget='));
  const budgetSeconds = budgetArg ? Number(budgetArg.slice('--budget='.length)) : 60;
  mkdirSync(DUMP, { recursive: true });
  const rows: SeriesDump[] = [];
  const chosen = SERIES.filter((x) => (!names || names.includes(x.name)) && (!setArg || x.set === setArg));
  for (const s of chosen) {
    const { train, test, testDates, h } = splitSeries(s);
    const trainCsv = join(BENCH_DATA, `${s.name}-train.csv`);
    writeFileSync(trainCsv, `date,value\n${train.map(([d, v]) => `${d},${v ?? ''}`).join('\n')}\n`);
    const scale = scaleOf(
      train.map(([, v]) => v),
      Math.round(s.periods[0]),
    );
    const peerList = peers(s, trainCsv, h, refresh);
    if (args.includes('--peers-only')) continue;
    const t0 = Date.now();
    const budgetStart = budgetNow();
    // The app's automatic run up to its choice (runForecast without the files), then every candidate's forecast.
    const series = await loadSeries(trainCsv, 'date', 'value');
    const view = viewOf(series, detectSeasonality(series.y, series.freq));
    // A calendar that leaves out days of the week (silver: no weekend prices) forecasts the test dates it holds.
    const { steps, spread } = onCalendar(series.freq, testDates);
    const ctx = { signal: new AbortController().signal, emit: () => {} };
    const { outcome, family } = fitForecast(
      view,
      steps,
      ctx,
      new ProgressReporter(() => {}),
      budgetDeadline(budgetStart, budgetSeconds),
    );
    const seconds = (Date.now() - t0) / 1000;
    const nonNegative = series.y.every((v) => v >= 0);
    const clip = (v: number): number => (nonNegative ? Math.max(0, v) : v);
    const candidates: SeriesDump['candidates'] = {};
    for (const [fam, params] of outcome.fitted) {
      const r = outcome.results.get(fam);
      candidates[fam] = {
        preds: r?.preds ?? [],
        actuals: (r?.actuals ?? []).map((fold) => fold.map((v) => (Number.isNaN(v) ? null : v))),
        scales: r?.scales ?? [],
        holdout: spread(forecastWith(params, view, steps).mean).map(clip),
        describe: isMean(params)
          ? { members: params.members.map((p) => p.family).join(' + ') }
          : methodFor(params.family).describe(params),
      };
    }
    // Every structure the backtest compared (ETS linear or damped trend, ARIMA with or without Box-Cox), each
    // fitted to the whole training part, as `family~variant` candidates.
    for (const { params, whole: fit, result } of outcome.tried) {
      const key = `${params.family}~${variantOf(params)}`;
      if (candidates[key] || variantOf(params) === '') continue;
      const method = methodFor(params.family);
      const whole = fit ?? method.fit(view, ctx.signal, undefined, params);
      candidates[key] = {
        preds: result.preds,
        actuals: result.actuals.map((fold) => fold.map((v) => (Number.isNaN(v) ? null : v))),
        scales: result.scales,
        holdout: spread(forecastWith(whole, view, steps).mean).map(clip),
        describe: method.describe(whole),
      };
    }
    // The bands the app shows: the model's own intervals, else normal bands with the backtest error sigmas.
    const path = forecastWith(outcome.fitted.get(family)!, view, steps);
    const chosenBacktest = outcome.results.get(family);
    const shown = shownBands(path, chosenBacktest, steps);
    const bands = shown.bands;
    const raw = bandsOf(path, shown.sigmas, steps);
    const coverage = (lowerSteps: Float64Array, upperSteps: Float64Array): number => {
      const lower = spread(lowerSteps);
      const upper = spread(upperSteps);
      let inside = 0;
      let k = 0;
      test.forEach((a, j) => {
        if (a === null) return;
        k++;
        if (a >= clip(lower[j]) && a <= upper[j]) inside++;
      });
      return k > 0 ? inside / k : NaN;
    };
    const row: SeriesDump = {
      name: s.name,
      set: s.set,
      n: train.length,
      h,
      periods: s.periods,
      app: { mase: mase(test, candidates[family].holdout, scale), method: family },
      peers: peerList.map((p) => ({
        method: p.method,
        mase: p.values && p.values.length === h ? mase(test, p.values, scale) : NaN,
      })),
      peerModels: peerList.map((p) => ({ method: p.method, model: p.model, seconds: p.seconds })),
      seconds,
      nonNegative,
      scale,
      test,
      candidates,
      cover80: coverage(bands.lower80, bands.upper80),
      cover95: coverage(bands.lower95, bands.upper95),
      intervalSource: shown.source,
      raw80: coverage(raw.lower80, raw.upper80),
      raw95: coverage(raw.lower95, raw.upper95),
      claimed80: shown.calibration?.coverage80 ?? NaN,
      claimed95: shown.calibration?.coverage95 ?? NaN,
    };
    writeFileSync(join(DUMP, `${s.name}.json`), JSON.stringify(row));
    rows.push(row);
    const best = Math.min(...row.peers.map((p) => p.mase).filter(Number.isFinite));
    console.error(
      `${s.name}: app ${row.app.mase.toFixed(3)} (${family}, ${seconds.toFixed(1)} s) best peer ${best.toFixed(3)} ratio ${(row.app.mase / best).toFixed(3)} | ` +
        Object.entries(candidates)
          .map(([fam, c]) => `${fam} ${mase(test, c.holdout, scale).toFixed(3)}`)
          .join(', '),
    );
  }
  if (rows.length === 0) return;
  printTables(rows);
  for (const set of BENCH_SETS) {
    const part = rows.filter((r) => r.set === set);
    if (part.length === 0) continue;
    const mean = (v: number[]): string => (v.reduce((a, b) => a + b, 0) / Math.max(1, v.length)).toFixed(3);
    const fromBacktest = part.filter((r) => r.intervalSource === 'backtest').length;
    const calibrated = part.filter((r) => Number.isFinite(r.claimed95));
    console.log(
      `${set}: holdout coverage of the bands the app shows, mean over series: 80% band ${mean(part.map((r) => r.cover80))}, ` +
        `95% band ${mean(part.map((r) => r.cover95))} (${fromBacktest} of ${part.length} with backtest-sigma bands); ` +
        `before calibration 80% ${mean(part.map((r) => r.raw80))}, 95% ${mean(part.map((r) => r.raw95))}; ` +
        `${calibrated.length} calibrated: holdout 80% ${mean(calibrated.map((r) => r.cover80))}, 95% ${mean(calibrated.map((r) => r.cover95))}, ` +
        `stated (cross-fold) 80% ${mean(calibrated.map((r) => r.claimed80))}, 95% ${mean(calibrated.map((r) => r.claimed95))}`,
    );
  }
  console.log(
    "\nApp details (seconds of the automatic run, 80% and 95% coverage of the bands the app shows on the holdout, candidates' holdout MASE):",
  );
  for (const r of rows)
    console.log(
      `- ${r.name}: ${r.seconds.toFixed(1)} s, coverage80 ${r.cover80.toFixed(2)} coverage95 ${r.cover95.toFixed(2)} (${r.intervalSource} bands; ` +
        `before calibration ${r.raw80.toFixed(2)} ${r.raw95.toFixed(2)}, stated ${r.claimed80.toFixed(2)} ${r.claimed95.toFixed(2)}); ` +
        Object.entries(r.candidates)
          .map(([fam, c]) => `${fam} ${mase(r.test, c.holdout, r.scale).toFixed(3)} ${JSON.stringify(c.describe)}`)
          .join('; '),
    );
  console.log('\nPeer models and seconds:');
  for (const r of rows)
    console.log(
      `- ${r.name}: ${r.peerModels.map((p) => `${p.method} ${p.model} (${p.seconds.toFixed(1)} s)`).join('; ')}`,
    );
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
