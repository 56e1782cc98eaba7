import type { ModelFamily } from '@shared/tasks';
import { CodedError } from '@shared/errors';
import type { FittedModel } from '../pipeline/types';
import type { FeatureStyle } from '../preprocess/fit-steps';
import type { FitInput, Params } from './fit-types';
import { fitForest } from './forest';
import { fitGbm } from './gbm';
import { fitKernel } from './kernel';
import { validateParams } from './hyperparams';
import { fitLinearRegression } from './linear';
import { fitLogistic } from './logistic';
import { fitMlp } from './mlp';
import { fitNaiveBayes } from './naive-bayes';
import { fitSvm } from './svm';

/** The tabular model families this engine fits (issue 3). */
export type TrainableFamily = Extract<
  ModelFamily,
  | 'linear'
  | 'ridge'
  | 'lasso'
  | 'elasticnet'
  | 'polynomial'
  | 'logistic'
  | 'svm'
  | 'random_forest'
  | 'extra_trees'
  | 'gradient_boosting'
  | 'mlp'
  | 'naive_bayes'
  | 'kernel'
>;

export function isTrainableFamily(f: string): f is TrainableFamily {
  return (
    (REGRESSION_FAMILIES as readonly string[]).includes(f) || (CLASSIFICATION_FAMILIES as readonly string[]).includes(f)
  );
}

export const REGRESSION_FAMILIES: readonly TrainableFamily[] = [
  'linear',
  'ridge',
  'lasso',
  'elasticnet',
  'polynomial',
  'random_forest',
  'extra_trees',
  'gradient_boosting',
  'mlp',
  'kernel',
];
export const CLASSIFICATION_FAMILIES: readonly TrainableFamily[] = [
  'logistic',
  'svm',
  'random_forest',
  'extra_trees',
  'gradient_boosting',
  'mlp',
  'naive_bayes',
  'kernel',
];

/** Families that read text as a sparse tail of word and char n-gram TF-IDF (FitInput.tail). */
export const SPARSE_FAMILIES: ReadonlySet<ModelFamily> = new Set<ModelFamily>(['logistic', 'svm']);

const TREES = new Set<ModelFamily>(['gradient_boosting', 'random_forest', 'extra_trees']);

/** Trees read raw numbers and ordinal codes; everything else wants one-hot and scaled inputs. */
export function styleOf(family: ModelFamily): FeatureStyle {
  return TREES.has(family) ? 'tree' : 'linear';
}

/** A fitted model plus what the fit learned about itself (rounds kept by early stopping, boosting's validation loss
 * per round). */
export type FitOutcome = { model: FittedModel; bestIteration?: number; curve?: number[] };

/** Validates hyperparameters, then fits one model family on a prepared matrix. */
export async function fitFamily(family: TrainableFamily, input: FitInput, params: Params): Promise<FitOutcome> {
  validateParams(family, params);
  const isReg = input.task === 'regression';
  if ((isReg && !REGRESSION_FAMILIES.includes(family)) || (!isReg && !CLASSIFICATION_FAMILIES.includes(family))) {
    throw new CodedError(
      'task-unsupported',
      `${family} does not fit ${isReg ? 'regression' : 'classification'}. Choose one of: ${(isReg ? REGRESSION_FAMILIES : CLASSIFICATION_FAMILIES).join(', ')}.`,
    );
  }
  switch (family) {
    case 'linear':
    case 'ridge':
    case 'lasso':
    case 'elasticnet':
    case 'polynomial':
      return { model: fitLinearRegression(family, input, params) };
    case 'logistic':
      return { model: fitLogistic(input, params) };
    case 'svm':
      return { model: fitSvm(input, params) };
    case 'naive_bayes':
      return { model: fitNaiveBayes(input, params) };
    case 'kernel':
      return { model: fitKernel(input, params) };
    case 'random_forest':
    case 'extra_trees': {
      // Trees actually grown (fewer than asked when the budget deadline cut the fit short).
      const model = fitForest(family, input, params);
      return { model, bestIteration: model.trees.length };
    }
    case 'gradient_boosting': {
      const { bestIteration, curve, ...model } = fitGbm(input, params);
      return { model, bestIteration, curve };
    }
    case 'mlp': {
      const { bestIteration, ...model } = await fitMlp(input, params);
      return { model, bestIteration };
    }
  }
}
