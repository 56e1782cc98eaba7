/**
 * TreeSHAP benchmark (issue 16).
 *   flock /work/bench.lock npx tsx --tsconfig tsconfig.node.json bench/explain/index.ts [--rows 10000] [--trees 500] [--depth 6] [--no-peer]
 * 1. Exactness: TreeSHAP (block tables and Algorithm 2) against brute-force Shapley values on random small trees
 *    (grouped features, missing values, repeated splits, nodes no background row reached): prints the largest gap.
 * 2. Speed: a 500-tree depth-6 boosted model fitted by the app on rows × 20 features, every row explained on one
 *    thread: wall and CPU seconds, rows/s, and the ratio to scoring the same rows with the app's predictor (same
 *    run). With python3-xgboost, the same shape of model in XGBoost 1.7 (depth-wise, 1 thread) and its C++
 *    TreeSHAP (`pred_contribs`) on the same rows, as a peer. One row at a time (the what-if path): median latency.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shapleyByEnumeration, treeExpectation } from '../../src-main/engine/explain/brute-force';
import { treeCover } from '../../src-main/engine/explain/covers';
import { randomMatrix, randomTreeModel } from '../../src-main/engine/explain/fixtures/random-trees';
import { treeModelShap, type TreeShapAlgorithm } from '../../src-main/engine/explain/tree-shap';
import { fitGbm } from '../../src-main/engine/models/gbm';
import { modelRaw } from '../../src-main/engine/models/predict-model';
import { seededRandom } from '../../src-main/engine/util/rng';
import { timed } from '../lib/timing';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

function exactness(): void {
  let worst = 0;
  let checked = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const F = 6;
    const groups = Int32Array.from([0, 1, 1, 2, 3, 4]);
    const G = 5;
    const model = randomTreeModel(seed, { F, trees: 3, maxDepth: 3 + (seed % 5), outputs: 1, aggregate: 'sum' });
    const bg = randomMatrix(seed + 1000, 30, F);
    const covers = model.trees.map((t) => treeCover(t, bg, 30, F));
    const X = randomMatrix(seed + 2000, 10, F, 0.15);
    for (const algorithm of ['tables', 'recursive'] as TreeShapAlgorithm[]) {
      const got = treeModelShap(model, covers, X, 10, F, groups, G, algorithm);
      for (let r = 0; r < 10; r++) {
        const x = X.subarray(r * F, (r + 1) * F);
        const value = (mask: number) =>
          model.baseScore[0] +
          model.trees.reduce((a, t, i) => a + treeExpectation(t, covers[i], x, groups, mask, 0), 0);
        const want = shapleyByEnumeration(G, value);
        for (let g = 0; g < G; g++) worst = Math.max(worst, Math.abs(got.values[r * G + g] - want[g]));
        checked++;
      }
    }
  }
  console.log(`exactness: ${checked} rows of 30 random 3-tree models (depth 3-7, 6 features in 5 columns)`);
  console.log(`  max |TreeSHAP - brute-force Shapley| = ${worst.toExponential(2)} (goal <= 1e-9)`);
}

function generate(n: number, p: number, seed: number): { X: Float64Array; y: Float64Array } {
  const rand = seededRandom(seed);
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) X[r * p + j] = rand() * 2 - 1;
    const x = (j: number) => X[r * p + j];
    y[r] =
      2 * x(0) - 1.5 * x(1) + Math.sin(3 * x(2)) + x(3) * x(4) + (x(5) > 0.3 ? 1 : -0.5) + x(6) ** 2 + rand() - 0.5;
    if (rand() < 0.01) X[r * p + 3] = NaN;
  }
  return { X, y };
}

/** Runs f once under bench/lib's timer; seconds. */
async function timedSync<T>(f: () => T): Promise<{ value: T; wall: number; cpu: number }> {
  let value: T | undefined;
  const t = await timed(async () => {
    value = f();
  });
  return { value: value as T, wall: t.wall / 1000, cpu: t.cpu / 1000 };
}

