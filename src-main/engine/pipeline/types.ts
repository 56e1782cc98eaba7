/**
 * A fitted tabular pipeline as plain JSON: raw columns in, prediction out.
 * This is the contract between the trainer (engine), the ONNX writer, predict, the report and the notebook.
 * Features are produced by `steps` in order and concatenated into one float vector per row;
 * the model reads that vector. Nothing here holds class instances: it is written to pipeline.json as is.
 */

import type { DatePart } from '../preprocess/datetime';

export type InputKind = 'numeric' | 'categorical' | 'text' | 'datetime' | 'boolean';

/** One raw input column. ONNX input name = `name`; numeric/boolean/datetime arrive as float
 * (datetime as epoch milliseconds), categorical/text as string; missing = NaN or "". */
export interface InputSpec {
  name: string;
  kind: InputKind;
}

export type FeatureStep =
  /** x -> (isNaN(x) ? impute : x - center) / scale, plus an optional 0/1 missing indicator. `impute` is in centred
   * units (fill value minus center), divided by scale like any value. */
  | { kind: 'numeric'; column: string; impute: number; center: number; scale: number; indicator: boolean }
  /** Piecewise-linear spline basis for linear models: z = (isNaN(x) ? impute : x - center) / scale as in the numeric
   * step, then one feature max(0, z - knot) per knot (knots increasing, in z units). Paired with a numeric step on the
   * same column, a linear model on these features is any continuous piecewise-linear function of x. */
  | { kind: 'spline'; column: string; impute: number; center: number; scale: number; knots: number[] }
  /** One 0/1 feature per category; an unseen or missing value gives all zeros. */
  | { kind: 'onehot'; column: string; categories: string[] }
  /** Category -> integer code (unseen/missing -> -1), one feature; trees split on it natively. */
  | { kind: 'ordinal'; column: string; categories: string[] }
  /** Category -> smoothed target statistic per output (1 value for regression/binary, C for multiclass). */
  | { kind: 'target'; column: string; categories: string[]; values: number[][]; fallback: number[] }
  /** Epoch ms -> selected calendar parts (UTC); dayofweek counts Monday as 0. */
  | { kind: 'datetime'; column: string; parts: DatePart[] }
  /** Lower-cased text, split on non-word characters, vocabulary n-grams, tf * idf, L2-normalised (the squared sum
   * added with `halvingSum` from tfidf-rows.ts, so the ONNX graph gives bit-identical features).
   * analyzer 'word' (default): n-grams of words joined by one space. 'char_wb': character n-grams inside each word
   * padded with one space on each side (" word "), as scikit-learn's char_wb on the word tokens.
   * sublinear: tf = 1 + ln(count) (count capped at SUBLINEAR_MAX_COUNT, read from a fixed table).
   * maxTokens: only the first maxTokens tokens of a cell are used (bounds the cost of char n-grams on long texts).
   * tokens: how a cell is split into tokens (text-terms.ts Tokens); absent = 'ascii' (models saved before it). */
  | {
      kind: 'tfidf';
      column: string;
      vocabulary: string[];
      idf: number[];
      ngram: [number, number];
      analyzer?: 'word' | 'char_wb';
      sublinear?: boolean;
      maxTokens?: number;
      tokens?: 'ascii' | 'unicode';
    };

export interface LinearModel {
  family: 'linear' | 'ridge' | 'lasso' | 'elasticnet' | 'polynomial' | 'logistic' | 'svm';
  /** For polynomial: degree-2 expansion applied to the feature vector first (pairs i<=j appended). */
  polynomialDegree?: 1 | 2;
  /** coef[o][f]: one row per output (1 for regression/binary, C for multiclass). */
  coef: number[][];
  intercept: number[];
  link: 'identity' | 'logistic' | 'softmax';
}

/** A binary tree in flat arrays. A node is a leaf when left[i] === -1. */
export interface Tree {
  feature: number[];
  threshold: number[];
  /** Go left when x < threshold, or when x is NaN and missingLeft[i]. */
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Leaf values: one per output (values[i] has length nOutputs). */
  values: number[][];
}

export interface TreeModel {
  family: 'gradient_boosting' | 'random_forest' | 'extra_trees';
  trees: Tree[];
  /** Gradient boosting: raw = base + sum(tree). Forests: raw = mean(tree). */
  aggregate: 'sum' | 'mean';
  baseScore: number[];
  /** logistic/softmax for boosted classifiers; forests average probabilities directly (identity). */
  link: 'identity' | 'logistic' | 'softmax';
}

export interface MlpModel {
  family: 'mlp';
  /** weights[l] is [inputs][outputs] row-major as nested arrays; activation applies after each hidden layer. */
  layers: Array<{ weights: number[][]; bias: number[]; activation: 'relu' | 'tanh' | 'linear' }>;
  link: 'identity' | 'logistic' | 'softmax';
  /** Regression targets were standardised: y = raw * yScale + yCenter. */
  yCenter?: number;
  yScale?: number;
}

