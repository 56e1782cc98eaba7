/**
 * The JS evaluator's text path: predictPipeline on a text model with its TF-IDF block as a sparse tail (the default)
 * against the dense n x vocabulary matrix ('dense', the definition, what predictPipeline did before), on every row
 * of a bench/accuracy text set with the run's chosen pipeline (bench/.data/accuracy/runs/<name>/pipeline.json, e.g.
 * fine_foods: 4,000 reviews, a stack of linear models on 30,000 word + char n-grams, boosted trees and naive Bayes).
 * Each path runs in its own child process (peak memory is a process's figure), a few times alternated; the figures
 * are the CPU and wall time of predictPipeline and the growth of the process's peak RSS during the first call.
 * Both must give the same bits (a hash of the predictions and probabilities).
 *   flock /work/bench.lock env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
 *     npx tsx --tsconfig tsconfig.node.json bench/pipeline/sparse-text.ts [fine_foods] [--runs 3] [--impl path]
 * --impl: a predict.ts of another checkout (e.g. the code before the sparse path) run as the 'dense' side instead.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import type { Columns, FittedPipeline, Predictions } from '../../src-main/engine/pipeline/types';
import { predictPipeline, type TextPath } from '../../src-main/engine/pipeline/predict';
import { DATA, readSpec } from '../accuracy/run-app';
import { median, numberArg } from '../lib/timing';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

interface Figures {
  path: string;
  cpuMs: number;
  wallMs: number;
  peakGrowthMb: number;
  hash: string;
}

function hashOf(p: Predictions): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(p.prediction));
  if (p.probabilities) h.update(new Uint8Array(p.probabilities.buffer));
  return h.digest('hex').slice(0, 16);
}

type Predict = (p: FittedPipeline, cols: Columns) => Predictions;

async function child(name: string, path: TextPath, impl: string | undefined): Promise<void> {
  const spec = readSpec(name);
  const p = JSON.parse(readFileSync(join(DATA, 'runs', name, 'pipeline.json'), 'utf8')) as FittedPipeline;
  const kinds = Object.fromEntries(spec.text.map((t) => [t, 'text' as const]));
  const frame = await loadFrame(join(DATA, `${name}.csv`), { kinds });
  const cols: Columns = {};
  for (const { name: c } of p.inputs) cols[c] = (frame.get(c)?.values ?? []) as Columns[string];
  let predict: Predict = (q, c) => predictPipeline(q, c, path);
  if (impl) {
    const mod = (await import(resolve(impl))) as { predictPipeline: Predict };
    predict = mod.predictPipeline;
  }
  const before = process.resourceUsage().maxRSS;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = predict(p, cols);
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(c0);
  const figures: Figures = {
    path: impl ? `dense (${impl})` : path,
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    peakGrowthMb: (process.resourceUsage().maxRSS - before) / 1024,
    hash: hashOf(out),
  };
  console.log(JSON.stringify({ ...figures, rows: frame.nRows }));
}

function runChild(name: string, path: TextPath, impl: string | undefined): Figures & { rows: number } {
  const args = [
    '--tsconfig',
    'tsconfig.node.json',
    __filename,
    name,
    '--child',
    path,
    ...(impl ? ['--impl', impl] : []),
  ];
  const out = execFileSync('npx', ['tsx', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() as string) as Figures & { rows: number };
}

async function main(): Promise<void> {
  const name = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'fine_foods';
  const impl = arg('impl');
  const mode = arg('child');
  if (mode) return child(name, mode as TextPath, mode === 'dense' ? impl : undefined);
  const runs = numberArg('runs', 3);
  const got: Record<TextPath, Array<Figures & { rows: number }>> = { dense: [], sparse: [] };
  for (let i = 0; i < runs; i++) {
    for (const path of ['dense', 'sparse'] as const) {
      const f = runChild(name, path, impl);
      got[path].push(f);
      console.log(
        `${name} ${f.rows} rows, ${f.path}: ${f.cpuMs.toFixed(0)} ms CPU, ${f.wallMs.toFixed(0)} ms wall, peak RSS +${f.peakGrowthMb.toFixed(0)} MB, outputs ${f.hash}`,
      );
    }
  }
  const med = (path: TextPath, k: 'cpuMs' | 'wallMs' | 'peakGrowthMb'): number => median(got[path].map((f) => f[k]));
  const same = new Set([...got.dense, ...got.sparse].map((f) => f.hash)).size === 1;
  console.log(
    `median of ${runs}: dense ${med('dense', 'cpuMs').toFixed(0)} ms CPU, +${med('dense', 'peakGrowthMb').toFixed(0)} MB; ` +
      `sparse ${med('sparse', 'cpuMs').toFixed(0)} ms CPU, +${med('sparse', 'peakGrowthMb').toFixed(0)} MB; ` +
      `sparse/dense CPU ${(med('sparse', 'cpuMs') / med('dense', 'cpuMs')).toFixed(3)}, ` +
      `wall ${(med('sparse', 'wallMs') / med('dense', 'wallMs')).toFixed(3)}; same bits: ${same ? 'yes' : 'NO'}`,
  );
  if (!same) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