async function speed(): Promise<void> {
  const n = arg('rows', 10_000);
  const trees = arg('trees', 500);
  const depth = arg('depth', 6);
  const p = 20;
  const { X, y } = generate(n, p, 7);
  const fit = await timedSync(() =>
    fitGbm(
      { X, n, p, y, task: 'regression', nClasses: 0, seed: 1 },
      { n_estimators: trees, max_depth: depth, max_leaves: 2 ** depth, learning_rate: 0.1 },
    ),
  );
  const model = fit.value;
  const leaves = model.trees.reduce((a, t) => a + t.left.filter((l) => l === -1).length, 0) / model.trees.length;
  console.log(
    `\nspeed: ${model.trees.length} trees, depth ≤ ${depth}, ${leaves.toFixed(1)} leaves per tree on average, ${n} rows × ${p} features (fit ${fit.wall.toFixed(1)} s)`,
  );
  const covers = model.trees.map((t) => treeCover(t, X, n, p));
  const players = Int32Array.from({ length: p }, (_, i) => i);
  const predict = await timedSync(() => modelRaw(model, X, n, p));
  const shap = await timedSync(() => treeModelShap(model, covers, X, n, p, players, p, 'tables'));
  const sub = Math.min(n, 1000);
  const rec = await timedSync(() =>
    treeModelShap(model, covers, X.subarray(0, sub * p), sub, p, players, p, 'recursive'),
  );
  // The what-if form and a chosen row: one row at a time, compiled trees kept between calls (as in the worker).
  // Fresh cover arrays: the first call compiles the trees, as the first what-if after loading a model does. Then one
  // row at a time by paths (Algorithm 2, what 'auto' does for one row), and with the tables (built by the first call).
  const fresh = covers.map((c) => c.slice());
  const calls = (algorithm: TreeShapAlgorithm, count: number) =>
    Array.from({ length: count }, (_, r) => {
      const wall = performance.now();
      const cpu = process.cpuUsage();
      treeModelShap(model, fresh, X.subarray(r * p, (r + 1) * p), 1, p, players, p, algorithm);
      const used = process.cpuUsage(cpu);
      return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
    });
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const paths = calls('auto', 31);
  const tables = calls('tables', 31);
  const oneRow = {
    cold: paths[0],
    paths: { wall: median(paths.slice(1).map((c) => c.wall)), cpu: median(paths.slice(1).map((c) => c.cpu)) },
    build: tables[0],
    tables: { wall: median(tables.slice(1).map((c) => c.wall)), cpu: median(tables.slice(1).map((c) => c.cpu)) },
  };
  let worst = 0;
  for (let r = 0; r < n; r++) {
    let s = shap.value.base[0];
    for (let g = 0; g < p; g++) s += shap.value.values[r * p + g];
    worst = Math.max(worst, Math.abs(s - predict.value[r]));
  }
  const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString('en-US');
  console.log(
    `  TreeSHAP (block tables): ${shap.wall.toFixed(2)} s wall, ${shap.cpu.toFixed(2)} s CPU, ${rate(n, shap.wall)} rows/s wall, ${rate(n, shap.cpu)} rows/s CPU  (goal: ${n} rows inside 10 s on one core)`,
  );
  console.log(
    `  TreeSHAP (Algorithm 2, ${sub} rows): ${rate(sub, rec.wall)} rows/s wall, ${rate(sub, rec.cpu)} rows/s CPU -> tables are ${(rec.cpu / sub / (shap.cpu / n)).toFixed(1)}x faster`,
  );
  const ms = (c: { wall: number; cpu: number }) => `${c.wall.toFixed(1)} ms wall / ${c.cpu.toFixed(1)} ms CPU`;
  console.log(
    `  one row at a time (what-if): first call ${ms(oneRow.cold)} (compiles the trees); then by paths (what 'auto' does) median ${ms(oneRow.paths)}; building the tables ${ms(oneRow.build)}, then with tables median ${ms(oneRow.tables)}`,
  );
  console.log(
    `  prediction (app predictor, same rows): ${predict.cpu.toFixed(2)} s CPU -> explaining costs ${(shap.cpu / predict.cpu).toFixed(1)}x a prediction`,
  );
  console.log(`  local accuracy: max |base + sum(SHAP) - prediction| = ${worst.toExponential(2)}`);
  if (!process.argv.includes('--no-peer')) xgboostPeer(X, y, n, p, trees, depth, shap.cpu);
}

function xgboostPeer(
  X: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  trees: number,
  depth: number,
  appCpu: number,
): void {
  const dir = join(__dirname, '..', '.data', 'explain');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'X.f64'), Buffer.from(X.buffer, X.byteOffset, X.byteLength));
  writeFileSync(join(dir, 'y.f64'), Buffer.from(y.buffer, y.byteOffset, y.byteLength));
  const py = `
import time, numpy as np, xgboost as xgb
X = np.fromfile('${join(dir, 'X.f64')}', dtype=np.float64).reshape(-1, ${p})
y = np.fromfile('${join(dir, 'y.f64')}', dtype=np.float64)
d = xgb.DMatrix(X, label=y, nthread=1)
b = xgb.train(dict(tree_method='hist', nthread=1, max_depth=${depth}, eta=0.1, objective='reg:squarederror'), d, num_boost_round=${trees})
leaves = np.mean([len([l for l in t.split('\\n') if 'leaf=' in l]) for t in b.get_dump()])
t = time.time(); c = time.process_time(); s = b.predict(d, pred_contribs=True); wall = time.time() - t; cpu = time.process_time() - c
gap = np.max(np.abs(s.sum(1) - b.predict(d, output_margin=True)))
print(wall, cpu, leaves, gap)
`;
  const r = spawnSync(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', ['-c', py], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  if (r.status !== 0) {
    console.log(`  XGBoost peer skipped (${(r.stderr || '').trim().split('\n').pop() ?? 'python3-xgboost missing'})`);
    return;
  }
  const [wall, cpu, leaves, gap] = r.stdout.trim().split(/\s+/).map(Number);
  console.log(
    `  XGBoost 1.7 pred_contribs (1 thread, its own ${trees}-tree depth-${depth} model, ${leaves.toFixed(1)} leaves per tree): ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${Math.round(n / cpu).toLocaleString('en-US')} rows/s CPU; local accuracy gap ${gap.toExponential(1)} (float32)`,
  );
  console.log(`  app / XGBoost CPU time: ${(appCpu / cpu).toFixed(2)} (below 1: the app is faster)`);
}

exactness();
void speed();
