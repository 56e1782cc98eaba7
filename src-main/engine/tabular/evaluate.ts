import { CodedError } from '@shared/errors';
import type { PreprocessPlan } from '@shared/project';
import type { Frame } from '../frame/load-frame';
import type { SinglePipeline } from '../pipeline/types';
import type { FitInput, Params } from '../models/fit-types';
import { fitFamily, styleOf, type TrainableFamily } from '../models/registry';
import { predictModel } from '../models/predict-model';
import { fitFeatures, type FittedFeatures } from '../preprocess/fit-steps';
import { featureMatrix, trainMatrix } from '../preprocess/train-matrix';
import type { Split } from './split';
import { balancedWeights, type PreparedTarget } from './target';

/** Everything a configuration needs that does not change between configurations. */
export interface TrainData {
  frame: Frame;
  plan: PreprocessPlan;
  target: PreparedTarget;
  targetName: string;
  split: Split;
  /** Validation rows in the order out-of-fold predictions are stored (same for every trial). */
  valRows: Int32Array;
  seed: number;
}

export interface Trial {
  family: TrainableFamily;
  params: Params;
  /** Validation predictions aligned with data.valRows: n×k. */
  valPred: Float64Array;
  /** Test predictions of the final pipeline, aligned with split.test: n×k. */
  testPred: Float64Array;
  pipeline: SinglePipeline;
  bestIteration?: number;
  fitSeconds: number;
}

/** Width of a prediction row. */
export function outWidth(t: PreparedTarget): number {
  return t.info.kind === 'regression' ? 1 : t.info.nClasses;
}

function targetSlice(t: PreparedTarget, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (r) => t.info.y[r]);
}

interface FitResult {
  features: FittedFeatures;
  model: SinglePipeline['model'];
  bestIteration?: number;
}

async function fitOn(
  data: TrainData,
  family: TrainableFamily,
  params: Params,
  fitRows: Int32Array,
  valRows: Int32Array | null,
  extra: Pick<FitInput, 'signal' | 'deadline' | 'onIteration'>,
): Promise<FitResult> {
  const { frame, plan, target } = data;
  const features = fitFeatures(frame, plan, target.info, fitRows, styleOf(family));
  const m = trainMatrix(frame, features, target.info, fitRows);
  const valid = valRows
    ? (() => {
        const v = featureMatrix(frame, features, valRows);
        return { X: v.X, n: v.n, y: targetSlice(target, valRows) };
      })()
    : undefined;
  const { model, bestIteration } = await fitFamily(
    family,
    {
      X: m.X,
      n: m.n,
      p: m.p,
      y: targetSlice(target, fitRows),
      task: target.info.kind,
      nClasses: target.info.nClasses,
      weights:
        plan.classWeights && target.info.kind !== 'regression' ? balancedWeights(target.info, fitRows) : undefined,
      valid,
      seed: data.seed,
      ...extra,
    },
    params,
  );
  return { features, model, bestIteration };
}

function predictRows(data: TrainData, fr: FitResult, rows: Int32Array): Float64Array {
  const m = featureMatrix(data.frame, fr.features, rows);
  return predictModel(fr.model, m.X, m.n, m.p, data.target.info.kind === 'regression' ? 0 : data.target.info.nClasses);
}

/**
 * Cross-validates (or holds out) one configuration: preprocessing and model fitted on each fold's training rows
 * only, predictions on its validation rows. With k folds the final pipeline is refitted on all training rows
 * (iterative models keep the folds' mean best round count); with one holdout the fold model is final.
 */
export async function runConfig(
  data: TrainData,
  family: TrainableFamily,
  params: Params,
  ctx: {
    signal: AbortSignal;
    deadline: number;
    refitDeadline: number;
    onIteration: (fold: number, step: number, loss: number | null, fraction: number) => void;
  },
): Promise<Trial> {
  const t0 = performance.now();
  const k = outWidth(data.target);
  const { split } = data;
  const valPred = new Float64Array(data.valRows.length * k);
  const iters: number[] = [];
  let offset = 0;
  let last: FitResult | null = null;
  const nFolds = split.folds.length;
  for (let f = 0; f < nFolds; f++) {
    if (ctx.signal.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
    const fold = split.folds[f];
    const fr = await fitOn(data, family, params, fold.fit, fold.val, {
      signal: ctx.signal,
      deadline: ctx.deadline,
      onIteration: (step, loss, frac) =>
        ctx.onIteration(f, step, loss, (f + frac) / (nFolds + (split.mode === 'kfold' ? 1 : 0))),
    });
    if (fr.bestIteration) iters.push(fr.bestIteration);
    valPred.set(predictRows(data, fr, fold.val), offset * k);
    offset += fold.val.length;
    last = fr;
  }
  let final = last as FitResult;
  if (split.mode === 'kfold') {
    if (ctx.signal.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
    const refit = { ...params };
    if (iters.length && family === 'gradient_boosting')
      refit.n_estimators = Math.max(10, Math.min(500, Math.round(mean(iters) * 1.1)));
    if (iters.length && family === 'mlp') refit.epochs = Math.max(1, Math.min(500, Math.round(mean(iters) * 1.1)));
    if (iters.length && (family === 'random_forest' || family === 'extra_trees'))
      refit.n_estimators = Math.max(10, Math.min(500, Math.round(mean(iters))));
    final = await fitOn(data, family, refit, split.train, null, {
      signal: ctx.signal,
      deadline: ctx.refitDeadline,
      onIteration: (step, _loss, frac) => ctx.onIteration(nFolds, step, null, (nFolds + frac) / (nFolds + 1)),
    });
  }
  const pipeline: SinglePipeline = {
    kind: 'single',
    task: data.target.info.kind,
    target: data.targetName,
    ...(data.target.classes ? { classes: data.target.classes } : {}),
    inputs: final.features.inputs,
    steps: final.features.steps,
    featureNames: final.features.featureNames,
    model: final.model,
  };
  const testPred = predictRows(data, final, split.test);
  return {
    family,
    params,
    valPred,
    testPred,
    pipeline,
    bestIteration: iters.length ? Math.round(mean(iters)) : undefined,
    fitSeconds: (performance.now() - t0) / 1000,
  };
}

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}
