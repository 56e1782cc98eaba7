import type { Csr } from '../preprocess/transform';

/** The model-level learning problem: features already produced by the pipeline steps. */
export interface FitInput {
  /** Row-major n×p training matrix. */
  X: Float64Array;
  n: number;
  p: number;
  /** Sparse columns after the p dense ones (features p .. p + tail.p - 1); only SPARSE_FAMILIES accept it. */
  tail?: Csr;
  /** Regression values, or class codes 0..nClasses-1. */
  y: Float64Array;
  task: 'regression' | 'binary' | 'multiclass';
  nClasses: number;
  /** Per-row weights (class weights); undefined = all ones. */
  weights?: Float64Array;
  /** Rows for early stopping and live validation curves (never used to fit). */
  valid?: { X: Float64Array; n: number; y: Float64Array; tail?: Csr };
  signal?: AbortSignal;
  /** Epoch ms after which iterative fits stop adding trees/epochs and keep what they have (budget). */
  deadline?: number;
  seed?: number;
  /** Boosting: return every round grown (up to early stopping's patience past the best), not only the best rounds,
   * with the validation loss curve, so the caller can pick one round count for several folds. */
  keepAllRounds?: boolean;
  /** Called once per iteration (tree round, epoch) with a validation loss when `valid` is given. */
  onIteration?: (step: number, validLoss: number | null, fraction: number) => void;
}

/** Hyperparameters as stored on the leaderboard (numbers, strings, booleans only). */
export type Params = Record<string, number | string | boolean>;

/** Number of model outputs: 1 for regression and binary, C for multiclass. */
export function outputsOf(task: FitInput['task'], nClasses: number): number {
  return task === 'multiclass' ? nClasses : 1;
}
