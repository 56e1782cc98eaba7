/**
 * Replays the final choice of finished bench runs (their trial logs: every configuration's out-of-fold and test
 * predictions) under variants of the selection rule, without training again. For judging a rule over many seeded
 * splits (index.ts --splits N writes runs/<name> and runs/<name>-s<k>): each variant sees only out-of-fold
 * predictions; the test rows only score its choice.
 *   npx tsx --tsconfig tsconfig.node.json bench/accuracy/replay.ts <runs folder> sonar,glass [--splits 5]
 *   [--without kernel]: as if that family's configurations had not been tried (what a new family changed in the
 *   choice; the time its configurations took is not given back to the others). `--without log`: the log-target
 *   configurations (params.target_transform 'log') instead of a family.
 *   [--select f1_macro]: choose by this metric instead of train.ts's selectionMetric (what a metric would choose
 *   from the same trials; the search itself ran as it did). [--score f1_macro]: score the choice on the test rows
 *   by this metric (default accuracy / r2). [--threshold]: also score the choice at the binary decision threshold
 *   train.ts would choose for the --score metric (search/threshold.ts), column `threshold` (and the cut, `t`).
 * Columns: `now` train.ts's choice (simpler-model rule at SIMPLER_MODEL_SES); `se0`, `se0.5`, `se2` the same with
 * the rule at that many standard errors (0: the linear model only when it is better); `nostack` without the stack;
 * `fam2`, `fam3`, `fam5` with the blend's pool at most that many configurations of each family. `--per-split`: also one JSON line of every column per run. The runs folder may be bench/accuracy's or bench/small's (<data>/runs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS, type MetricName } from '@shared/tasks';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import { computeMetrics, oriented } from '../../src-main/engine/metrics';
import { caruana } from '../../src-main/engine/search/ensemble';
import { nestedBest, nestedBlend } from '../../src-main/engine/search/nested';
import { SIMPLER_MODEL_SES, selectionMetric, winsBeyondNoise } from '../../src-main/engine/search/prefer-simple';
import { validationRows, type Trial } from '../../src-main/engine/tabular/evaluate';
import { defaultPlan } from '../../src-main/engine/tabular/plan';
import { quickProfile } from '../../src-main/engine/tabular/quick-profile';
import { makeSplit } from '../../src-main/engine/tabular/split';
import { tryStack } from '../../src-main/engine/tabular/stack-step';
import { chooseThreshold } from '../../src-main/engine/search/threshold';
import { prepareTarget } from '../../src-main/engine/tabular/target';
import { readTrialLog } from '../../src-main/engine/tabular/trial-log';
import { readSpec } from './run-app';
import { mean, sd } from './splits';

interface Done {
  id: string;
  trial: Trial;
  score: number;
}
interface Candidate {
  id: string;
  val: Float64Array;
  test: Float64Array;
}

const SIMPLE = new Set(['logistic', 'ridge', 'linear', 'lasso', 'elasticnet', 'svm']);

function blendOf(parts: Array<{ pred: Float64Array; w: number }>): Float64Array {
  const out = new Float64Array(parts[0].pred.length);
  for (const { pred, w } of parts) for (let i = 0; i < out.length; i++) out[i] += w * pred[i];
  return out;
}

interface Options {
  without?: string;
  /** Also score the choice at the decision threshold train.ts would choose (search/threshold.ts). */
  threshold?: boolean;
  select?: MetricName;
  score?: MetricName;
}

