import { CodedError } from '@shared/errors';
import type { PreprocessPlan } from '@shared/project';
import type { Frame } from '../frame/load-frame';
import type { EnsemblePipeline, FittedPipeline, SinglePipeline } from '../pipeline/types';
import type { FitInput, Params } from '../models/fit-types';
import { fitFamily, SPARSE_FAMILIES, styleOf, type TrainableFamily } from '../models/registry';
import { predictModel } from '../models/predict-model';
import { fitFeatures, type FeatureStyle, type FittedFeatures } from '../preprocess/fit-steps';
import type { Matrix } from '../preprocess/transform';
import { featureMatrix, trainMatrix } from '../preprocess/train-matrix';
import type { Split } from './split';
import { balancedWeights, type PreparedTarget } from './target';
import { yieldToEvents } from '../util/yield-to-events';

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
  /** Some feature is text: SPARSE_FAMILIES then read it as a sparse word + char n-gram tail. */
  hasText: boolean;
  /** Fitted features and matrices per fold rows and feature options, shared by configurations (see prepared). */
  cache?: FeatureCache;
}

/** Prepared matrices of one fold for one feature recipe. */
interface Prepared {
  features: FittedFeatures;
  train: Matrix;
  valid: Matrix | null;
}

/** Caches prepared folds by their fit-rows array (stable per split) and recipe, up to a memory bound. */
export interface FeatureCache {
  byRows: WeakMap<Int32Array, Map<string, Prepared>>;
  bytes: number;
}

/** Bytes of cached matrices kept at most (beyond it folds are prepared again for each configuration). */
const CACHE_BYTES = 1.5e9;

function matrixBytes(m: Matrix | null): number {
  return m ? m.X.byteLength + (m.tail ? m.tail.values.byteLength * 1.5 : 0) : 0;
}

/** Validation rows in the order trials store their predictions: the first repetition's folds, in fold order. */
export function validationRows(split: Split): Int32Array {
  return Int32Array.from(split.folds.filter((f) => f.repeat === 0).flatMap((f) => Array.from(f.val)));
}

export interface Trial {
  family: TrainableFamily;
  params: Params;
  /** Validation predictions aligned with data.valRows: n×k (the mean over k-fold repetitions). */
  valPred: Float64Array;
  /** Test predictions of the final pipeline, aligned with split.test: n×k. */
  testPred: Float64Array;
  /** One pipeline, or with k folds the equal-weight bag of the first repetition's fold models. */
  pipeline: SinglePipeline | EnsemblePipeline;
  /** k-fold repetitions that finished before the deadline. */
  repeats: number;
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
  /** Text was read as a sparse tail (predictions must build the same layout). */
  sparse: boolean;
}

async function fitOn(
  data: TrainData,
  family: TrainableFamily,
  params: Params,
  fitRows: Int32Array,
  valRows: Int32Array | null,
  extra: Pick<FitInput, 'signal' | 'deadline' | 'onIteration'>,
): Promise<FitResult> {
  const { target } = data;
  const sparse = data.hasText && SPARSE_FAMILIES.has(family);
  const splineKnots = typeof params.splines === 'number' ? params.splines : 0;
  const { features, train: m, valid: v } = prepared(data, styleOf(family), splineKnots, sparse, fitRows, valRows);
  const valid =
    v && valRows ? { X: v.X, n: v.n, y: targetSlice(target, valRows), ...(v.tail ? { tail: v.tail } : {}) } : undefined;
  const { model, bestIteration } = await fitFamily(
    family,
    {
      X: m.X,
      n: m.n,
      p: m.p,
      ...(m.tail ? { tail: m.tail } : {}),
      y: targetSlice(target, fitRows),
      task: target.info.kind,
      nClasses: target.info.nClasses,
      weights:
        data.plan.classWeights && target.info.kind !== 'regression' ? balancedWeights(target.info, fitRows) : undefined,
      valid,
      seed: data.seed,
      ...extra,
    },
    params,
  );
  return { features, model, bestIteration, sparse };
}

/** Features fitted on fitRows with their training and validation matrices, from the cache when there. */
function prepared(
  data: TrainData,
  style: FeatureStyle,
  splineKnots: number,
  sparse: boolean,
  fitRows: Int32Array,
  valRows: Int32Array | null,
): Prepared {
  const key = `${style}|${splineKnots}|${sparse ? 1 : 0}|${valRows ? valRows.length : -1}`;
  const hit = data.cache?.byRows.get(fitRows)?.get(key);
  if (hit) return hit;
  const { frame, plan, target } = data;
  const features = fitFeatures(frame, plan, target.info, fitRows, style, { splineKnots, sparseText: sparse });
  const train = trainMatrix(frame, features, target.info, fitRows, { sparseText: sparse });
  const valid = valRows ? featureMatrix(frame, features, valRows, { sparseText: sparse }) : null;
  const out = { features, train, valid };
  const cache = data.cache;
  const bytes = matrixBytes(train) + matrixBytes(valid);
  if (cache && cache.bytes + bytes <= CACHE_BYTES) {
    let byKey = cache.byRows.get(fitRows);
    if (!byKey) cache.byRows.set(fitRows, (byKey = new Map()));
    byKey.set(key, out);
    cache.bytes += bytes;
  }
  return out;
}

function predictRows(data: TrainData, fr: FitResult, rows: Int32Array): Float64Array {
  const m = featureMatrix(data.frame, fr.features, rows, { sparseText: fr.sparse });
  const C = data.target.info.kind === 'regression' ? 0 : data.target.info.nClasses;
  return predictModel(fr.model, m.X, m.n, m.p, C, m.tail);
}

