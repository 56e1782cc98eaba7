/**
 * Forecasting benchmark: the app's automatic forecast against R's forecast package (auto.arima, ets, tbats,
 * thetaf, snaive; Debian r-cran-forecast) and statsmodels (Debian python3-statsmodels) on real series with the
 * last 20% held out (long horizons). Prints MASE per series per method and the count of series where the app
 * is at or below the best peer.
 *
 * Run (one benchmark at a time on the machine):
 *   flock /work/bench.lock env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
 *     npx tsx --tsconfig tsconfig.node.json bench/forecast/index.ts [--quick | name,name] [--methods] [--refresh-peers]
 * --budget=S sets the app's time budget (default 60 s, the app's default; a loaded machine needs more).
 * Peer forecasts are cached in bench/.data/forecast/peers (they take minutes on the long series);
 * --refresh-peers recomputes them. --methods also scores each of the app's candidates on the holdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runForecast } from '../../src-main/engine/forecast/run-forecast';
import { BENCH_DATA, QUICK, SERIES, type BenchSeries } from './datasets';
import { holdoutByCandidate } from './candidates';
import { mase } from './score';

const PEERS = join(BENCH_DATA, 'peers');
const THREADS = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };

interface PeerForecast {
  method: string;
  seconds: number;
  model: string;
  values: number[] | null;
}

function scaleOf(train: Array<number | null>, m: number): number {
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

interface Row {
  name: string;
  n: number;
  h: number;
  periods: number[];
  app: { mase: number; method: string; seconds: number; cover80?: number; cover95: number; chosenBy: string };
  candidates?: Record<string, number>;
  /** Holdout MASE of selection strategies applied to the backtest ranking (with --methods). */
  strategies?: Record<string, number>;
  /** Backtest MASE of each candidate (the leaderboard). */
  backtest: Record<string, number>;
  peers: Array<{ method: string; mase: number; model: string; seconds: number }>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const listArg = args.find((a) => !a.startsWith('--'));
  const names = args.includes('--quick') ? QUICK : listArg?.split(',');
  const refresh = args.includes('--refresh-peers');
  const budgetArg = args.find((a) => a.startsWith('--budget='));
  const budgetSeconds = budgetArg ? Number(budgetArg.slice('--budget='.length)) : 60;
  mkdirSync(BENCH_DATA, { recursive: true });
  const rows: Row[] = [];
  for (const s of SERIES.filter((x) => !names || names.includes(x.name))) {
    const raw = s.load();
    const n = raw.length;
    const h = Math.round(0.2 * n);
    const train = raw.slice(0, n - h);
    const test = raw.slice(n - h).map(([, v]) => v);
    if (train[train.length - 1][1] === null) console.error(`  ${s.name}: the training part ends on a missing value`);
    const trainCsv = join(BENCH_DATA, `${s.name}-train.csv`);
    writeFileSync(trainCsv, `date,value\n${train.map(([d, v]) => `${d},${v ?? ''}`).join('\n')}\n`);
    const m = Math.round(s.periods[0]);
    const scale = scaleOf(
      train.map(([, v]) => v),
      m,
    );
    const peerRows = peers(s, trainCsv, h, refresh).map((p) => ({
      method: p.method,
      model: p.model,
      seconds: p.seconds,
      mase: p.values && p.values.length === h ? mase(test, p.values, scale) : NaN,
    }));
    const t0 = Date.now();
    const res = await runForecast(
      {
        dataPath: trainCsv,
        date: 'date',
        target: 'value',
        horizon: h,
        budgetSeconds,
        artifactDir: join(BENCH_DATA, `${s.name}-run`),
      },
      { signal: new AbortController().signal, emit: () => {} },
    );
    const seconds = (Date.now() - t0) / 1000;
    const fc = res.details.forecast;
    const inside = (lo: (j: number) => number | undefined, hi: (j: number) => number | undefined): number => {
      let c = 0;
      let k = 0;
      test.forEach((a, j) => {
        const l = lo(j);
        const u = hi(j);
        if (a === null || l === undefined || u === undefined) return;
        k++;
        if (a >= l && a <= u) c++;
      });
      return c / Math.max(1, k);
    };
    const row: Row = {
      name: s.name,
      n: n - h,
      h,
      periods: s.periods,
      app: {
        mase: mase(
          test,
          fc.map((r) => r.prediction),
          scale,
        ),
        method: res.details.bestMethod,
        seconds,
        cover95: inside(
          (j) => fc[j]?.lower,
          (j) => fc[j]?.upper,
        ),
        chosenBy: res.details.backtest.folds > 0 ? `backtest ${res.details.backtest.folds} folds` : 'AICc',
      },
      peers: peerRows,
      backtest: Object.fromEntries(
        res.summary.leaderboard.filter((l) => l.metrics.mase !== undefined).map((l) => [l.modelId, l.metrics.mase!]),
      ),
    };
    if (args.includes('--methods')) {
      const c = await holdoutByCandidate(trainCsv, h, test, scale);
      row.candidates = c.mase;
      row.strategies = strategies(row.backtest, c.paths, (p) => mase(test, p, scale));
    }
    rows.push(row);
    const best = Math.min(...peerRows.map((p) => p.mase).filter(Number.isFinite));
    console.error(
      `${s.name}: app ${row.app.mase.toFixed(3)} (${row.app.method}, ${seconds.toFixed(1)} s) best peer ${best.toFixed(3)} ratio ${(row.app.mase / best).toFixed(3)}`,
    );
  }
  writeFileSync(join(BENCH_DATA, 'results.json'), JSON.stringify(rows, null, 1));
  printTable(rows);
}