async function replay(runDir: string, name: string, opts: Options): Promise<Record<string, number>> {
  const { without } = opts;
  // The runs folder is <data>/runs (bench/accuracy or bench/small): the set's table and spec are in <data>.
  const data = join(runDir, '..', '..');
  const spec = readSpec(name, data);
  const split0 = JSON.parse(readFileSync(join(runDir, 'split.json'), 'utf8')) as { testIndices: number[] };
  const path = join(data, `${name}.csv`);
  const frame = await loadFrame(path, { kinds: Object.fromEntries(spec.text.map((t) => [t, 'text' as const])) });
  const plan = defaultPlan(quickProfile(frame, spec.target), { task: spec.task, target: spec.target });
  const target = prepareTarget(frame.get(spec.target) as NonNullable<ReturnType<typeof frame.get>>, spec.task);
  const split = makeSplit(target.rows, target.info, plan, 0, undefined, split0.testIndices);
  const yVal = Float64Array.from(validationRows(split), (r) => target.info.y[r]);
  const yTest = Float64Array.from(split.test, (r) => target.info.y[r]);
  const key = (JSON.parse(readFileSync(join(runDir, 'trials.jsonl'), 'utf8').split('\n')[0]) as { key: string }).key;
  const saved = readTrialLog(runDir, key);
  if (!saved) throw new Error(`no trial log in ${runDir}`);
  const task = spec.task;
  const metric: MetricName = task === 'regression' ? 'rmse' : 'accuracy';
  const selectBy = opts.select ?? selectionMetric(task, metric);
  const C = target.info.nClasses;
  const valScore = (p: Float64Array): number => oriented(selectBy, computeMetrics(task, yVal, p, C)[selectBy] ?? NaN);
  const testScore = (p: Float64Array, threshold?: number): number =>
    computeMetrics(task, yTest, p, C, threshold)[opts.score ?? (task === 'regression' ? 'r2' : 'accuracy')] ?? NaN;
  const done: Done[] = saved.trials
    .filter((t) => t.trial.family !== without && !droppedLog(without, t.config.family, t.config.params))
    .map((t) => ({ id: t.id, trial: t.trial, score: valScore(t.trial.valPred) }))
    .sort((a, b) => b.score - a.score);
  const cand = (d: Done): Candidate => ({ id: d.id, val: d.trial.valPred, test: d.trial.testPred });
  const single = cand(done[0]);
  const simpleDone = done.find((d) => SIMPLE.has(d.trial.family));
  const simple = simpleDone ? cand(simpleDone) : undefined;
  const blendMetric: MetricName = task === 'classification' ? 'log_loss' : metric;
  /** The greedy blend of a pool, as train.ts builds it, and nested predictions of the blending. */
  const blendFrom = (pool: Done[]): { blend?: Candidate; nested?: Float64Array } => {
    const { weights } = caruana(
      pool.map((d) => d.trial.valPred),
      yVal,
      task,
      C,
      blendMetric,
    );
    const members = pool.map((d, i) => ({ d, w: weights[i] })).filter((m) => m.w > 0);
    if (members.length < 2) return {};
    return {
      blend: {
        id: 'ensemble',
        val: blendOf(members.map((m) => ({ pred: m.d.trial.valPred, w: m.w }))),
        test: blendOf(members.map((m) => ({ pred: m.d.trial.testPred, w: m.w }))),
      },
      nested: nestedBlend(
        pool.map((d) => d.trial.valPred),
        yVal,
        task,
        C,
        blendMetric,
      ),
    };
  };
  // train.ts's pool: the 20 best configurations.
  const { blend, nested: blendNested } = blendFrom(done.slice(0, 20));
  // Variant pools: at most `cap` configurations of each family (best first), 20 in all.
  const diverse = (cap: number): Done[] => {
    const perFamily = new Map<string, number>();
    return done.filter((d) => {
      const n = perFamily.get(d.trial.family) ?? 0;
      perFamily.set(d.trial.family, n + 1);
      return n < cap;
    });
  };
  /** The stack as tryStack makes it; `nestedGate` false: the old gate (in-sample score against bestScore). */
  const stackFor = (best: Float64Array, nestedGate: boolean): Candidate | undefined => {
    const s = tryStack(done, {
      target,
      targetName: spec.target,
      yVal,
      yTest,
      metric: selectBy,
      deadline: Infinity,
      best: nestedGate ? best : new Float64Array(best.length),
    });
    if (!s || (!nestedGate && !(oriented(selectBy, s.row.metrics[selectBy] ?? NaN) >= valScore(best))))
      return undefined;
    return { id: 'stack', val: s.heldOut, test: s.testPred };
  };

  // Variant "before": the rule of train.ts before nested judging (blend accepted on its in-sample out-of-fold
  // score, one-SE on the raw out-of-fold predictions).
  let before = single;
  if (blend && valScore(blend.val) >= valScore(single.val)) before = blend;
  before = stackFor(before.val, false) ?? before;
  if (simple && simple.id !== before.id && !winsBeyondNoise(task, yVal, before.val, simple.val, C)) before = simple;
  // Variant "now" (train.ts): every choice judged on nested predictions of the procedure that made it.
  const simples = done.filter((d) => SIMPLE.has(d.trial.family));
  const bestOf = (list: Done[]): Float64Array =>
    list.length > 1
      ? nestedBest(
          list.slice(0, 20).map((d) => d.trial.valPred),
          yVal,
          task,
          C,
          selectBy,
        )
      : list[0].trial.valPred;
  let now: Candidate = { ...single, val: bestOf(done) };
  if (blend && blendNested && valScore(blendNested) > valScore(now.val)) now = { ...blend, val: blendNested };
  const noStack = now;
  /** train.ts's choice with the blend's pool capped at `cap` configurations per family. */
  const famChoice = (cap: number): Candidate => {
    const famBlend = blendFrom(diverse(cap).slice(0, 20));
    let fam: Candidate = { ...single, val: bestOf(done) };
    if (famBlend.blend && famBlend.nested && valScore(famBlend.nested) > valScore(fam.val))
      fam = { ...famBlend.blend, val: famBlend.nested };
    return stackFor(fam.val, true) ?? fam;
  };
  const fams = Object.fromEntries([2, 3, 5].map((cap) => [cap, famChoice(cap)]));
  now = stackFor(now.val, true) ?? now;
  const simpleNested = simples.length ? bestOf(simples) : undefined;
  /** The simpler-model rule with `ses` standard errors (train.ts: SIMPLER_MODEL_SES) between `winner` and the best linear model. */
  const oneSe = (winner: Candidate, ses: number): Candidate =>
    simple && simpleNested && winner.id !== simple.id && !winsBeyondNoise(task, yVal, winner.val, simpleNested, C, ses)
      ? simple
      : winner;
  const seVariants = Object.fromEntries([0, 0.5, 2].map((f) => [`se${f}`, testScore(oneSe(now, f).test)]));
  const noStackChoice = oneSe(noStack, SIMPLER_MODEL_SES);
  now = oneSe(now, SIMPLER_MODEL_SES);
  const st = stackFor(new Float64Array(yVal.length * (task === 'regression' ? 1 : C)), false);
  const out: Record<string, number> = {
    before: testScore(before.test),
    now: testScore(now.test),
    single: testScore(single.test),
    simple: simple ? testScore(simple.test) : NaN,
    blend: blend ? testScore(blend.test) : NaN,
    stack: st ? testScore(st.test) : NaN,
    ...seVariants,
    nostack: testScore(noStackChoice.test),
    ...Object.fromEntries(
      Object.entries(fams).map(([cap, c]) => [`fam${cap}`, testScore(oneSe(c, SIMPLER_MODEL_SES).test)]),
    ),
  };
  if (opts.threshold) {
    // The decision threshold train.ts would choose for the --score metric on the final choice's nested predictions.
    const scoreMetric = opts.score ?? 'accuracy';
    const decision = C === 2 ? chooseThreshold(now.val, yVal, scoreMetric) : null;
    out.threshold = testScore(now.test, decision?.threshold);
    out.t = decision?.threshold ?? 0.5;
  }
  console.error(
    `${runDir.split('/').pop()}: before ${before.id} ${out.before.toFixed(4)}, now ${now.id} ${out.now.toFixed(4)} | single ${single.id} ${out.single.toFixed(4)}, simple ${simple?.id} ${out.simple.toFixed(4)}, blend ${out.blend.toFixed(4)}, stack ${out.stack.toFixed(4)}`,
  );
  if (process.argv.includes('--per-split')) console.log(JSON.stringify({ run: runDir.split('/').pop(), ...out }));
  return out;
}

