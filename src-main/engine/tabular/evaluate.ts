import { CodedError } from '@shared/errors';
import type { PreprocessPlan } from '@shared/project';
import type { Frame } from '../frame/load-frame';
import type { EnsemblePipeline, FittedPipeline, SinglePipeline, TargetTransform } from '../pipeline/types';
import { untransformed } from '../pipeline/target-transform';
import { fitLogTransform, logShift, logTargets } from './log-target';
import type { FitInput, Params } from '../models/fit-types';
import { fitFamily, SPARSE_FAMILIES, styleOf, type TrainableFamily } from '../models/registry';
import { predictModel } from '../models/predict-model';
import { fitFeatures, type FeatureStyle, type FittedFeatures, type TextGrams } from '../preprocess/fit-steps';
import type { Matrix } from '../preprocess/transform';
import { featureMatrix, trainMatrix } from '../preprocess/train-matrix';
import type { Fold, Split } from './split';
import { balancedWeights, type PreparedTarget } from './target';
import { yieldToEvents } from '../util/yield-to-events';
import { budgetNow } from '../util/budget-clock';

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
  /** The test rows' matrix, built on first use (testMatrix). */
  test?: Matrix;
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
  /** Boosting's validation loss per round (k-fold: all rounds grown are kept, see commonRounds). */
  curve?: number[];
  /** Text was read as a sparse tail (predictions must build the same layout). */
  sparse: boolean;
  /** The fold's prepared matrices (shared with other configurations through the cache). */
  prep: Prepared;
  /** Regression fitted on a transformed target (params.target_transform): how its outputs are turned back. */
  transform?: TargetTransform;
  /** With a transform: the fit rows' targets on its scale (its smearing factor is re-estimated when rounds are cut). */
  zFit?: Float64Array;
}

/** The sparse text recipe a linear configuration asks for (params.text): 'chars', or word + char n-grams. */
export function textGramsOf(params: Params): TextGrams {
  return params.text === 'chars' ? 'chars' : 'words+chars';
}

/** The target transform a configuration asks for (regression only): 'log' or none. */
export function targetTransformOf(params: Params): 'log' | undefined {
  return params.target_transform === 'log' ? 'log' : undefined;
}

