import { describe, expect, it } from 'vitest';
import type { RegistryModel } from '@shared/channels';
import { describeModels } from './describe-models';

const model = (modelId: string, at: number, extra: Partial<RegistryModel> = {}): RegistryModel =>
  ({
    modelId,
    activeVersion: 1,
    versions: [
      {
        version: 1,
        createdAt: at,
        task: 'regression',
        target: 'price',
        metric: 'rmse',
        score: 531.5385,
        dataset: 'diamonds.csv',
      },
    ],
    ...extra,
  }) as RegistryModel;

describe('describeModels (automl models list)', () => {
  it('lists one line per model, newest first, instead of the registry JSON (seven models printed 600 lines)', () => {
    const text = describeModels([
      model('price-regression', Date.UTC(2026, 11, 7, 22, 17)),
      model('vote-classification', Date.UTC(2026, 11, 7, 22, 40), {
        activeVersion: 2,
        versions: [
          { version: 1, createdAt: Date.UTC(2026, 11, 7, 22, 0), task: 'classification', target: 'vote' },
          {
            version: 2,
            createdAt: Date.UTC(2026, 11, 7, 22, 40),
            task: 'classification',
            target: 'vote',
            metric: 'accuracy',
            score: 0.6918,
            dataset: 'beps.csv',
          },
        ],
      }),
    ]);
    expect(text.split('\n')).toEqual([
      '2 models, newest first (automl models show <id>):',
      '  vote-classification  v2 of 2 · classification of vote · test accuracy 69.2% · beps.csv · 2026-12-07 22:40',
      '  price-regression     v1 · regression of price · test rmse 531.5 · diamonds.csv · 2026-12-07 22:17',
    ]);
  });

  it('says how to make one when there is none', () => {
    expect(describeModels([])).toMatch(/^No models yet\. Train one with: automl run/);
  });
});
