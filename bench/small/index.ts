/**
 * Small tables (real, 80-5,000 rows, several imbalanced; bench/small/datasets.R) over seeded splits: the app as the
 * wizard runs it (default plan, pre-selected families, the Models step's metric: F1 (macro) when classes are
 * imbalanced > 3:1) against scikit-learn's LogisticRegression and HistGradientBoosting on the same rows. Prints per
 * set and split the app's choice, its test accuracy and F1 (macro), the peers', and the stack/blend rows (validation
 * and test) when the run made one. For the choices that matter on few rows: stacks, the decision threshold.
 *   Rscript bench/small/datasets.R bench/.data/small
 *   flock /work/acc13b.lock nice -n 10 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 AUTOML_BUDGET_CLOCK=cpu \
 *     npx tsx --tsconfig tsconfig.node.json bench/small/index.ts [--only a,b] [--splits 3] [--budget 15] [--metric m]
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

/** Name -> target (all classification). */
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

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** A seeded stratified 20% test split (mulberry32 shuffle within each class). */
function stratifiedTest(y: Array<string | null>, seed: number): number[] {
  let s = seed * 0x9e3779b9 + 1;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const byClass = new Map<string, number[]>();
  y.forEach((v, i) => v !== null && byClass.set(v, [...(byClass.get(v) ?? []), i]));
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
  for (const name of names) {
    const target = SETS[name];
    const path = join(DATA, `${name}.csv`);
    const frame = await loadFrame(path);
    const profile = quickProfile(frame, target);
    const plan = defaultPlan(profile, { task: 'classification', target });
    const selection = candidateModels('classification', profile);
    const metric = (arg('metric') as MetricName | undefined) ?? selection.metric;
    const models = selection.candidates.filter((c) => c.selected).map((c) => c.family) as ModelFamily[];
    const col = frame.get(target)?.values ?? [];
    writeFileSync(
      join(DATA, `${name}.json`),
      JSON.stringify({ target, task: 'classification', text: [], test: [], rows: frame.nRows }),
    );
    const y = Array.from(col, (v: string | number | null) =>
      v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v),
    );
    for (let k = 0; k < splits; k++) {
      const test = stratifiedTest(y, k);
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
          task: 'classification',
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
      const peers = spawnSync('/usr/bin/python3', [join(__dirname, 'peers.py'), path, target, testJson], {
        encoding: 'utf8',
      });
      const peer = JSON.parse(peers.stdout) as Record<string, Record<string, number>>;
      const board = res.summary.leaderboard;
      const best = board.find((r) => r.modelId === res.summary.bestModelId);
      const extra = board
        .filter((r) => r.modelId === 'stack' || r.modelId === 'ensemble')
        .map((r) => `${r.modelId} val ${f(r.metrics[metric])} test ${f(r.testMetrics?.[metric])}`)
        .join('; ');
      const threshold = best?.params.threshold;
      console.log(
        `${name.padEnd(12)} s${k} ${metric.padEnd(8)} app ${String(res.summary.bestModelId).padEnd(20)} ` +
          `acc ${f(best?.testMetrics?.accuracy)} f1m ${f(best?.testMetrics?.f1_macro)}` +
          `${threshold !== undefined ? ` thr ${threshold}` : ''} | LR acc ${f(peer.logreg.accuracy)} f1m ` +
          `${f(peer.logreg.f1_macro)} | HGB acc ${f(peer.hgb.accuracy)} f1m ${f(peer.hgb.f1_macro)} | ` +
          `${((used.user + used.system) / 1e6).toFixed(1)} s CPU, ${board.length} rows${extra ? ` | ${extra}` : ''}`,
      );
      totals.app += best?.testMetrics?.[metric] ?? 0;
      totals.lr += peer.logreg[metric] ?? 0;
      totals.appAcc += best?.testMetrics?.accuracy ?? 0;
      totals.lrAcc += peer.logreg.accuracy;
      totals.n++;
    }
  }
  console.log(
    `mean over ${totals.n} runs: app metric ${f(totals.app / totals.n)} vs LR ${f(totals.lr / totals.n)}; ` +
      `accuracy app ${f(totals.appAcc / totals.n)} vs LR ${f(totals.lrAcc / totals.n)}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
