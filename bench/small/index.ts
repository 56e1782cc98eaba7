/**
 * Small tables (real, 80-5,000 rows, several imbalanced; bench/small/datasets.R) over seeded splits: the app as the
 * wizard runs it (default plan, pre-selected families, the Models step's metric: F1 (macro) when classes are
 * imbalanced > 3:1) against scikit-learn's LogisticRegression and HistGradientBoosting on the same rows. Prints per
 * set and split the app's choice, its test accuracy and F1 (macro), the peers', and the stack/blend rows (validation
 * and test) when the run made one. For the choices that matter on few rows: stacks, the decision threshold.
 * Regression tables (REGRESSION_SETS, 102-804 rows; named with --only): a plain seeded 20% split, the app's test R²
 * against scikit-learn's Ridge, HistGradientBoosting and XGBoost defaults, and how often the app is >= the best of
 * them. For the regression choices (log target, the simpler-model rule) on more than cps1985.
 *   Rscript bench/small/datasets.R bench/.data/small
 *   flock /work/acc13b.lock nice -n 10 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 AUTOML_BUDGET_CLOCK=cpu \
 *     npx tsx --tsconfig tsconfig.node.json bench/small/index.ts [--only a,b] [--splits 3] [--budget 15] [--metric m]
 *   (regression: --only prestige,salaries,cpus,caschools,houseprices,biomass,car_prices,meats)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricName, ModelFamily } from '@shared/tasks';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import { candidateModels, defaultPlan } from '../../src-main/engine/tabular/plan';
import { quickProfile } from '../../src-main/engine/tabular/quick-profile';
import { trainTabular } from '../../src-main/engine/tabular/train';

const DATA = join(__dirname, '..', '.data', 'small');

/** Name -> target: classification tables. */
const SETS: Record<string, string> = {
  cu: 'Reliability',
  kyphosis: 'Kyphosis',
  stagec: 'pgstat',
  birthwt: 'low',
  cars93: 'Type',
  womenlf: 'partic',
  ionosphere: 'Class',
  breastcancer: 'Class',
  creditcard: 'card',
  arrests: 'released',
};

/** Name -> target: regression tables (`--only` names them; the default run is the classification ones). */
const REGRESSION_SETS: Record<string, string> = {
  prestige: 'prestige',
  salaries: 'salary',
  cpus: 'perf',
  caschools: 'math',
  houseprices: 'price',
  biomass: 'HHV',
  car_prices: 'Price',
  meats: 'fat',
};

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** A seeded 20% test split (mulberry32 shuffle), stratified by class unless `stratify` is false (regression). */
function seededTest(y: Array<string | null>, seed: number, stratify: boolean): number[] {
  let s = seed * 0x9e3779b9 + 1;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const byClass = new Map<string, number[]>();
  y.forEach((v, i) => {
    const key = stratify ? v : '';
    if (v !== null && key !== null) byClass.set(key, [...(byClass.get(key) ?? []), i]);
  });

  const test: number[] = [];
  for (const rows of byClass.values()) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    test.push(...rows.slice(0, Math.round(rows.length * 0.2)));
  }
  return test.sort((a, b) => a - b);
}

const f = (v: number | undefined): string => (v === undefined ? '  -   ' : v.toFixed(4));