async function main(): Promise<void> {
  const runs = process.argv[2];
  const names = process.argv[3].split(',');
  const i = process.argv.indexOf('--splits');
  const nSplits = i >= 0 ? Number(process.argv[i + 1]) : 1;
  const w = process.argv.indexOf('--without');
  const without = w >= 0 ? process.argv[w + 1] : undefined;
  const arg = (flag: string): MetricName | undefined => {
    const j = process.argv.indexOf(flag);
    if (j < 0) return undefined;
    const m = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS].find((x) => x === process.argv[j + 1]);
    if (!m) throw new Error(`${flag}: unknown metric '${process.argv[j + 1]}'`);
    return m;
  };
  const opts: Options = {
    without,
    select: arg('--select'),
    score: arg('--score'),
    threshold: process.argv.includes('--threshold'),
  };
  for (const name of names) {
    const per: Array<Record<string, number>> = [];
    for (let k = 0; k < nSplits; k++) {
      const dir = join(runs, k ? `${name}-s${k}` : name);
      if (existsSync(join(dir, 'trials.jsonl'))) per.push(await replay(dir, name, opts));
    }
    if (!per.length) continue;
    const cols = Object.keys(per[0]);
    console.log(
      `${name.padEnd(10)} (${per.length} splits) ${cols.map((c) => `${c} ${mean(per.map((p) => p[c])).toFixed(4)}±${sd(per.map((p) => p[c])).toFixed(3)}`).join('  ')}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/** `--without log` drops every log-target configuration, `--without log:<family>` those of one family. */
function droppedLog(without: string | undefined, family: string, params: Record<string, unknown>): boolean {
  if (params.target_transform !== 'log' || !without) return false;
  return without === 'log' || without === `log:${family}`;
}