/**
 * RBF kernel model (issue 13): each landmark j (a training row's features) gives the feature
 * k_j(x) = exp(-gamma * ||x - landmarks[j]||^2), and a linear layer reads them: raw[o] = bias[o] + weights[o] . k(x).
 * Kernel logistic regression (classification) or kernel ridge regression on the landmarks' span.
 */
export interface KernelModel {
  family: 'kernel';
  gamma: number;
  /** landmarks[j]: one training row's F features. */
  landmarks: number[][];
  /** weights[o][j]: one row per output (1 for regression/binary, C for multiclass), one weight per landmark. */
  weights: number[][];
  bias: number[];
  link: 'identity' | 'logistic' | 'softmax';
}

export interface NaiveBayesModel {
  family: 'naive_bayes';
  kind: 'gaussian' | 'multinomial';
  classLogPrior: number[];
  /** gaussian: means[c][f], variances[c][f]; multinomial: featureLogProb[c][f] in `means`. */
  means: number[][];
  variances?: number[][];
}

export type FittedModel = LinearModel | TreeModel | MlpModel | NaiveBayesModel | KernelModel;

/**
 * A regression model fitted on log(y + shift) instead of y (issue 13): the model's raw output r is on that log scale
 * and the prediction is factor * exp(min(max(r, low), high)) - shift. `factor` is Duan's smearing estimate (the mean
 * of exp(residual) on the rows it was fitted on), which turns the back-transformed median into a mean; low/high
 * are the smallest and largest log target it was fitted on, so an extrapolating model cannot blow up through exp.
 */
export interface TargetTransform {
  kind: 'log';
  shift: number;
  factor: number;
  low: number;
  high: number;
}

/**
 * Output semantics: for regression, the model's single raw output is the prediction.
 * For classification, the model produces probabilities over `classes` (binary: one raw output p(class[1])
 * expanded to [1-p, p]); the label is the argmax, or for a binary pipeline with `decisionThreshold` t, classes[1]
 * when p(classes[1]) + (1 - 2t) > p(classes[0]) (metrics/classification.ts predictedClasses; the ONNX graph adds
 * [0, 1 - 2t] before its ArgMax). Only the top-level pipeline's threshold is read (not an ensemble member's).
 */
export interface SinglePipeline {
  kind: 'single';
  task: 'regression' | 'binary' | 'multiclass';
  target: string;
  classes?: string[];
  inputs: InputSpec[];
  /** Binary only: the decision threshold of p(classes[1]), chosen out of fold for the run's metric. */
  decisionThreshold?: number;
  steps: FeatureStep[];
  /** Names of the features the steps produce, in order (for importance and the report). */
  featureNames: string[];
  model: FittedModel;
  /** Regression only: the model predicts a transformed target; the prediction is its inverse (see TargetTransform). */
  targetTransform?: TargetTransform;
}

export interface EnsemblePipeline {
  kind: 'ensemble';
  task: 'regression' | 'binary' | 'multiclass';
  target: string;
  classes?: string[];
  inputs: InputSpec[];
  /** As SinglePipeline's. */
  decisionThreshold?: number;
  /** Weighted average of members' predictions (regression) or probabilities (classification). Weights sum to 1.
   * `bag` (optional, ignored when predicting) groups the fold models of one cross-validated configuration: members
   * with the same `bag` are one configuration's k-fold models, averaged. */
  members: Array<{ weight: number; pipeline: SinglePipeline; bag?: number }>;
}

/**
 * Stacking: level-1 models (bases), each the plain mean of its pipelines (one configuration's k-fold models), and a
 * level-2 linear model (the combiner) on their outputs, fitted on out-of-fold predictions. The combiner reads, base
 * after base: the predicted value (regression), p(classes[1]) (binary), or all C probabilities (multiclass), so
 * coef rows have one weight per base (regression, binary) or C per base (multiclass). Its link gives the output:
 * identity (regression), logistic (binary: p(classes[1])), softmax (multiclass). Bases have the stack's classes.
 */
export interface StackPipeline {
  kind: 'stack';
  task: 'regression' | 'binary' | 'multiclass';
  target: string;
  classes?: string[];
  inputs: InputSpec[];
  /** As SinglePipeline's. */
  decisionThreshold?: number;
  bases: Array<{ pipelines: SinglePipeline[] }>;
  /** `penalty` (informational) is the L2 setting it was fitted with: C (logistic) or alpha (ridge). */
  combiner: { coef: number[][]; intercept: number[]; link: 'identity' | 'logistic' | 'softmax'; penalty?: number };
}

export type FittedPipeline = SinglePipeline | EnsemblePipeline | StackPipeline;

/** Columnar input for prediction: numeric columns as Float64Array (NaN = missing), strings as arrays (null = missing). */
export type ColumnData = Float64Array | Array<string | null>;
export type Columns = Record<string, ColumnData>;

/** Predictions for n rows. */
export interface Predictions {
  /** Regression values, or class labels for classifiers. */
  prediction: Array<number | string>;
  /** Row-major [n][C] probabilities for classifiers, classes in `pipeline.classes` order. */
  probabilities?: Float64Array;
}
