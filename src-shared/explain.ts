/**
 * Explanations as they cross from the engine to the screens, the report and the CLI: why a model predicted what it
 * did for one row (a waterfall from the average prediction to the prediction), and what drives it over many rows
 * (the training-time summary kept as the explanations artifact). Plain data only.
 */

/** What the contributions add up to: the value (regression), log-odds of the class (binary with a logistic link),
 * each class's softmax score (multiclass), a probability (forests, ensembles of classifiers, sampled models), or the
 * log of the value (a regression model fitted on a log scale, explained exactly on that scale). */
export type ExplainScale = 'value' | 'log-value' | 'log-odds' | 'logit' | 'probability';

/** tree / linear / weighted-sum are exact (SHAP values to rounding); rescaled-sum is a weighted sum in which
 * log-scale regression members' exact values are rescaled to the value (they add up exactly; engine
 * explain/log-scale.ts); sampling is an estimate. */
export type ExplainMethod = 'tree' | 'linear' | 'weighted-sum' | 'rescaled-sum' | 'sampling';

export interface ExplainHow {
  method: ExplainMethod;
  exact: boolean;
  scale: ExplainScale;
  /** Sampling only: permutations per row and the training rows they start from (seeded, reproducible). */
  sampling?: { permutations: number; background: number; seed: number };
}

/** One row explained: every column's effect, from the average (base) to this row's output. */
export interface RowExplanation extends ExplainHow {
  /** What is explained: the target (regression) or a class. */
  output: string;
  /** The average explained output over the training rows. */
  base: number;
  /** This row's explained output: base + the sum of the effects. */
  value: number;
  /** Every column, largest |effect| first; `value` is the row's cell as read (null = empty). */
  contributions: Array<{ column: string; value: string | null; effect: number }>;
}

/** The explanations artifact: what drives the model over held-out rows (computed when training ends). */
export interface ModelExplanations {
  formatVersion: 1;
  modelId: string;
  target: string;
  /** The output the charts describe: the target, the positive class (binary) or the most predicted class. */
  output: string;
  how: ExplainHow;
  /** Held-out rows explained. */
  rows: number;
  base: number;
  /** Every column by mean |effect|, largest first; `direction`: whether higher values push the output up or down
   * (null for columns without an order: categories, text). */
  columns: Array<{ column: string; meanAbs: number; direction: 'up' | 'down' | 'mixed' | null }>;
  /** The top columns' effect per explained row, and each row's value as a 0..1 rank (null: missing, unordered). */
  beeswarm: Array<{ column: string; effects: number[]; color: Array<number | null> }>;
  /** Effect against the column's value for the top columns; coloured by the column it interacts with most. */
  dependence: ExplanationDependence[];
  /** Average prediction (and a few single rows) as one column changes and the rest of each row stays. */
  partialDependence: PartialDependence[];
  /** A few held-out rows explained in full (the waterfall of a chosen row); `row` is the 0-based data row. */
  examples: ExplainedExample[];
}

/** One held-out row: its prediction as the model states it (a value or a class) and why. */
/**
 * Fewest explained rows for the charts over rows (dependence, partial dependence): a sampled model short of time may
 * be explained over a single row, and a "curve" through one point reads as a finding (Chile's vote, a stack on a
 * 15 s budget: four dependence and four partial-dependence charts of one dot each). The rows' own waterfalls stay.
 */
export const MIN_PATTERN_ROWS = 10;

export interface ExplainedExample {
  row: number;
  prediction: string;
  actual: string | null;
  explanation: RowExplanation;
}

export type ExplanationDependence =
  | {
      kind: 'numeric';
      column: string;
      /** Epoch ms when the column is a date. */
      date?: boolean;
      x: Array<number | null>;
      effects: number[];
      interaction: { column: string; color: Array<number | null> } | null;
    }
  | {
      kind: 'categorical';
      column: string;
      categories: Array<{ label: string; meanEffect: number; rows: number }>;
    };

export interface PartialDependence {
  column: string;
  /** Output scale of the curves: the predicted value, or the probability of `output`. */
  scale: 'value' | 'probability';
  kind: 'numeric' | 'categorical';
  date?: boolean;
  /** Numeric: grid values; categorical: the labels. */
  grid: number[];
  labels?: string[];
  average: number[];
  /** A few rows' curves (individual conditional expectation). */
  ice: number[][];
}

/** A person's words for the scale, e.g. "log-odds of 'yes'". */
export function scaleWords(how: ExplainHow, output: string): string {
  switch (how.scale) {
    case 'value':
      return output;
    case 'log-value':
      return `log of '${output}'`;
    case 'log-odds':
      return `log-odds of '${output}'`;
    case 'logit':
      return `score of '${output}'`;
    case 'probability':
      return `probability of '${output}'`;
  }
}

/** How the explanation was computed, in one short phrase. */
export function methodWords(how: ExplainHow): string {
  switch (how.method) {
    case 'tree':
      return 'exact (TreeSHAP)';
    case 'linear':
      return 'exact (linear SHAP)';
    case 'weighted-sum':
      return "exact (weighted sum of the members' SHAP values)";
    case 'rescaled-sum':
      return "exact (weighted sum of the members' SHAP values, log-scale members' rescaled to the value)";
    case 'sampling':
      return how.sampling
        ? `approximate (permutation sampling: ${how.sampling.permutations} orders against ${how.sampling.background} training rows)`
        : 'approximate (permutation sampling)';
  }
}

/**
 * How the what-if form offers one model input: a list of the values the model knows (categories), yes/no, a
 * number with the training data's range, a date with its range, or free text.
 */
export type WhatIfControl = (
  | { column: string; kind: 'choice'; options: string[] }
  | { column: string; kind: 'boolean' }
  | { column: string; kind: 'number'; min?: number; max?: number; integer: boolean }
  | { column: string; kind: 'date'; min?: string; max?: string }
  | { column: string; kind: 'text' }
) & {
  /** The column's name as the training file wrote it, where the app's differs ('price' beside 'Price'). */
  written?: string;
};

/** One row scored and explained (the Predict screen's waterfall and what-if form). */
export interface ExplainedPrediction {
  /** The prediction as the model states it: a value, or the most likely class. */
  prediction: string;
  /** Classifiers: every class's probability, in the model's class order. */
  probabilities?: Array<{ label: string; probability: number }>;
  explanation: RowExplanation;
  /** The model's inputs as the what-if form offers them, in the model's input order. */
  controls?: WhatIfControl[];
}

/**
 * Whether explainer.json travels with the exported model: for every table model of a project whose training made
 * explanations (the best model's file is written at training; another chosen model's is made at export).
 */
export function explainerTravels(
  training: { explanations?: { modelId: string }; bestModelId: string | null } | undefined,
  chosenModelId: string | null | undefined,
): boolean {
  return training?.explanations !== undefined && (chosenModelId ?? training.bestModelId) !== null;
}
