import { CodedError } from '@shared/errors';
import type { Params } from './fit-types';

/** Allowed ranges (issue 3). Integers are marked so 12.5 trees is refused too. */
export const RANGES: Record<string, { min: number; max: number; integer?: boolean }> = {
  n_estimators: { min: 10, max: 5000, integer: true },
  max_depth: { min: 1, max: 50, integer: true },
  learning_rate: { min: 0.001, max: 0.5 },
  alpha: { min: 1e-4, max: 1000 },
  C: { min: 0.001, max: 100 },
  l1_ratio: { min: 0, max: 1 },
  subsample: { min: 0.1, max: 1 },
  colsample: { min: 0.1, max: 1 },
  reg_lambda: { min: 0, max: 100 },
  min_child_weight: { min: 0, max: 1000 },
  min_samples_leaf: { min: 1, max: 1000, integer: true },
  max_features: { min: 0.05, max: 1 },
  num_leaves: { min: 2, max: 4096, integer: true },
  max_leaves: { min: 2, max: 4096, integer: true },
  min_data_in_leaf: { min: 0, max: 10000 },
  splines: { min: 0, max: 50, integer: true },
  hidden: { min: 4, max: 1024, integer: true },
  epochs: { min: 1, max: 500, integer: true },
  var_smoothing: { min: 1e-12, max: 1 },
  gamma_scale: { min: 0.001, max: 1000 },
};

/** Throws CodedError('hyperparameter-range') naming the parameter, its value and its allowed range. */
export function validateParams(family: string, params: Params): void {
  for (const [name, value] of Object.entries(params)) {
    const r = RANGES[name];
    if (!r || typeof value !== 'number') continue;
    const bad = !Number.isFinite(value) || value < r.min || value > r.max || (r.integer && !Number.isInteger(value));
    if (bad) {
      throw new CodedError(
        'hyperparameter-range',
        `${family}: ${name} = ${value} is out of range. Use ${r.integer ? 'a whole number ' : 'a value '}from ${r.min} to ${r.max}.`,
        { family, name, value, min: r.min, max: r.max },
      );
    }
  }
}

/** A numeric parameter with its default. */
export function num(params: Params, name: string, fallback: number): number {
  const v = params[name];
  return typeof v === 'number' ? v : fallback;
}
