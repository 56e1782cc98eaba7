/**
 * ONNX scoring speed: rows per second scoring N rows (default 1M) through onnxruntime-node (one
 * intra-op thread) vs the engine's in-process predictPipeline, printed as a ratio, for several families.
 * Same batches (20k rows) and the same columns for both; ORT time includes building the input tensors.
 * The last row is a large boosted model on numeric columns, where tree walking (not feature steps) dominates.
 *   npx tsx bench/onnx/index.ts                 # 1M rows, in-process comparison
 *   npx tsx bench/onnx/index.ts 1000000 --file  # instead: score a CSV of that many rows end to end with scoreFile
 *                                               # (written in slices, so peak RSS is scoreFile's own)
 */
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { buildModelJson } from '../../src-main/engine/pipeline/model-json';
import { predictPipeline } from '../../src-main/engine/pipeline/predict';
import type { ColumnData, Columns, FittedPipeline, Tree } from '../../src-main/engine/pipeline/types';
import { pipelineToOnnx } from '../../src-main/engine/onnx/pipeline-to-onnx';
import { fixturePipelines, type FixtureTask } from '../../src-main/engine/onnx/fixtures/pipelines';
import { makeTable, rng, type Table } from '../../src-main/engine/onnx/fixtures/synthetic-data';
import { compare } from '../../src-main/engine/onnx/fixtures/parity';
import { openSession, runSession } from '../../src-main/engine/predict/ort-session';
import { scoreFile } from '../../src-main/engine/predict/score-file';
import { csvLine } from '../../src-main/engine/util/csv-writer';
import { numericPipeline } from '../lib/pipeline';

const BATCH = 20_000;
const rowsArg = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const withFile = process.argv.includes('--file');

function slice(cols: Columns, from: number, to: number): Columns {
  const out: Columns = {};
  for (const [k, v] of Object.entries(cols))
    out[k] = (v instanceof Float64Array ? v.subarray(from, to) : v.slice(from, to)) as ColumnData;
  return out;
}

async function timeBoth(
  p: FittedPipeline,
  t: Table,
): Promise<{ js: number; ort: number; maxAbs: number; mismatches: number }> {
  const session = await openSession(pipelineToOnnx(p), 1);
  let js = 0;
  let ort = 0;
  let maxAbs = 0;
  let mismatches = 0;
  for (let from = 0; from < t.n; from += BATCH) {
    const to = Math.min(t.n, from + BATCH);
    const cols = slice(t.cols, from, to);
    let t0 = performance.now();
    const a = predictPipeline(p, cols);
    js += performance.now() - t0;
    t0 = performance.now();
    const b = await runSession(session, p.inputs, cols, to - from);
    ort += performance.now() - t0;
    const c = compare(a, b);
    maxAbs = Math.max(maxAbs, c.maxAbs);
    mismatches += c.labelMismatches;
  }
  return { js: js / 1000, ort: ort / 1000, maxAbs, mismatches };
}

/** Writes `rows` synthetic rows as CSV, 50k at a time, so this process never holds the whole table. */
async function writeCsv(rows: number, path: string): Promise<void> {
  const ws = createWriteStream(path);
  const names = ['x1', 'x 2', 'flag', 'color', 'city', 'when', 'note'];
  ws.write(`${csvLine(names)}\n`);
  const num = (v: number) => (Number.isNaN(v) ? '' : String(v));
  for (let from = 0; from < rows; from += 50_000) {
    const t = makeTable(Math.min(50_000, rows - from), 100 + from, true);
    const c = t.cols;
    const lines: string[] = [];
    for (let i = 0; i < t.n; i++) {
      const when = (c.when as Float64Array)[i];
      lines.push(
        csvLine([
          num((c.x1 as Float64Array)[i]),
          num((c['x 2'] as Float64Array)[i]),
          num((c.flag as Float64Array)[i]),
          (c.color as Array<string | null>)[i] ?? '',
          (c.city as Array<string | null>)[i] ?? '',
          Number.isNaN(when) ? '' : new Date(when).toISOString(),
          (c.note as Array<string | null>)[i] ?? '',
        ]),
      );
    }
    if (!ws.write(`${lines.join('\n')}\n`)) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
}

async function scoreFileBench(train: Table): Promise<void> {
  const dir = join(__dirname, '..', '.data', 'onnx');
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `score-${rowsArg}.csv`);
  console.log(`Writing ${input} ...`);
  await writeCsv(rowsArg, input);
  const p = fixturePipelines(train, 'multiclass').ensemble;
  const onnxPath = join(dir, 'ensemble.onnx');
  writeFileSync(onnxPath, pipelineToOnnx(p));
  const modelJson = buildModelJson({
    appVersion: 'bench',
    task: 'classification',
    pipeline: p,
    family: 'ensemble',
    trainingData: { rows: 300, columns: 7 },
    trainingSeconds: 0,
  });
  const before = process.memoryUsage().rss;
  let peak = before;
  const t0 = performance.now();
  const res = await scoreFile({
    onnxPath,
    modelJson,
    inputPath: input,
    outputPath: join(dir, 'scored.csv'),
    onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)),
  });
  const s = (performance.now() - t0) / 1000;
  console.log(`scoreFile (CSV -> DuckDB -> typed columns -> ORT -> CSV), ensemble of 4 with text and dates:`);
  console.log(
    `  ${res.rows.toLocaleString()} rows in ${s.toFixed(1)} s = ${Math.round(res.rows / s).toLocaleString()} rows/s; RSS ${(before / 1024 ** 2).toFixed(0)} MB before, peak ${(peak / 1024 ** 2).toFixed(0)} MB`,
  );
  if (!process.env.KEEP) rmSync(input, { force: true });
  rmSync(join(dir, 'scored.csv'), { force: true });
}

