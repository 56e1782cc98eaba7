/**
 * Accuracy benchmark: the app's best model at --budget (default 60 s) against scikit-learn HistGradientBoosting,
 * LogisticRegression/Ridge and XGBoost at defaults, and against XGBoost/HistGB tuned by a 60 s random search
 * (peers.py), on the same fixed 80/20 split of real public datasets (18 from Debian R data packages by default).
 *   flock /work/acc.lock nice -n 10 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 AUTOML_BUDGET_CLOCK=cpu npx tsx --tsconfig tsconfig.node.json bench/accuracy/index.ts [--budget 60] [--only a,b] [--quick] [--retune]
 * --quick: five small datasets at --budget 20 (for iterating). Peer results are cached (peers.py).
 * --splits N: sets under 1,000 rows are also scored on N seeded splits (the fixed split and N-1 more, the app and the
 *   default peers on the same rows; splits.ts): mean, spread and the paired difference to the best default peer are
 *   printed in a second table. The single-split columns are unchanged.
 * Needs Debian python3-sklearn, python3-xgboost, python3-pandas, r-base-core and the R data packages (prepare.py).
 * Score: accuracy (classification) or R² (regression) on the test rows.
 * On a loaded machine run it with AUTOML_BUDGET_CLOCK=cpu: the app's budget (and the tuned peer's search time) then
 * count this process's CPU seconds instead of wall seconds (src-main/engine/util/budget-clock.ts), which approximates
 * an idle machine. Each row says how many models the app trained and the CPU seconds it used; the table header says
 * which clock the run used and the load average. Results also go to bench/.data/accuracy/results/<time>.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg as osLoad } from 'node:os';
import { join } from 'node:path';
import { budgetClockIsCpu } from '../../src-main/engine/util/budget-clock';
import { DATA, readSpec, trainApp, type Spec } from './run-app';
import { SPLIT_HEADER, splitRow, summarise, type SplitScores } from './splits';

/** The default set (Debian R data packages): 6 under 1,000 rows, 2 with text. The older sklearn/npm sets still run with --only:
 * breast_cancer, wine, digits, diabetes, housing, penguins_sex, cars_mpg, spam_text. */
const DATASETS = [
  'sonar',
  'glass',
  'cps1985',
  'soybean',
  'vehicle',
  'pima',
  'concrete',
  'titanic',
  'attrition',
  'hmda',
  'ames',
  'fine_foods',
  'hpc',
  'credit',
  'spam',
  'satellite',
  'income',
  'trump',
];
const QUICK = ['glass', 'cps1985', 'pima', 'hmda', 'fine_foods'];
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PY = '/usr/bin/python3';
const loadavg = (): string =>
  osLoad()
    .map((v) => v.toFixed(2))
    .join(' ');

interface AppResult {
  score: number;
  best: string;
  seconds: number;
  cpuSeconds: number;
  /** Configurations trained to the end (the blend and the stack not counted). */
  models: number;
}

/** Sets with fewer rows are scored on several seeded splits with --splits. */
const SMALL_ROWS = 1000;

