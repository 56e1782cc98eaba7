import type { Params } from '../models/fit-types';
import type { TrainableFamily } from '../models/registry';
import { makeRng } from '../models/trees/rng';

export interface Config {
  family: TrainableFamily;
  params: Params;
}

/** Strong defaults first, in the order that pays off most per second on typical tables. */
const DEFAULTS: Array<Config> = [
  // Linear baselines first: they cost milliseconds and anchor the leaderboard even on a tiny budget.
  { family: 'ridge', params: { alpha: 1 } },
  { family: 'logistic', params: { C: 1 } },
  { family: 'linear', params: {} },
  { family: 'naive_bayes', params: {} },
  {
    family: 'gradient_boosting',
    params: { n_estimators: 500, learning_rate: 0.1, max_depth: 6, max_leaves: 31, min_child_weight: 1, reg_lambda: 1 },
  },
  // scikit-learn HistGradientBoosting-like: leaf-wise 31 leaves, larger leaves, no L2 (strong on small tables).
  {
    family: 'gradient_boosting',
    params: {
      n_estimators: 300,
      learning_rate: 0.1,
      max_depth: 12,
      max_leaves: 31,
      min_child_weight: 'auto',
      reg_lambda: 0,
    },
  },
  { family: 'random_forest', params: { n_estimators: 150 } },
  { family: 'extra_trees', params: { n_estimators: 150 } },
  { family: 'lasso', params: { alpha: 0.01 } },
  { family: 'elasticnet', params: { alpha: 0.01, l1_ratio: 0.5 } },
  { family: 'svm', params: { C: 1 } },
  { family: 'polynomial', params: { alpha: 10 } },
  {
    family: 'gradient_boosting',
    params: {
      n_estimators: 500,
      learning_rate: 0.05,
      max_depth: 8,
      max_leaves: 63,
      min_child_weight: 2,
      reg_lambda: 1,
      subsample: 0.8,
      colsample: 0.8,
    },
  },
  { family: 'mlp', params: { hidden: 64, epochs: 100, learning_rate: 0.003, alpha: 1e-4 } },
  {
    family: 'gradient_boosting',
    params: {
      n_estimators: 500,
      learning_rate: 0.05,
      max_depth: 4,
      max_leaves: 15,
      min_child_weight: 5,
      reg_lambda: 5,
      subsample: 0.8,
      colsample: 0.6,
    },
  },
  { family: 'logistic', params: { C: 0.1 } },
  { family: 'ridge', params: { alpha: 10 } },
];

/** The default portfolio restricted to the chosen families (naive Bayes gets its text flavour when text is present). */
export function defaultPortfolio(families: TrainableFamily[], hasText: boolean): Config[] {
  const allowed = new Set(families);
  return DEFAULTS.filter((c) => allowed.has(c.family)).map((c) =>
    c.family === 'naive_bayes' && hasText ? { ...c, params: { kind: 'multinomial', alpha: 0.1 } } : c,
  );
}

const logUniform = (rng: () => number, lo: number, hi: number): number =>
  Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)));
const round = (v: number, d = 4): number => Number(v.toPrecision(d));

/** One random configuration of a family, sampled inside the allowed hyperparameter ranges. */
export function sampleConfig(family: TrainableFamily, rng: () => number, hasText: boolean): Config {
  switch (family) {
    case 'gradient_boosting': {
      const depth = 3 + Math.floor(rng() * 8);
      return {
        family,
        params: {
          n_estimators: 500,
          learning_rate: round(logUniform(rng, 0.02, 0.2)),
          max_depth: depth,
          max_leaves: Math.min(2 ** depth, [15, 31, 63, 127][Math.floor(rng() * 4)]),
          min_child_weight: round(logUniform(rng, 0.5, 20)),
          reg_lambda: round(logUniform(rng, 0.1, 20)),
          subsample: round(0.6 + 0.4 * rng(), 2),
          colsample: round(0.5 + 0.5 * rng(), 2),
        },
      };
    }
    case 'random_forest':
    case 'extra_trees':
      return {
        family,
        params: {
          n_estimators: 150,
          max_features: round(0.1 + 0.8 * rng(), 2),
          min_samples_leaf: 1 + Math.floor(rng() * 5),
        },
      };
    case 'ridge':
    case 'polynomial':
      return { family, params: { alpha: round(logUniform(rng, 1e-3, 10)) } };
    case 'lasso':
      return { family, params: { alpha: round(logUniform(rng, 1e-4, 1)) } };
    case 'elasticnet':
      return { family, params: { alpha: round(logUniform(rng, 1e-4, 1)), l1_ratio: round(rng(), 2) } };
    case 'logistic':
    case 'svm':
      return { family, params: { C: round(logUniform(rng, 0.01, 100)) } };
    case 'mlp':
      return {
        family,
        params: {
          hidden: [32, 64, 128, 256][Math.floor(rng() * 4)],
          epochs: 150,
          learning_rate: round(logUniform(rng, 0.001, 0.01)),
          alpha: round(logUniform(rng, 1e-4, 1e-2)),
        },
      };
    case 'naive_bayes':
      return hasText
        ? { family, params: { kind: 'multinomial', alpha: round(logUniform(rng, 0.01, 1)) } }
        : { family, params: { var_smoothing: round(logUniform(rng, 1e-10, 1e-2)) } };
    case 'linear':
      return { family, params: {} };
  }
}

/** Random search around the best families so far: configurations from the top two families, alternating. */
export function searchConfigs(
  bestFamilies: TrainableFamily[],
  count: number,
  seed: number,
  hasText: boolean,
): Config[] {
  const rng = makeRng(seed * 7919 + 17);
  const fams = bestFamilies.filter((f) => f !== 'linear').slice(0, 2);
  if (!fams.length) return [];
  return Array.from({ length: count }, (_, i) => sampleConfig(fams[i % fams.length], rng, hasText));
}