/** A large boosted model on 30 numeric columns: 100 rounds x 5 classes of depth-7 trees (one tree per class per round). */
function largeBoosted(): { p: FittedPipeline; t: Table } {
  const F = 30;
  const C = 5;
  const r = rng(3);
  const trees: Tree[] = [];
  for (let t = 0; t < 500; t++) {
    const tr: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], values: [] };
    const grow = (d: number): number => {
      const id = tr.left.length;
      tr.feature.push(Math.floor(r() * F));
      tr.threshold.push(r() * 2 - 1);
      tr.missingLeft.push(r() < 0.5);
      tr.left.push(-1);
      tr.right.push(-1);
      tr.values.push(Array.from({ length: C }, (_, c) => (c === t % C ? (r() - 0.5) * 0.2 : 0)));
      if (d < 7) {
        const left = grow(d + 1);
        tr.right[id] = grow(d + 1);
        tr.left[id] = left;
      }
      return id;
    };
    grow(0);
    trees.push(tr);
  }
  const names = Array.from({ length: F }, (_, i) => `f${i}`);
  const p = numericPipeline(
    names,
    { task: 'multiclass', target: 'y', classes: ['a', 'b', 'c', 'd', 'e'] },
    { family: 'gradient_boosting', trees, aggregate: 'sum', baseScore: [0, 0, 0, 0, 0], link: 'softmax' },
  );
  const cols: Columns = Object.fromEntries(
    names.map((nm) => [nm, Float64Array.from({ length: rowsArg }, () => (r() < 0.05 ? NaN : r() * 2 - 1))]),
  );
  return { p, t: { cols, n: rowsArg, y: new Float64Array(0), binary: [], multi: [] } };
}

async function main(): Promise<void> {
  const train = makeTable(300, 1);
  if (withFile) return scoreFileBench(train);
  console.log(`Generating ${rowsArg.toLocaleString()} rows (missing values, unseen categories, text, dates)...`);
  const big = makeTable(rowsArg, 9, true);
  const runs: Array<[FixtureTask, string]> = [
    ['regression', 'gradient_boosting'],
    ['regression', 'ridge'],
    ['regression', 'mlp'],
    ['binary', 'logistic'],
    ['binary', 'naive_bayes_gaussian'],
    ['multiclass', 'random_forest'],
    ['multiclass', 'ensemble'],
  ];
  console.log('\nfamily                 task         JS rows/s   ORT rows/s   ORT/JS   max|diff|  label diffs');
  for (const [task, name] of runs) {
    const p = fixturePipelines(train, task)[name];
    const r = await timeBoth(p, big);
    print(name, task, r);
  }
  const large = largeBoosted();
  print('boosted 500 trees d7', 'multiclass', await timeBoth(large.p, large.t));
}

function print(name: string, task: string, r: { js: number; ort: number; maxAbs: number; mismatches: number }): void {
  const jsRate = rowsArg / r.js;
  const ortRate = rowsArg / r.ort;
  console.log(
    `${name.padEnd(22)} ${task.padEnd(12)} ${Math.round(jsRate).toLocaleString().padStart(10)} ${Math.round(ortRate).toLocaleString().padStart(12)} ${(ortRate / jsRate).toFixed(2).padStart(7)}x ${r.maxAbs.toExponential(1).padStart(10)} ${String(r.mismatches).padStart(12)}`,
  );
}

void main();
