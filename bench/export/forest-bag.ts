/**
 * What a random forest bagged over the k-fold models costs after the search, and what thinning the bag would lose:
 * for each set, the default forest (150 trees) is cross-validated as the search does (the bag of the first
 * repetition's fold models = k x 150 trees), then the bag is cut to its first T trees per fold model (T = 150/k, 2·150/k,
 * 150). For each: test score on the set's fixed test rows, trees and nodes, and the CPU seconds of what follows
 * training: explainer.json (background covers + the exact check, explain/background.ts + check.ts), the training
 * summary's 10-row exact floor (insights.ts), the ONNX graph (bytes, seconds) and explainer.json's JSON bytes.
 *   nice -n 10 env AUTOML_BUDGET_CLOCK=cpu npx tsx --tsconfig tsconfig.node.json bench/export/forest-bag.ts [--only x_forbes,ames]
 */
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import { buildBackground } from '../../src-main/engine/explain/background';
import { explainerCheck } from '../../src-main/engine/explain/check';
import { explainModel } from '../../src-main/engine/explain/insights';
import { takeRows } from '../../src-main/engine/explain/rows';
import { computeMetrics } from '../../src-main/engine/metrics';
import { pipelineToOnnx } from '../../src-main/engine/onnx/pipeline-to-onnx';
import { predictPipeline } from '../../src-main/engine/pipeline/predict';
import type { Columns, EnsemblePipeline, FittedPipeline, TreeModel } from '../../src-main/engine/pipeline/types';
import { runConfig } from '../../src-main/engine/tabular/evaluate';
import { makeSplit } from '../../src-main/engine/tabular/split';
import { roomyContext, tableData } from '../../src-main/engine/tabular/test-data';
import { DATA, readSpec } from '../accuracy/run-app';
import { join } from 'node:path';

const cpu = (f: () => unknown): number => {
  const t = process.cpuUsage();
  f();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1e6;
};

function thinned(p: EnsemblePipeline, keep: number): EnsemblePipeline {
  return {
    ...p,
    members: p.members.map((m) => {
      const model = m.pipeline.model as TreeModel;
      return { ...m, pipeline: { ...m.pipeline, model: { ...model, trees: model.trees.slice(0, keep) } } };
    }),
  };
}

async function one(name: string): Promise<void> {
  const spec = readSpec(name);
  const kinds = Object.fromEntries(spec.text.map((t) => [t, 'text' as const]));
  const frame = await loadFrame(join(DATA, `${name}.csv`), { kinds });
  const base = tableData(frame, spec.target, spec.task);
  const split = makeSplit(base.target.rows, base.target.info, base.plan, 0, undefined, spec.test);
  const data = tableData(frame, spec.target, spec.task, split);
  if (split.mode !== 'kfold') {
    console.log(`${name}: holdout split (no bag), skipped`);
    return;
  }
  const trial = await runConfig(data, 'random_forest', { n_estimators: 150 }, roomyContext());
  const bag = trial.pipeline as EnsemblePipeline;
  const k = bag.members.length;
  const cols: Columns = Object.fromEntries(frame.columns.map((c) => [c.name, c.values]));
  const test = takeRows(bag.inputs, cols, split.test);
  // k-fold: the validation rows of the first repetition are every training row.
  const train = takeRows(bag.inputs, cols, data.valRows);
  const y = Float64Array.from(split.test, (r) => data.target.info.y[r]);
  const metric = spec.task === 'regression' ? 'r2' : 'accuracy';
  for (const keep of [Math.ceil(150 / k), Math.ceil(300 / k), 150]) {
    const p: FittedPipeline = thinned(bag, keep);
    const pred = predictPipeline(p, test);
    const out =
      spec.task === 'regression' ? Float64Array.from(pred.prediction, Number) : (pred.probabilities as Float64Array);
    const score = computeMetrics(spec.task, y, out, data.target.classes?.length ?? 0)[metric] as number;
    let nodes = 0;
    for (const m of p.members) nodes += (m.pipeline.model as TreeModel).trees.reduce((a, t) => a + t.left.length, 0);
    let bg!: ReturnType<typeof buildBackground>;
    const bgSec = cpu(() => (bg = buildBackground(p, train, data.valRows.length, { seed: 0 })));
    let check!: ReturnType<typeof explainerCheck>;
    const checkSec = cpu(() => (check = explainerCheck(p, bg, test, split.test)));
    const floorSec = cpu(() => explainModel(p, bg, test, split.test.length, { modelId: 'x', rows: 10, examples: 10 }));
    let onnx!: Uint8Array;
    const onnxSec = cpu(() => (onnx = pipelineToOnnx(p)));
    let json = '';
    const jsonSec = cpu(() => (json = JSON.stringify({ pipeline: p, background: bg, check })));
    console.log(
      `${name.padEnd(10)} ${k} x ${String(keep).padStart(3)} trees  ${metric} ${score.toFixed(4)}  nodes ${nodes}  ` +
        `background ${bgSec.toFixed(2)} s, check ${checkSec.toFixed(2)} s (${check?.rows.length ?? 0} rows), ` +
        `10-row floor ${floorSec.toFixed(2)} s, onnx ${onnxSec.toFixed(2)} s ${(onnx.length / 1e6).toFixed(1)} MB, ` +
        `explainer.json ${jsonSec.toFixed(2)} s ${(json.length / 1e6).toFixed(1)} MB`,
    );
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--only');
  const sets =
    i >= 0 ? process.argv[i + 1].split(',') : ['x_forbes', 'concrete', 'ames', 'hmda', 'credit', 'pima', 'cps1985'];
  for (const s of sets) await one(s);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