/** Selection rules on the backtest ranking, scored on the holdout: what the automatic choice could be. */
function strategies(
  backtest: Record<string, number>,
  paths: Map<string, Float64Array>,
  score: (p: Float64Array) => number,
): Record<string, number> {
  const ranked = Object.entries(backtest)
    .filter(([k]) => paths.has(k))
    .sort((a, b) => a[1] - b[1])
    .map(([k]) => k);
  const mean = (ks: string[]): Float64Array => {
    const h = paths.get(ks[0])!.length;
    return Float64Array.from({ length: h }, (_, j) => ks.reduce((s, k) => s + paths.get(k)![j], 0) / ks.length);
  };
  const median = (ks: string[]): Float64Array => {
    const h = paths.get(ks[0])!.length;
    return Float64Array.from({ length: h }, (_, j) => {
      const v = ks.map((k) => paths.get(k)![j]).sort((a, b) => a - b);
      return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    });
  };
  const singles = ranked.filter((k) => k !== 'combination');
  const out: Record<string, number> = {};
  if (ranked.length > 0) out.best1 = score(paths.get(ranked[0])!);
  if (singles.length >= 2) out.top2 = score(mean(singles.slice(0, 2)));
  if (singles.length >= 3) out.top3 = score(mean(singles.slice(0, 3)));
  if (singles.length >= 3) out.top3median = score(median(singles.slice(0, 3)));
  if (paths.has('combination')) out.comb = score(paths.get('combination')!);
  return out;
}

function printTable(rows: Row[]): void {
  const methods = [...new Set(rows.flatMap((r) => r.peers.map((p) => p.method)))];
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
  console.log(`| series | train n | h | periods | app (chosen) | ${methods.join(' | ')} | best peer | app / best |`);
  console.log(`| --- | --- | --- | --- | --- | ${methods.map(() => '---').join(' | ')} | --- | --- |`);
  let wins = 0;
  let worst = 0;
  for (const r of rows) {
    const by = new Map(r.peers.map((p) => [p.method, p.mase]));
    const best = Math.min(...r.peers.map((p) => p.mase).filter(Number.isFinite));
    const ratio = r.app.mase / best;
    if (ratio <= 1 + 1e-9) wins++;
    worst = Math.max(worst, ratio);
    const cells = methods.map((m) => f(by.get(m) ?? NaN));
    console.log(
      `| ${r.name} | ${r.n} | ${r.h} | ${r.periods.join(', ')} | ${ratio <= 1 + 1e-9 ? '**' : ''}${f(r.app.mase)}${ratio <= 1 + 1e-9 ? '**' : ''} (${r.app.method}) | ${cells.join(' | ')} | ${f(best)} | ${ratio.toFixed(3)} |`,
    );
  }
  console.log(`\nApp at or below the best peer on ${wins} of ${rows.length} series; worst ratio ${worst.toFixed(3)}.`);
  console.log('\nApp details (time of the full automatic run, 95% interval coverage on the holdout, selection):');
  for (const r of rows) {
    const cand = r.candidates
      ? `; candidates ${Object.entries(r.candidates)
          .map(([k, v]) => `${k} ${f(v)}`)
          .join(', ')}`
      : '';
    const strat = r.strategies
      ? `; strategies ${Object.entries(r.strategies)
          .map(([k, v]) => `${k} ${f(v)}`)
          .join(', ')}`
      : '';
    const bt = Object.entries(r.backtest)
      .map(([k, v]) => `${k} ${f(v)}`)
      .join(', ');
    console.log(
      `- ${r.name}: ${r.app.seconds.toFixed(1)} s, coverage95 ${r.app.cover95.toFixed(2)}, ${r.app.chosenBy} (${bt})${cand}${strat}`,
    );
  }
  console.log('\nPeer models and seconds:');
  for (const r of rows)
    console.log(`- ${r.name}: ${r.peers.map((p) => `${p.method} ${p.model} (${p.seconds.toFixed(1)} s)`).join('; ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