async function runApp(spec: Spec, budget: number, runName?: string): Promise<AppResult> {
  const { res, seconds, cpuSeconds } = await trainApp(spec, budget, undefined, runName);
  const best = res.summary.leaderboard.find((r) => r.modelId === res.summary.bestModelId);
  const score = spec.task === 'classification' ? (best?.testMetrics?.accuracy ?? NaN) : (best?.testMetrics?.r2 ?? NaN);
  return {
    score,
    best: res.summary.bestModelId ?? '-',
    seconds,
    cpuSeconds,
    models: res.summary.leaderboard.filter((r) => r.status === 'done' && r.family !== 'ensemble').length,
  };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const budget = Number(arg('budget') ?? (quick ? 20 : 60));
  const names = arg('only')?.split(',') ?? (quick ? QUICK : DATASETS);
  if (!names.every((n) => existsSync(join(DATA, `${n}.json`)))) {
    const prep = spawnSync(PY, [join(__dirname, 'prepare.py')], { stdio: 'inherit' });
    if (prep.status !== 0)
      throw new Error('prepare.py failed: install python3-sklearn, python3-pandas and check npm access.');
  }
  const nSplits = Math.max(1, Number(arg('splits') ?? 1));
  const startLoad = loadavg();
  const retune = process.argv.includes('--retune') ? ['--retune'] : [];
  const peersRun = spawnSync(PY, [join(__dirname, 'peers.py'), ...names, ...retune], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  if (peersRun.status !== 0) throw new Error(`peers.py failed: ${peersRun.stderr}`);
  const peers = new Map(
    peersRun.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number | string>)
      .map((p) => [p.dataset as string, p]),
  );
  const rows: string[] = [];
  const results: Array<Record<string, unknown>> = [];
  let wins = 0;
  let winsTuned = 0;
  let worst = 0;
  const splitRows: string[] = [];
  const splitStats: Array<{ rel: number; ok: boolean }> = [];
  for (const name of names) {
    const spec = readSpec(name);
    const app = await runApp(spec, budget);
    const raw = peers.get(name) ?? {};
    const p = raw as Record<string, number>;
    const tunedMark = (raw.tuned_clock ?? 'wall') === (budgetClockIsCpu() ? 'cpu' : 'wall') ? '' : '*';
    const bestPeer = Math.max(p.hgb, p.linear, p.xgb);
    const ok = app.score >= bestPeer - 1e-12;
    if (ok) wins++;
    if (app.score >= p.tuned - 1e-12) winsTuned++;
    const gap = (bestPeer - app.score) / Math.abs(bestPeer);
    worst = Math.max(worst, gap);
    rows.push(
      [
        name.padEnd(14),
        (spec.task === 'classification' ? 'acc' : 'r2').padEnd(4),
        app.score.toFixed(4),
        p.hgb.toFixed(4),
        p.linear.toFixed(4),
        p.xgb.toFixed(4),
        p.tuned.toFixed(4) + tunedMark,
        ok ? 'yes' : `no (${(gap * 100).toFixed(1)}% below)`,
        `${app.best} (${app.models} models, ${app.seconds.toFixed(1)} s wall, ${app.cpuSeconds.toFixed(1)} s CPU)`,
      ].join(' | '),
    );
    console.error(rows[rows.length - 1]);
    let splits: (SplitScores & { cpuSeconds: number[]; best: string[] }) | undefined;
    if (nSplits > 1 && spec.rows < SMALL_ROWS) {
      splits = {
        app: [app.score],
        hgb: [p.hgb],
        linear: [p.linear],
        xgb: [p.xgb],
        cpuSeconds: [app.cpuSeconds],
        best: [app.best],
      };
      for (let k = 1; k < nSplits; k++) {
        const peer = splitPeers(name, k);
        const a = await runApp({ ...spec, test: peer.test }, budget, `${name}-s${k}`);
        splits.app.push(a.score);
        splits.hgb.push(peer.hgb);
        splits.linear.push(peer.linear);
        splits.xgb.push(peer.xgb);
        splits.cpuSeconds.push(a.cpuSeconds);
        splits.best.push(a.best);
        console.error(
          `  ${name} split ${k}: app ${a.score.toFixed(4)} (${a.best}, ${a.cpuSeconds.toFixed(1)} s CPU), HGB ${peer.hgb.toFixed(4)}, LR/Ridge ${peer.linear.toFixed(4)}, XGB ${peer.xgb.toFixed(4)}`,
        );
      }
      const metricName = spec.task === 'classification' ? 'acc' : 'r2';
      splitRows.push(splitRow(name, metricName, splits));
      const sum = summarise(splits);
      splitStats.push({ rel: sum.relative, ok: sum.relative >= -1e-12 });
      console.error(splitRows[splitRows.length - 1]);
    }
    results.push({
      dataset: name,
      ...app,
      hgb: p.hgb,
      linear: p.linear,
      xgb: p.xgb,
      tuned: p.tuned,
      ...(splits ? { splits } : {}),
    });
  }
  const clock = budgetClockIsCpu() ? 'CPU-clock budget (AUTOML_BUDGET_CLOCK=cpu)' : 'wall-clock budget';
  console.log(
    `\nAccuracy benchmark, budget ${budget} s, ${clock}, fixed 80/20 split (random_state=0), load ${startLoad} at start, ${loadavg()} at end`,
  );
  console.log(
    [
      'dataset'.padEnd(14),
      'mtr ',
      'app   ',
      'sk-HGB',
      'LR/Rdg',
      'XGB   ',
      'tuned ',
      'app >= best default peer',
      'app best model',
    ].join(' | '),
  );
  for (const r of rows) console.log(r);
  console.log(
    `\napp >= best default peer on ${wins} of ${names.length} datasets; worst gap ${(worst * 100).toFixed(1)}% below it; app >= tuned peer on ${winsTuned} of ${names.length}`,
  );
  console.log('(a tuned figure marked * was searched on the other clock: rerun with --retune to redo it)');
  if (splitRows.length) {
    console.log(
      `\nSeeded splits (sets under ${SMALL_ROWS} rows): the fixed split + random_state 1..${nSplits - 1}, mean ± sd over splits`,
    );
    console.log(SPLIT_HEADER);
    for (const r of splitRows) console.log(r);
    const within = splitStats.filter((s) => s.rel >= -0.015).length;
    console.log(
      `\nby the mean over splits: app >= best default peer on ${splitStats.filter((s) => s.ok).length} of ${splitStats.length}; within 1.5% on ${within} of ${splitStats.length}`,
    );
  }
  const out = join(DATA, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ budget, clock, startLoad, endLoad: loadavg(), results }, null, 1));
  console.log(`results: ${file}`);
}

/** The default peers on seeded split k (peers.py --split k), with that split's test rows. */
function splitPeers(name: string, k: number): { test: number[]; hgb: number; linear: number; xgb: number } {
  const run = spawnSync(PY, [join(__dirname, 'peers.py'), name, '--split', String(k)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  if (run.status !== 0) throw new Error(`peers.py --split ${k} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim()) as { test: number[]; hgb: number; linear: number; xgb: number };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
