/**
 * Explanations of a fitted pipeline's predictions: per row, how much each raw input column moved the model's
 * output away from its base value (the average output over the background rows). Contributions plus the base value
 * equal the explained output (local accuracy); exact methods satisfy it to rounding, and so does the sampling
 * estimator (each sampled chain adds up to the row's output minus a background row's).
 */

import type { ExplainMethod, ExplainScale } from '@shared/explain';

export type { ExplainMethod, ExplainScale } from '@shared/explain';

export interface SamplingInfo {
  /** Permutations per explained row (antithetic pairs, each pair against one background row). */
  permutations: number;
  /** Background rows the permutations start from (every one is used equally, so local accuracy is exact). */
  background: number;
  seed: number;
}

/** Contributions for n rows. Arrays are row-major: values[(r * outputs.length + o) * columns.length + g]. */
export interface Explanation {
  /** The players: raw input columns in pipeline.inputs order. */
  columns: string[];
  /** What each output explains: [target] for regression, [classes[1]] for binary, every class for multiclass. */
  outputs: string[];
  scale: ExplainScale;
  method: ExplainMethod;
  /** True for tree, linear, weighted-sum and rescaled-sum methods. */
  exact: boolean;
  sampling?: SamplingInfo;
  n: number;
  /** Base value per output: the average explained output over the background rows. */
  base: Float64Array;
  values: Float64Array;
  /** Sampling only: standard error of each contribution (same layout as values). */
  stderr?: Float64Array;
}

/** JSON-safe columns (NaN as null) for the stored background rows. */
export type StoredColumns = Record<string, Array<number | null> | Array<string | null>>;

/** What the background of one single pipeline needs, in `singlesOf(pipeline)` order. */
export interface SingleBackground {
  /** Tree models: background rows reaching each node, per tree. */
  covers?: number[][];
  /** Linear models: background means of the (expanded) features. */
  means?: number[];
}

/**
 * The background an explanation is measured against, computed once from the training rows and stored beside the
 * model (the bundle's explainer.json). Holds statistics only, except `sample`: a few training rows, present only when
 * part of the model is explained by sampling.
 */
export interface ExplainBackground {
  formatVersion: 1;
  /** Training rows the statistics come from. */
  rows: number;
  singles: SingleBackground[];
  sample?: { columns: StoredColumns; rows: number };
  seed: number;
}
