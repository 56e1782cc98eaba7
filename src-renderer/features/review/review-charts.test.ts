import type { TrainingSummary } from '@shared/project';
import { describe, expect, it } from 'vitest';
import { t } from '../../strings';
import { reviewCharts, strongestAssociation } from './review-charts';

function correlation(): TrainingSummary {
  return {
    task: 'correlation',
    metric: 'association',
    leaderboard: [],
    bestModelId: null,
    elapsedSeconds: 0.2,
    cancelled: false,
    featureImportance: [{ feature: 'education', importance: 0.38 }],
    diagnostics: {
      charts: [
        {
          title: 'What goes with wage',
          spec: {
            kind: 'bar',
            orientation: 'horizontal',
            bars: [
              { label: 'education', value: 0.38 },
              { label: 'occupation', value: -0.42 },
              { label: 'age', value: 0.25 },
            ],
          },
        },
      ],
    },
  };
}

describe('review charts name columns as the file writes them', () => {
  it("shows importance and the correlation chart by written name ('price', not the app's 'price_1')", () => {
    const s: TrainingSummary = {
      ...correlation(),
      task: 'regression',
      featureImportance: [{ feature: 'price_1', importance: 0.5 }],
      diagnostics: {
        charts: [
          {
            title: 'What goes with size',
            spec: { kind: 'bar', orientation: 'horizontal', bars: [{ label: 'price_1', value: 0.5 }] },
          },
        ],
      },
    };
    const shown = (c: string) => (c === 'price_1' ? 'price' : c);
    const charts = reviewCharts(s, 'size', [], shown);
    const importance = charts.find((c) => c.id === 'importance')!.spec;
    const association = charts.find((c) => c.id === 'task-0')!.spec;
    expect(importance.kind === 'bar' && importance.bars.map((b) => b.label)).toEqual(['price']);
    expect(association.kind === 'bar' && association.bars.map((b) => b.label)).toEqual(['price']);
  });
});

describe('review charts for analytics runs', () => {
  it('names the strongest link of a correlation run, by absolute strength', () => {
    expect(strongestAssociation(correlation())).toEqual({
      label: 'occupation',
      value: -0.42,
      title: 'What goes with wage',
    });
    expect(strongestAssociation({ ...correlation(), task: 'regression' })).toBeNull();
  });

  it('shows a correlation run’s association chart once (no importance copy)', () => {
    const ids = reviewCharts(correlation(), 'wage').map((c) => c.id);
    expect(ids).toEqual(['task-0']);
    expect(reviewCharts({ ...correlation(), task: 'regression' }, 'wage').map((c) => c.id)).toContain('importance');
  });

  it('moves the charts asked for to the front and keeps the rest in order', () => {
    const s: TrainingSummary = {
      ...correlation(),
      task: 'image',
      diagnostics: {},
      confusion: {
        labels: ['a', 'b'],
        matrix: [
          [1, 0],
          [0, 1],
        ],
      },
    };
    expect(reviewCharts(s, null, ['importance']).map((c) => c.id)).toEqual(['importance', 'confusion']);
  });
});

describe('the leaderboard chart', () => {
  it("labels the best of close runs with the screen's own word for best", () => {
    const row = (id: string, rmse: number): TrainingSummary['leaderboard'][number] => ({
      modelId: id,
      family: 'ridge',
      label: id,
      params: {},
      metrics: { rmse },
      fitSeconds: 1,
      status: 'done',
    });
    const summary: TrainingSummary = {
      task: 'regression',
      metric: 'rmse',
      leaderboard: [row('a', 3.56), row('b', 3.68)],
      bestModelId: 'a',
      elapsedSeconds: 2,
      cancelled: false,
    };
    const strings = t.leaderboard as { best: string };
    const english = strings.best;
    // As a translation would set it: the chart follows the strings, not a word fixed in the chart builder.
    strings.best = 'am besten';
    try {
      const chart = reviewCharts(summary, 'price').find((c) => c.id === 'leaderboard');
      const bars = chart?.spec.kind === 'bar' ? chart.spec.bars : [];
      expect(bars.map((b) => b.valueText)).toEqual(['am besten', '0.1200']);
    } finally {
      strings.best = english;
    }
  });
});