async function main(): Promise<void> {
  const names = arg('only')?.split(',') ?? Object.keys(SETS);
  const splits = Number(arg('splits') ?? 3);
  const budget = Number(arg('budget') ?? 15);
  const totals = { app: 0, lr: 0, appAcc: 0, lrAcc: 0, n: 0 };
  const reg = { app: 0, ridge: 0, hgb: 0, xgb: 0, atLeastBest: 0, n: 0 };
  for (const name of names) {
    const regression = name in REGRESSION_SETS;
    const task = regression ? 'regression' : 'classification';
    const target = regression ? REGRESSION_SETS[name] : SETS[name];
    if (!target) throw new Error(`unknown set '${name}': ${[...Object.keys(SETS), ...Object.keys(REGRESSION_SETS)]}`);
    const path = join(DATA, `${name}.csv`);
    const frame = await loadFrame(path);
    const profile = quickProfile(frame, target);
    const plan = defaultPlan(profile, { task, target });
    const selection = candidateModels(task, profile);
    const metric = (arg('metric') as MetricName | undefined) ?? selection.metric;
    const models = selection.candidates.filter((c) => c.selected).map((c) => c.family) as ModelFamily[];
    const col = frame.get(target)?.values ?? [];
    writeFileSync(join(DATA, `${name}.json`), JSON.stringify({ target, task, text: [], test: [], rows: frame.nRows }));
    const y = Array.from(col, (v: string | number | null) =>
      v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v),
    );
    for (let k = 0; k < splits; k++) {
      const test = seededTest(y, k, !regression);
      // Named as bench/accuracy/replay.ts reads runs (<name>, <name>-s1, ...): replay the choice of stored trials.
      const dir = join(DATA, 'runs', k ? `${name}-s${k}` : name);
      mkdirSync(dir, { recursive: true });
      const testJson = join(dir, 'test.json');
      // The peers read the table without its missing-target rows: map the file's row numbers to theirs.
      const kept: number[] = [];
      y.forEach((v, i) => v !== null && kept.push(i));
      const pos = new Map(kept.map((r, i) => [r, i]));
      writeFileSync(testJson, JSON.stringify(test.map((r) => pos.get(r))));
      const cpu0 = process.cpuUsage();
      const res = await trainTabular(
        {
          dataPath: path,
          task,
          target,
          plan,
          models,
          budgetSeconds: budget,
          metric,
          artifactDir: dir,
          testIndices: test,
          seed: 0,
        },
        { signal: new AbortController().signal, emit: () => {} },
      );
      const used = process.cpuUsage(cpu0);
      const peers = spawnSync('/usr/bin/python3', [join(__dirname, 'peers.py'), path, target, testJson, task], {
        encoding: 'utf8',
      });
      const peer = JSON.parse(peers.stdout) as Record<string, Record<string, number>>;
      const board = res.summary.leaderboard;
      const best = board.find((r) => r.modelId === res.summary.bestModelId);
      const shown: MetricName = regression ? 'r2' : metric;
      const extra = board
        .filter((r) => r.modelId === 'stack' || r.modelId === 'ensemble')
        .map((r) => `${r.modelId} val ${f(r.metrics[shown])} test ${f(r.testMetrics?.[shown])}`)
        .join('; ');
      const cost = `${((used.user + used.system) / 1e6).toFixed(1)} s CPU, ${board.length} rows${extra ? ` | ${extra}` : ''}`;
      const app = `${name.padEnd(12)} s${k} ${metric.padEnd(8)} app ${String(res.summary.bestModelId).padEnd(20)}`;
      if (regression) {
        const r2 = best?.testMetrics?.r2 ?? NaN;
        const bestPeer = Math.max(peer.ridge.r2, peer.hgb.r2, peer.xgb.r2);
        console.log(
          `${app} r2 ${f(r2)} | Ridge ${f(peer.ridge.r2)} | HGB ${f(peer.hgb.r2)} | XGB ${f(peer.xgb.r2)} | ${cost}`,
        );
        reg.app += r2;
        reg.ridge += peer.ridge.r2;
        reg.hgb += peer.hgb.r2;
        reg.xgb += peer.xgb.r2;
        reg.atLeastBest += r2 >= bestPeer - 1e-12 ? 1 : 0;
        reg.n++;
        continue;
      }
      const threshold = best?.params.threshold;
      console.log(
        `${app} acc ${f(best?.testMetrics?.accuracy)} f1m ${f(best?.testMetrics?.f1_macro)}` +
          `${threshold !== undefined ? ` thr ${threshold}` : ''} | LR acc ${f(peer.logreg.accuracy)} f1m ` +
          `${f(peer.logreg.f1_macro)} | HGB acc ${f(peer.hgb.accuracy)} f1m ${f(peer.hgb.f1_macro)} | ${cost}`,
      );
      totals.app += best?.testMetrics?.[metric] ?? 0;
      totals.lr += peer.logreg[metric] ?? 0;
      totals.appAcc += best?.testMetrics?.accuracy ?? 0;
      totals.lrAcc += peer.logreg.accuracy;
      totals.n++;
    }
  }
  if (totals.n)
    console.log(
      `mean over ${totals.n} runs: app metric ${f(totals.app / totals.n)} vs LR ${f(totals.lr / totals.n)}; ` +
        `accuracy app ${f(totals.appAcc / totals.n)} vs LR ${f(totals.lrAcc / totals.n)}`,
    );
  if (reg.n)
    console.log(
      `regression, mean R² over ${reg.n} runs: app ${f(reg.app / reg.n)} vs Ridge ${f(reg.ridge / reg.n)}, ` +
        `HGB ${f(reg.hgb / reg.n)}, XGB ${f(reg.xgb / reg.n)}; app >= the run's best default peer on ${reg.atLeastBest}`,
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
