import type { LeaderboardRow } from '@shared/project';
import type { MetricName } from '@shared/tasks';
import { computeMetrics } from '../metrics';
import { applyCombiner, stackFeatures } from '../pipeline/stack-combine';
import type { StackPipeline } from '../pipeline/types';
import { chooseStack } from '../search/stack';
import { flatMembers, unionInputs, type Trial } from './evaluate';
import type { PreparedTarget } from './target';
import { budgetNow } from '../util/budget-clock';

/** Most level-1 models in a stack (the best configuration of each family, best families first). */
const MAX_BASES = 8;

export interface StackResult {
  row: LeaderboardRow;
  pipeline: StackPipeline;
  testPred: Float64Array;
  /** Out-of-fold predictions of nested fits (the combiner never saw those rows): an honest validation of the stack. */
  heldOut: Float64Array;
}

/**
 * Stacking beside the greedy blend: a level-2 logistic/ridge model on the out-of-fold predictions of the best
 * configuration of each family. Kept only when, on held-out out-of-fold rows (nested 5-fold), it beats the greedy
 * blend of the same models and the winner so far (judged on nested predictions too); null otherwise.
 */
export function tryStack(
  done: Array<{ id: string; trial: Trial; score: number }>,
  ctx: {
    target: PreparedTarget;
    targetName: string;
    yVal: Float64Array;
    yTest: Float64Array;
    metric: MetricName;
    deadline: number;
    /** The nested validation score (oriented) of the choice that wins so far (best single or the greedy blend). */
    bestScore: number;
  },
): StackResult | null {
  const { target, metric } = ctx;
  const byFamily = new Map<string, { id: string; trial: Trial; score: number }>();
  for (const d of [...done].sort((a, b) => b.score - a.score))
    if (!byFamily.has(d.trial.family)) byFamily.set(d.trial.family, d);
  const pool = [...byFamily.values()].slice(0, MAX_BASES);
  if (pool.length < 2 || budgetNow() > ctx.deadline) return null;
  const task = target.info.kind;
  const C = task === 'regression' ? 0 : target.info.nClasses;
  const choice = chooseStack(
    pool.map((d) => d.trial.valPred),
    ctx.yVal,
    task,
    C,
    metric,
    ctx.deadline,
  );
  // Stack against blend on held-out rows (both nested), then against the winner so far, also on nested predictions
  // of the choice that made it (train.ts): ties go to the winner, which is simpler.
  if (!choice || !(choice.stackScore > choice.blendScore) || !(choice.stackScore > ctx.bestScore)) return null;
  const oof = stackFeatures(
    pool.map((d) => d.trial.valPred),
    ctx.yVal.length,
    task,
    C,
  );
  // The leaderboard scores the stack like every blend: fitted on all out-of-fold rows and scored on them.
  const valPred = applyCombiner(choice.combiner, oof.Z, ctx.yVal.length, oof.q, C);
  const metricTask = task === 'regression' ? 'regression' : 'classification';
  const metrics = computeMetrics(metricTask, ctx.yVal, valPred, C);
  const { Z, q } = stackFeatures(
    pool.map((d) => d.trial.testPred),
    ctx.yTest.length,
    task,
    C,
  );
  const testPred = applyCombiner(choice.combiner, Z, ctx.yTest.length, q, C);
  const pipeline: StackPipeline = {
    kind: 'stack',
    task,
    target: ctx.targetName,
    ...(target.classes ? { classes: target.classes } : {}),
    inputs: unionInputs(pool.map((d) => d.trial.pipeline.inputs)),
    bases: pool.map((d) => ({ pipelines: flatMembers(d.trial.pipeline, 1, 0).map((m) => m.pipeline) })),
    combiner: choice.combiner,
  };
  const row: LeaderboardRow = {
    modelId: 'stack',
    family: 'ensemble',
    label: `Stack of ${pool.length} (${task === 'regression' ? 'ridge' : 'logistic'} on out-of-fold predictions)`,
    params: {
      ...Object.fromEntries(pool.map((d) => [d.id, 1])),
      penalty: choice.combiner.penalty ?? 0,
      nested_score: round4(choice.stackScore),
      blend_nested_score: round4(choice.blendScore),
    },
    metrics,
    testMetrics: computeMetrics(metricTask, ctx.yTest, testPred, C),
    fitSeconds: 0,
    status: 'done',
  };
  return { row, pipeline, testPred, heldOut: choice.heldOut };
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;