/**
 * Cross-validates (or holds out) one configuration: preprocessing and model fitted on each fold's training rows
 * only, predictions on its validation rows (averaged over k-fold repetitions). With k folds the final pipeline is
 * the bag of the first repetition's fold models (equal weights), which also scores the test rows; with one holdout
 * the fold model is final. Repetitions after the first are skipped once the deadline has passed.
 */
export async function runConfig(
  data: TrainData,
  family: TrainableFamily,
  params: Params,
  ctx: {
    signal: AbortSignal;
    deadline: number;
    onIteration: (fold: number, step: number, loss: number | null, fraction: number) => void;
    /** Asked after the first k-fold repetition with its out-of-fold rows (aligned with valRows): repeat or not.
     * Repetitions only sharpen the choice among contenders, so a clearly weaker configuration stops there. */
    repeatIf?: (firstPass: Float64Array) => boolean;
    /** Give up (CodedError 'limit-exceeded') when the deadline passes before the first repetition's folds are all
     * fitted: the remaining folds would only overrun the budget for a model that cannot be evaluated in it. */
    abandonLate?: boolean;
  },
): Promise<Trial> {
  const t0 = performance.now();
  const k = outWidth(data.target);
  const { split, valRows } = data;
  const pos = new Map<number, number>();
  valRows.forEach((r, i) => pos.set(r, i));
  const sum = new Float64Array(valRows.length * k);
  const count = new Float64Array(valRows.length);
  const iters: number[] = [];
  const bag: FitResult[] = [];
  let repeats = 0;
  const nFolds = split.folds.length;
  for (let f = 0; f < nFolds; f++) {
    await yieldToEvents();
    if (ctx.signal.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
    const fold = split.folds[f];
    if (fold.repeat > 0 && Date.now() > ctx.deadline) break;
    if (fold.repeat === 0 && f > 0 && ctx.abandonLate && Date.now() > ctx.deadline)
      throw new CodedError('limit-exceeded', 'The time budget ran out before this model finished cross-validation.');
    if (fold.repeat === 1 && fold === split.folds.find((g) => g.repeat === 1) && ctx.repeatIf) {
      const first = new Float64Array(sum.length);
      for (let i = 0; i < valRows.length; i++) for (let c = 0; c < k; c++) first[i * k + c] = sum[i * k + c] / count[i];
      if (!ctx.repeatIf(first)) break;
    }
    const fr = await fitOn(data, family, params, fold.fit, fold.val, {
      signal: ctx.signal,
      deadline: ctx.deadline,
      onIteration: (step, loss, frac) => ctx.onIteration(f, step, loss, (f + frac) / nFolds),
    });
    if (fr.bestIteration) iters.push(fr.bestIteration);
    const pred = predictRows(data, fr, fold.val);
    for (let i = 0; i < fold.val.length; i++) {
      const at = pos.get(fold.val[i]) as number;
      for (let c = 0; c < k; c++) sum[at * k + c] += pred[i * k + c];
      count[at]++;
    }
    if (fold.repeat === 0) bag.push(fr);
    repeats = fold.repeat + 1;
  }
  const valPred = new Float64Array(valRows.length * k);
  for (let i = 0; i < valRows.length; i++) for (let c = 0; c < k; c++) valPred[i * k + c] = sum[i * k + c] / count[i];
  const members = bag.map((fr) => pipelineOf(data, fr));
  const testPred = new Float64Array(split.test.length * k);
  for (const fr of bag) {
    const p = predictRows(data, fr, split.test);
    for (let i = 0; i < p.length; i++) testPred[i] += p[i] / bag.length;
  }
  const pipeline: SinglePipeline | EnsemblePipeline =
    members.length === 1
      ? members[0]
      : ({
          kind: 'ensemble',
          task: data.target.info.kind,
          target: data.targetName,
          ...(data.target.classes ? { classes: data.target.classes } : {}),
          inputs: unionInputs(members.map((m) => m.inputs)),
          members: members.map((m) => ({ weight: 1 / members.length, pipeline: m, bag: 0 })),
        } satisfies EnsemblePipeline);
  return {
    family,
    params,
    valPred,
    testPred,
    pipeline,
    repeats,
    bestIteration: iters.length ? Math.round(mean(iters)) : undefined,
    fitSeconds: (performance.now() - t0) / 1000,
  };
}

/** Every raw input any of the pipelines reads, first occurrence first. */
export function unionInputs(lists: Array<FittedPipeline['inputs']>): FittedPipeline['inputs'] {
  const seen = new Map<string, FittedPipeline['inputs'][number]>();
  for (const l of lists) for (const i of l) if (!seen.has(i.name)) seen.set(i.name, i);
  return [...seen.values()];
}

/** The members of a trial's pipeline as weighted single pipelines tagged with `bag` (a bag is flattened). */
export function flatMembers(
  p: SinglePipeline | EnsemblePipeline,
  weight: number,
  bag: number,
): EnsemblePipeline['members'] {
  return p.kind === 'single'
    ? [{ weight, pipeline: p, bag }]
    : p.members.map((m) => ({ weight: weight * m.weight, pipeline: m.pipeline, bag }));
}

function pipelineOf(data: TrainData, fr: FitResult): SinglePipeline {
  return {
    kind: 'single',
    task: data.target.info.kind,
    target: data.targetName,
    ...(data.target.classes ? { classes: data.target.classes } : {}),
    inputs: fr.features.inputs,
    steps: fr.features.steps,
    featureNames: fr.features.featureNames,
    model: fr.model,
  };
}

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}
