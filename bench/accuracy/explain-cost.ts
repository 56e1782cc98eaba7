/**
 * Where the time after the search goes for a bench run's chosen model (bench/.data/accuracy/runs/<name>, or --runs
 * DIR holding <name>/pipeline.json): permutation importance and a deadline-bound explainTraining, each given
 * `deadlineSeconds` on the CPU clock, and the background (covers, means, sample) alone; CPU seconds and the rows each
 * covered.   npx tsx --tsconfig tsconfig.node.json bench/accuracy/explain-cost.ts fine_foods [deadlineSeconds] [--runs DIR]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import type { Columns, FittedPipeline } from '../../src-main/engine/pipeline/types';
import { buildBackground } from '../../src-main/engine/explain/background';
import { explainTraining } from '../../src-main/engine/explain/training';
import { budgetNow } from '../../src-main/engine/util/budget-clock';
import { takeRows } from '../../src-main/engine/explain/rows';
import { permutationImportance } from '../../src-main/engine/tabular/report';
import { DATA, readSpec } from './run-app';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const seconds = Number(process.argv[3]?.startsWith('--') ? 3 : (process.argv[3] ?? 3));
  const r = process.argv.indexOf('--runs');
  const spec = readSpec(name);
  const dir = join(r > 0 ? process.argv[r + 1] : join(DATA, 'runs'), name);
  const p = JSON.parse(readFileSync(join(dir, 'pipeline.json'), 'utf8')) as FittedPipeline;
  const kinds = Object.fromEntries(spec.text.map((t) => [t, 'text' as const]));
  const frame = await loadFrame(join(DATA, `${name}.csv`), { kinds });
  const held = new Set(spec.test);
  const test = Int32Array.from(spec.test);
  const train = Int32Array.from({ length: frame.nRows }, (_, r) => r).filter((r) => !held.has(r));
  const all: Columns = {};
  for (const { name: c } of p.inputs) all[c] = (frame.get(c)?.values ?? []) as Columns[string];
  const target = frame.get(spec.target)?.values ?? [];
  const yTest = Float64Array.from(test, (row) =>
    p.classes ? p.classes.indexOf(String(target[row])) : Number(target[row]),
  );
  let t = cpu();
  const importance = permutationImportance(
    p,
    frame,
    test,
    yTest,
    p.classes ? 'accuracy' : 'r2',
    0,
    budgetNow() + seconds * 1000,
  );
  console.log(
    `${name}: permutation importance with a ${seconds} s deadline: ${(cpu() - t).toFixed(2)} s CPU, ` +
      `${importance.rows} of ${test.length} test rows`,
  );
  t = cpu();
  buildBackground(p, takeRows(p.inputs, all, train), train.length, { seed: 0 });
  console.log(`${name} (${p.kind}): background ${(cpu() - t).toFixed(2)} s CPU`);
  t = cpu();
  const { explanations } = explainTraining(
    p,
    frame,
    { train, test },
    {
      modelId: 'best',
      seed: 0,
      deadline: budgetNow() + seconds * 1000,
    },
  );
  console.log(
    `explainTraining with a ${seconds} s deadline: ${(cpu() - t).toFixed(2)} s CPU, ${explanations.rows} rows, method ${explanations.how.method}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
