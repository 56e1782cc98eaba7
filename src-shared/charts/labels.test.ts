import { describe, expect, it } from 'vitest';
import { chosenBySentence } from './labels';

const row = (modelId: string, accuracy: number) => ({ modelId, status: 'done', metrics: { accuracy } });
// Chile's vote (carData), 15 s: the ensemble chosen by log loss sat below a random forest on accuracy.
const chile = [row('random_forest-3', 0.6494), row('ensemble', 0.6454), row('logistic-1', 0.641)];

describe('chosenBySentence', () => {
  it('says why the exported model is below the top of the ranking the person reads', () => {
    const s = chosenBySentence({
      metric: 'accuracy',
      selectedBy: 'log_loss',
      bestModelId: 'ensemble',
      leaderboard: chile,
    });
    expect(s).toBe(
      'The model to export is chosen by validation log loss (how well its probabilities fit) rather than Accuracy, and a simpler model is kept when the gap is within noise, so it need not top the Accuracy ranking.',
    );
    const rmse = [
      { modelId: 'gbm', status: 'done', metrics: { rmse: 3.1 } },
      { modelId: 'ridge', status: 'done', metrics: { rmse: 3.2 } },
    ];
    expect(chosenBySentence({ metric: 'rmse', bestModelId: 'ridge', leaderboard: rmse })).toMatch(
      /^The model to export need not top the RMSE ranking: a simpler or steadier model/,
    );
  });

  it('says nothing when the exported model tops the ranking, or when nothing is ranked', () => {
    expect(
      chosenBySentence({
        metric: 'accuracy',
        selectedBy: 'log_loss',
        bestModelId: 'random_forest-3',
        leaderboard: chile,
      }),
    ).toBe('');
    const tie = [row('a', 0.7), row('b', 0.7)];
    expect(chosenBySentence({ metric: 'accuracy', selectedBy: 'log_loss', bestModelId: 'b', leaderboard: tie })).toBe(
      '',
    );
    expect(chosenBySentence({ metric: 'accuracy', bestModelId: null, leaderboard: chile })).toBe('');
    const failed = [row('ensemble', 0.6), { modelId: 'mlp', status: 'failed', metrics: { accuracy: 0.9 } }];
    expect(chosenBySentence({ metric: 'accuracy', bestModelId: 'ensemble', leaderboard: failed })).toBe('');
  });
});
