/**
 * Predict speed (issue 17): scoreFile end to end (CSV or Parquet -> DuckDB -> typed columns -> onnxruntime -> CSV)
 * against bare onnxruntime on the same rows already in memory as tensors (session.run only, same batches and
 * threads), in the same run. Goals: app ≥ 40% of bare onnxruntime rows/s, and ≥ 400k rows/s on the 1M-row GBM case.
 *   flock /work/bench.lock npx tsx --tsconfig tsconfig.node.json bench/predict/index.ts [rows] [--threads 2] [--trees 300]
 * The model is the app's own GBM (binary, 10 numeric columns, depth 6, 31 leaves) trained on 100k generated rows;
 * the scored rows are generated the same way. Files go to bench/.data/predict (git-ignored).
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { lit, openDb } from '../../src-main/engine/util/duckdb';
import { fitGbm } from '../../src-main/engine/models/gbm';
import { buildModelJson } from '../../src-main/engine/pipeline/model-json';
import { pipelineToOnnx } from '../../src-main/engine/onnx/pipeline-to-onnx';
import { makeFeeds, openSession } from '../../src-main/engine/predict/ort-session';
import { scoreFile, SCORE_BATCH_ROWS } from '../../src-main/engine/predict/score-file';
import { numberArg, sizesArg } from '../lib/timing';
import { numericPipeline } from '../lib/pipeline';

const DIR = join(__dirname, '..', '.data', 'predict');
const F = 10;
const names = Array.from({ length: F }, (_, i) => `x${i}`);

/** Rows of 10 numeric columns (5% missing in x3) and a binary label depending on 6 of them. */
function generateSql(rows: number, seed: number): string {
  const cols = names.map((n, i) =>
    i === 3
      ? `CASE WHEN random() < 0.05 THEN NULL ELSE round(random() * 4 - 2, 6) END AS ${n}`
      : `round(random() * 4 - 2, 6) AS ${n}`,
  );
  return `SELECT setseed(${seed}) FROM range(1);
    CREATE TABLE g AS SELECT ${cols.join(', ')} FROM range(${rows});
    CREATE TABLE d AS SELECT *, CASE WHEN x0 + 0.5 * x1 * x2 - sin(coalesce(x3, 0)) + (x4 > 0.3)::INT - x5 * x5 / 2 + 0.3 * (random() - 0.5) > 0 THEN 'yes' ELSE 'no' END AS label FROM g`;
}

async function makeData(rows: number): Promise<{ csv: string; parquet: string; X: Float64Array; y: Float64Array }> {
  mkdirSync(DIR, { recursive: true });
  const db = await openDb();
  try {
    const csv = join(DIR, `score-${rows}.csv`);
    const parquet = join(DIR, `score-${rows}.parquet`);
    await db.exec(generateSql(rows, 0.42));
    await db.exec(`COPY (SELECT ${names.join(', ')} FROM d) TO ${lit(csv)} (HEADER)`);
    await db.exec(`COPY (SELECT ${names.join(', ')} FROM d) TO ${lit(parquet)} (FORMAT parquet)`);
    await db.exec('DROP TABLE d; DROP TABLE g');
    await db.exec(generateSql(100_000, 0.17));
    const reader = await db.conn.runAndReadAll(`SELECT ${names.join(', ')}, label = 'yes' AS y FROM d`);
    const cols = reader.getColumnsJS();
    const n = cols[0].length;
    const X = new Float64Array(n * F);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < F; j++) X[r * F + j] = cols[j][r] === null ? NaN : Number(cols[j][r]);
      y[r] = cols[F][r] ? 1 : 0;
    }
    return { csv, parquet, X, y };
  } finally {
    db.close();
  }
}

/** The scored rows as Float64Array columns (NaN = missing), as scoreFile hands them to onnxruntime. */
async function readColumns(parquet: string): Promise<Record<string, Float64Array>> {
  const db = await openDb();
  try {
    const reader = await db.conn.runAndReadAll(`SELECT ${names.join(', ')} FROM read_parquet(${lit(parquet)})`);
    const raw = reader.getColumnsJS();
    return Object.fromEntries(
      names.map((n, j) => [n, Float64Array.from(raw[j], (v) => (v === null ? NaN : Number(v)))]),
    );
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const rows = sizesArg([1_000_000])[0];
  const threads = numberArg('threads', 2);
  const trees = numberArg('trees', 300);
  const { csv, parquet, X, y } = await makeData(rows);
  const t0 = performance.now();
  const model = fitGbm(
    { X, n: y.length, p: F, y, task: 'binary', nClasses: 2 },
    { n_estimators: trees, early_stopping: trees },
  );
  const fitSeconds = (performance.now() - t0) / 1000;
  const pipeline = numericPipeline(names, { task: 'binary', target: 'label', classes: ['no', 'yes'] }, model);
  const onnx = pipelineToOnnx(pipeline);
  const onnxPath = join(DIR, 'model.onnx');
  writeFileSync(onnxPath, onnx);
  const modelJson = buildModelJson({
    appVersion: 'bench',
    task: 'classification',
    pipeline,
    family: 'gradient_boosting',
    trainingData: { rows: y.length, columns: F + 1 },
    trainingSeconds: fitSeconds,
  });

  // Bare onnxruntime: the same rows as tensors built beforehand, only session.run timed, same batches and threads.
  const cols = await readColumns(parquet);
  const session = await openSession(onnxPath, threads);
  const batch = SCORE_BATCH_ROWS;
  const feeds: Array<Record<string, ort.Tensor>> = [];
  for (let from = 0; from < rows; from += batch) {
    const n = Math.min(batch, rows - from);
    const slice = Object.fromEntries(names.map((nm) => [nm, cols[nm].subarray(from, from + n)]));
    feeds.push(makeFeeds(pipeline.inputs, slice, n));
  }
  await session.run(feeds[0]); // warm-up
  const c0 = process.cpuUsage();
  const b0 = performance.now();
  for (const f of feeds) await session.run(f);
  const bareSeconds = (performance.now() - b0) / 1000;
  const bareCpu = cpuSeconds(c0);
  await session.release();

  const out = join(DIR, 'scored.csv');
  const results: Record<string, unknown> = {};
  for (const [label, input] of [
    ['csv', csv],
    ['parquet', parquet],
  ] as const) {
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    const res = await scoreFile({ onnxPath, modelJson, inputPath: input, outputPath: out, threads });
    const s = (performance.now() - t1) / 1000;
    results[label] = {
      rowsPerSecond: Math.round(res.rows / s),
      seconds: Number(s.toFixed(2)),
      cpuSeconds: Number(cpuSeconds(c1).toFixed(2)),
      shareOfBareOrt: Number((res.rows / s / (rows / bareSeconds)).toFixed(2)),
    };
    rmSync(out, { force: true });
  }
  console.log(
    JSON.stringify({
      rows,
      csvMb: Math.round(statSync(csv).size / 1e6),
      trees: model.trees.length,
      threads,
      batchRows: batch,
      bareOrt: {
        rowsPerSecond: Math.round(rows / bareSeconds),
        seconds: Number(bareSeconds.toFixed(2)),
        cpuSeconds: Number(bareCpu.toFixed(2)),
      },
      scoreFile: results,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
