import { describe, expect, it } from 'vitest';
import { treesOutclassed } from './text-trees';

describe('treesOutclassed (tables of text alone)', () => {
  it('gives trees up only once one finished clearly below the best text linear model', () => {
    const logistic = { family: 'logistic' as const, score: 0.8 };
    expect(treesOutclassed([logistic])).toBe(false);
    expect(treesOutclassed([logistic, { family: 'gradient_boosting', score: 0.79 }])).toBe(false);
    expect(treesOutclassed([logistic, { family: 'gradient_boosting', score: 0.42 }])).toBe(true);
    expect(
      treesOutclassed([logistic, { family: 'random_forest', score: 0.7 }, { family: 'extra_trees', score: 0.79 }]),
    ).toBe(false);
  });

  it('needs a sparse linear model to compare with (naive Bayes and unscored rows do not count)', () => {
    expect(
      treesOutclassed([
        { family: 'naive_bayes', score: 0.9 },
        { family: 'gradient_boosting', score: 0.4 },
      ]),
    ).toBe(false);
    expect(
      treesOutclassed([
        { family: 'svm', score: NaN },
        { family: 'gradient_boosting', score: 0.4 },
      ]),
    ).toBe(false);
  });
});
