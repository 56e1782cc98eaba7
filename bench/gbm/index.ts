/**
 * GBM fit-time benchmark: the app's histogram GBM against XGBoost `hist` (Debian python3-xgboost) on the same
 * generated 200,000 × 20 binary problem, equal rounds, depth and bins, on 1 thread and on `--threads` threads
 * (default 2), measured in one run (app 1, xgboost 1, app N, xgboost N).
 *   flock /work/bench.lock npx tsx --tsconfig tsconfig.node.json bench/gbm/index.ts [--rows 200000] [--rounds 100] [--depth 6] [--threads 2]
 * Prints fit times, the ratios app/xgboost at each thread count (goal ≤ 1.0) and accuracies on 20% held-out rows.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitGbm } from '../../src-main/engine/models/gbm';
import { predictModel } from '../../src-main/engine/models/predict-model';
import { makeRng } from '../../src-main/engine/models/trees/rng';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

function generate(n: number, p: number, seed: number): { X: Float64Array; y: Float64Array } {
  const rng = makeRng(seed);
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) X[r * p + j] = rng() * 2 - 1;
    const x = (j: number): number => X[r * p + j];
    // Non-linear signal in 8 features, 12 pure-noise features, 10% label noise; 1% missing values in feature 3.
    const s =
      2 * x(0) - 1.5 * x(1) + Math.sin(3 * x(2)) + x(3) * x(4) + (x(5) > 0.3 ? 1 : -0.5) + x(6) ** 2 - x(7) * 0.5;
    y[r] = (s > 0.2 ? 1 : 0) ^ (rng() < 0.1 ? 1 : 0);
    if (rng() < 0.01) X[r * p + 3] = NaN;
  }
  return { X, y };
}

function main(): void {
  const n = arg('rows', 200_000);
  const p = 20;
  const rounds = arg('rounds', 100);
  const depth = arg('depth', 6);
  const nTest = Math.round(n * 0.2);
  const { X, y } = generate(n + nTest, p, 12345);
  const Xtr = X.subarray(0, n * p);
  const ytr = y.subarray(0, n);
  const Xte = X.subarray(n * p);
  const yte = y.subarray(n);
  const dir = join(__dirname, '..', '.data', 'gbm');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'X.f64'), Buffer.from(X.buffer, X.byteOffset, X.byteLength));
  writeFileSync(join(dir, 'y.f64'), Buffer.from(y.buffer, y.byteOffset, y.byteLength));

  const threads = arg('threads', 2);
  const runXgb = (nthread: number): { seconds: number; acc: number; cpu: number } => {
    const py = `
import sys, time, numpy as np, xgboost as xgb
n, p, nt, rounds, depth = ${n}, ${p}, ${nTest}, ${rounds}, ${depth}
X = np.fromfile('${join(dir, 'X.f64')}', dtype=np.float64).reshape(-1, p)
y = np.fromfile('${join(dir, 'y.f64')}', dtype=np.float64)
d = xgb.DMatrix(X[:n], label=y[:n], nthread=${nthread})
params = dict(tree_method='hist', nthread=${nthread}, max_depth=depth, max_bin=256, eta=0.1, objective='binary:logistic', min_child_weight=1, reg_lambda=1)
t = time.time(); c = time.process_time(); b = xgb.train(params, d, num_boost_round=rounds); fit = time.time() - t; cpu = time.process_time() - c
pr = b.predict(xgb.DMatrix(X[n:], nthread=${nthread}))
print(fit, float(((pr > 0.5) == (y[n:] > 0.5)).mean()), cpu)
`;
    const res = spawnSync('/usr/bin/python3', ['-c', py], {
      encoding: 'utf8',
      // Passive waiting: OpenMP's default spinning makes 2 threads far slower than 1 on a busy machine.
      env: { ...process.env, OMP_NUM_THREADS: String(nthread), OPENBLAS_NUM_THREADS: '1', OMP_WAIT_POLICY: 'PASSIVE' },
    });
    if (res.status !== 0) throw new Error(`xgboost run failed (install python3-xgboost): ${res.stderr}`);
    const [seconds, acc, cpu] = res.stdout.trim().split(/\s+/).map(Number);
    return { seconds, acc, cpu };
  };
  const runApp = (nthread: number): { seconds: number; acc: number; cpu: number; trees: number; json: string } => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const model = fitGbm(
      { X: Xtr, n, p, y: ytr, task: 'binary', nClasses: 2 },
      {
        n_estimators: rounds,
        max_depth: depth,
        max_leaves: 2 ** depth,
        learning_rate: 0.1,
        min_child_weight: 1,
        reg_lambda: 1,
        max_bins: 255,
        threads: nthread,
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const P = predictModel(model, Xte, nTest, p, 2);
    let ok = 0;
    for (let r = 0; r < nTest; r++) if ((P[r * 2 + 1] > 0.5 ? 1 : 0) === yte[r]) ok++;
    const json = JSON.stringify(model.trees);
    return { seconds, acc: ok / nTest, cpu: (cpu.user + cpu.system) / 1e6, trees: model.trees.length, json };
  };
  console.log(`GBM fit, ${n} x ${p}, ${rounds} rounds, depth ${depth}, 256 bins (255 + missing)`);
  const app1 = runApp(1);
  const xgb1 = runXgb(1);
  const appN = runApp(threads);
  const xgbN = runXgb(threads);
  const line = (who: string, r: { seconds: number; acc: number; cpu: number }): string =>
    `${who} ${r.seconds.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU   accuracy ${r.acc.toFixed(4)}`;
  console.log(line('app      1 thread ', app1), `  trees ${app1.trees}`);
  console.log(`app trees on ${threads} threads identical to 1 thread: ${appN.json === app1.json}`);
  console.log(line('xgboost  1 thread ', xgb1));
  console.log(line(`app      ${threads} threads`, appN), `  trees ${appN.trees}`);
  console.log(line(`xgboost  ${threads} threads`, xgbN));
  // CPU time is the fairer figure on a shared machine for one thread; with threads, wall time is the point.
  console.log(
    `ratio app/xgboost, 1 thread = ${(app1.seconds / xgb1.seconds).toFixed(2)}x wall, ${(app1.cpu / xgb1.cpu).toFixed(2)}x CPU`,
  );
  console.log(
    `ratio app/xgboost, ${threads} threads = ${(appN.seconds / xgbN.seconds).toFixed(2)}x wall, ${(appN.cpu / xgbN.cpu).toFixed(2)}x CPU`,
  );
  console.log(
    `speed-up from threads: app ${(app1.seconds / appN.seconds).toFixed(2)}x, xgboost ${(xgb1.seconds / xgbN.seconds).toFixed(2)}x (wall)`,
  );
}

main();