export async function fitOn(
  data: TrainData,
  family: TrainableFamily,
  params: Params,
  fitRows: Int32Array,
  valRows: Int32Array | null,
  extra: Pick<FitInput, 'signal' | 'deadline' | 'onIteration' | 'keepAllRounds'>,
): Promise<FitResult> {
  const { target } = data;
  const sparse = data.hasText && SPARSE_FAMILIES.has(family);
  const splineKnots = typeof params.splines === 'number' ? params.splines : 0;
  const grams = sparse ? textGramsOf(params) : undefined;
  const prep = prepared(data, styleOf(family), splineKnots, grams, fitRows, valRows);
  const { features, train: m, valid: v } = prep;
  // A log-target configuration fits (and early-stops) on log(y + shift); its outputs are turned back on prediction.
  const shift =
    targetTransformOf(params) === 'log' && target.info.kind === 'regression'
      ? logShift(targetSlice(target, fitRows))
      : null;
  if (targetTransformOf(params) === 'log' && shift === null)
    throw new CodedError(
      'invalid-input',
      'A log-scale model needs a target without negative or missing values. Train it without the log scale.',
    );
  const onScale = (y: Float64Array): Float64Array => (shift === null ? y : logTargets(y, shift));
  const yFit = onScale(targetSlice(target, fitRows));
  const valid =
    v && valRows
      ? { X: v.X, n: v.n, y: onScale(targetSlice(target, valRows)), ...(v.tail ? { tail: v.tail } : {}) }
      : undefined;
  const { model, bestIteration, curve } = await fitFamily(
    family,
    {
      X: m.X,
      n: m.n,
      p: m.p,
      ...(m.tail ? { tail: m.tail } : {}),
      y: yFit,
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
  const fr: FitResult = { features, model, bestIteration, curve, sparse, prep };
  return shift === null ? fr : withLogTransform({ ...fr, zFit: yFit }, shift);
}

/** A log-target fit with its transform estimated from its own outputs on the rows it was fitted on. */
function withLogTransform(fr: FitResult, shift: number): FitResult {
  const m = fr.prep.train;
  const z = fr.zFit as Float64Array;
  return { ...fr, transform: fitLogTransform(z, predictModel(fr.model, m.X, m.n, m.p, 0, m.tail), shift) };
}

/** Features fitted on fitRows with their training and validation matrices, from the cache when there. */
function prepared(
  data: TrainData,
  style: FeatureStyle,
  splineKnots: number,
  /** The sparse text recipe, or undefined for dense text features. */
  grams: TextGrams | undefined,
  fitRows: Int32Array,
  valRows: Int32Array | null,
): Prepared {
  const sparse = grams !== undefined;
  const key = `${style}|${splineKnots}|${grams ?? 'dense'}|${valRows ? valRows.length : -1}`;
  const hit = data.cache?.byRows.get(fitRows)?.get(key);
  if (hit) return hit;
  const { frame, plan, target } = data;
  const features = fitFeatures(frame, plan, target.info, fitRows, style, {
    splineKnots,
    sparseText: sparse,
    textGrams: grams,
  });
  const train = trainMatrix(frame, features, target.info, fitRows, { sparseText: sparse });
  const valid = valRows ? featureMatrix(frame, features, valRows, { sparseText: sparse }) : null;
  const out: Prepared = { features, train, valid };
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

/** Test rows beyond which they are scored in blocks of this many (never one matrix, never cached). */
const TEST_BLOCK_ROWS = 200_000;

/**
 * A fitted fold's predictions for the test rows (n×k). Up to TEST_BLOCK_ROWS rows through one matrix cached with the
 * fold; more (a huge table's 20% can be millions of rows, and a wide linear recipe's matrix of them gigabytes) block
 * by block, so memory stays bounded by a block's matrix.
 */
export function predictTest(data: TrainData, fr: FitResult): Float64Array {
  const rows = data.split.test;
  if (rows.length <= TEST_BLOCK_ROWS) return predictOn(data, fr, testMatrix(data, fr));
  const k = outWidth(data.target);
  const out = new Float64Array(rows.length * k);
  for (let at = 0; at < rows.length; at += TEST_BLOCK_ROWS) {
    const block = featureMatrix(data.frame, fr.features, rows.subarray(at, at + TEST_BLOCK_ROWS), {
      sparseText: fr.sparse,
    });
    out.set(predictOn(data, fr, block), at * k);
  }
  return out;
}

/** The test rows' matrix for a fold's features, built once per prepared fold (the test rows never change). */
function testMatrix(data: TrainData, fr: FitResult): Matrix {
  if (fr.prep.test) return fr.prep.test;
  const m = featureMatrix(data.frame, fr.features, data.split.test, { sparseText: fr.sparse });
  const cache = data.cache;
  const bytes = matrixBytes(m);
  if (cache && cache.bytes + bytes <= CACHE_BYTES) {
    fr.prep.test = m;
    cache.bytes += bytes;
  }
  return m;
}

export function predictOn(data: TrainData, fr: FitResult, m: Matrix): Float64Array {
  const C = data.target.info.kind === 'regression' ? 0 : data.target.info.nClasses;
  return untransformed(fr.transform, predictModel(fr.model, m.X, m.n, m.p, C, m.tail));
}

/**
 * One boosting round count for all folds of a configuration: the minimum of their mean validation curve (as
 * lgb.cv / xgb.cv choose it). Each fold stopping at its own best round would score every fold on the very rows
 * that picked its rounds, an optimistic estimate that on small data made boosted trees look better than the
 * linear models they lose to on new rows. A fold that stopped early counts its last loss for the later rounds.
 */
export function commonRounds(curves: number[][]): number {
  const len = Math.max(0, ...curves.map((c) => c.length));
  let best = Infinity;
  let at = len;
  for (let t = 0; t < len; t++) {
    let s = 0;
    for (const c of curves) s += c[Math.min(t, c.length - 1)];
    if (t === 0 || s < best - 1e-12 * Math.abs(best)) {
      best = s;
      at = t + 1;
    }
  }
  return at;
}

/** A boosted fold model cut to its first `rounds` rounds (one tree per output per round). */
function atRounds(fr: FitResult, rounds: number): FitResult {
  const m = fr.model;
  if (m.family !== 'gradient_boosting' || !fr.curve) return fr;
  const perRound = m.baseScore.length;
  const cut = { ...fr, model: { ...m, trees: m.trees.slice(0, rounds * perRound) }, bestIteration: rounds };
  return fr.transform ? withLogTransform(cut, fr.transform.shift) : cut;
}

/**
 * Cross-validates (or holds out) one configuration: preprocessing and model fitted on each fold's training rows
 * only, predictions on its validation rows (averaged over k-fold repetitions). With k folds the final pipeline is
 * the bag of the first repetition's fold models (equal weights), which also scores the test rows; with one holdout
 * the fold model is final. Repetitions after the first are skipped once the deadline has passed. Boosted k-fold
 * models share one round count (commonRounds).
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
  const t0 = budgetNow();
  const { split } = data;
  const kfold = split.mode === 'kfold';
  const fits: Array<{ fold: Fold; fr: FitResult }> = [];
  const nFolds = split.folds.length;
  for (let f = 0; f < nFolds; f++) {
    await yieldToEvents();
    if (ctx.signal.aborted) throw new CodedError('cancelled', 'Training was cancelled.');
    const fold = split.folds[f];
    if (fold.repeat > 0 && budgetNow() > ctx.deadline) break;
    if (fold.repeat === 0 && f > 0 && ctx.abandonLate && budgetNow() > ctx.deadline)
      throw new CodedError('limit-exceeded', 'The time budget ran out before this model finished cross-validation.');
    if (fold.repeat === 1 && fits.every((x) => x.fold.repeat === 0) && ctx.repeatIf) {
      if (!ctx.repeatIf(outOfFold(data, cutToCommonRounds(fits)))) break;
    }
    const fr = await fitOn(data, family, params, fold.fit, fold.val, {
      signal: ctx.signal,
      deadline: ctx.deadline,
      keepAllRounds: kfold,
      onIteration: (step, loss, frac) => ctx.onIteration(f, step, loss, (f + frac) / nFolds),
    });
    fits.push({ fold, fr });
  }
  const final = cutToCommonRounds(fits);
  const valPred = outOfFold(data, final);
  const firsts = final.filter((x) => x.fold.repeat === 0);
  const bag = firsts.map((x) => forBag(x.fr, firsts.length));
  const members = bag.map((fr) => pipelineOf(data, fr));
  const k = outWidth(data.target);
  const testPred = new Float64Array(split.test.length * k);
  for (const fr of bag) {
    const p = predictTest(data, fr);
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
  const iters = final.map((x) => x.fr.bestIteration).filter((v): v is number => v !== undefined);
  return {
    family,
    params,
    valPred,
    testPred,
    pipeline,
    repeats: Math.max(0, ...final.map((x) => x.fold.repeat + 1)),
    bestIteration: iters.length ? Math.round(mean(iters)) : undefined,
    fitSeconds: (budgetNow() - t0) / 1000,
  };
}

/**
 * A forest's fold model as one of a bag of k: its first ceil(2T/k) trees, so the bag holds about 2T trees (the trees
 * of a forest are exchangeable draws) instead of k·T, which made model.onnx, explainer.json and every exact explanation
 * k/2 times larger (5 x 150 full-depth trees on 1,600 rows: 34 MB of ONNX, 6-7 s CPU for ames' explainer and 10-row
 * summary). Out-of-fold scores are the full fold models'. bench/export/forest-bag.ts, 10 sets, test score of 5 x 60
 * vs 5 x 150 trees: >= on 8 (ames -0.0003, attrition -0.0068: one row). Boosting is left whole (its rounds are chosen).
 */
function forBag(fr: FitResult, k: number): FitResult {
  const m = fr.model;
  if (k < 2 || !('trees' in m) || m.aggregate !== 'mean') return fr;
  const keep = Math.ceil((2 * m.trees.length) / k);
  return keep >= m.trees.length ? fr : { ...fr, model: { ...m, trees: m.trees.slice(0, keep) } };
}

/** Boosted fold models with their validation curves, cut to the rounds that are best on average over the folds. */
function cutToCommonRounds(fits: Array<{ fold: Fold; fr: FitResult }>): Array<{ fold: Fold; fr: FitResult }> {
  const curves = fits.map((x) => x.fr.curve).filter((c): c is number[] => c !== undefined && c.length > 0);
  if (curves.length < 2 || curves.length !== fits.length) return fits;
  const rounds = commonRounds(curves);
  return fits.map((x) => ({ fold: x.fold, fr: atRounds(x.fr, rounds) }));
}

/** Out-of-fold predictions aligned with data.valRows: the mean over the repetitions that fitted each row. */
function outOfFold(data: TrainData, fits: Array<{ fold: Fold; fr: FitResult }>): Float64Array {
  const { valRows } = data;
  const k = outWidth(data.target);
  const pos = new Map<number, number>();
  valRows.forEach((r, i) => pos.set(r, i));
  const sum = new Float64Array(valRows.length * k);
  const count = new Float64Array(valRows.length);
  for (const { fold, fr } of fits) {
    const m = fr.prep.valid ?? featureMatrix(data.frame, fr.features, fold.val, { sparseText: fr.sparse });
    const pred = predictOn(data, fr, m);
    for (let i = 0; i < fold.val.length; i++) {
      const at = pos.get(fold.val[i]) as number;
      for (let c = 0; c < k; c++) sum[at * k + c] += pred[i * k + c];
      count[at]++;
    }
  }
  const out = new Float64Array(valRows.length * k);
  for (let i = 0; i < valRows.length; i++) for (let c = 0; c < k; c++) out[i * k + c] = sum[i * k + c] / count[i];
  return out;
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

export function pipelineOf(data: TrainData, fr: FitResult): SinglePipeline {
  return {
    kind: 'single',
    task: data.target.info.kind,
    target: data.targetName,
    ...(data.target.classes ? { classes: data.target.classes } : {}),
    inputs: fr.features.inputs,
    steps: fr.features.steps,
    featureNames: fr.features.featureNames,
    model: fr.model,
    ...(fr.transform ? { targetTransform: fr.transform } : {}),
  };
}

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}
