import { describe, expect, it } from 'vitest';
import { caruana } from './ensemble';
import { defaultPortfolio, sampleConfig } from './portfolio';
import { validateParams } from '../models/hyperparams';
import { makeRng } from '../models/trees/rng';

describe('ensemble selection and search space', () => {
  it('Caruana blends two models with opposite errors and ignores a useless one', () => {
    const y = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const a = Float64Array.from(y, (v) => v + 1);
    const b = Float64Array.from(y, (v) => v - 1);
    const junk = Float64Array.from(y, () => 10);
    const { weights, score } = caruana([a, b, junk], y, 'regression', 0, 'rmse');
    expect(weights[0]).toBeCloseTo(0.5, 6);
    expect(weights[1]).toBeCloseTo(0.5, 6);
    expect(weights[2]).toBe(0);
    expect(score).toBeCloseTo(0, 9);
  });

  it('every sampled configuration is inside the allowed hyperparameter ranges', () => {
    const rng = makeRng(3);
    for (const family of [
      'gradient_boosting',
      'random_forest',
      'extra_trees',
      'ridge',
      'lasso',
      'elasticnet',
      'logistic',
      'svm',
      'mlp',
      'naive_bayes',
      'polynomial',
    ] as const) {
      for (let i = 0; i < 50; i++)
        expect(() => validateParams(family, sampleConfig(family, rng, false).params)).not.toThrow();
    }
    for (const c of defaultPortfolio(['gradient_boosting', 'mlp', 'ridge'], false))
      expect(() => validateParams(c.family, c.params)).not.toThrow();
  });
});
