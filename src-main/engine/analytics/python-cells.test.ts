import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeFrequency } from '../forecast/frequency';
import type { ForecastModelJson } from '../forecast/model-json';
import type { SegmentModelJson } from '../cluster/run-segmentation';
import { analyticsNotebookCells, pandasRule, type AnalyticsCellInput } from './python-cells';

const forecastModel = (fitted: ForecastModelJson['fitted']): ForecastModelJson => ({
  kind: 'forecast',
  version: 1,
  dateColumn: 'day',
  target: "o'clock sales",
  frequency: makeFrequency('month', 1, 1),
  seasonPeriod: 12,
  aggregation: 'sum',
  fill: 'zero',
  nonNegative: true,
  method: fitted.family,
  fitted,
  lastDates: ['2020-12-01'],
  trainedOn: { start: '2010-01-01', end: '2020-12-01', points: 132 },
  interval: { level: 0.95, z: 1.96, sigmas: [1], scaleRef: 1 },
  backtest: { horizon: 12, folds: 4, metrics: {} },
});

const segmentModel: SegmentModelJson = {
  kind: 'segment',
  version: 1,
  mode: 'features',
  k: 3,
  encoders: [
    { kind: 'numeric', column: 'spend', log: false, impute: 1, mean: 2, std: 3 },
    { kind: 'onehot', column: 'channel', categories: ['web', 'store'] },
  ],
  featureNames: ['spend', 'channel=web', 'channel=store'],
  centroids: [
    [0, 1, 0],
    [1, 0, 1],
    [2, 0, 0],
  ],
  profiles: [{ segment: 0, description: 'high spend' }],
};

const inputs: AnalyticsCellInput[] = [
  {
    task: 'forecast',
    model: forecastModel({
      family: 'ets',
      trend: 'Ad',
      season: 'M',
      m: 12,
      alpha: 0.3,
      beta: 0.1,
      gamma: 0.2,
      phi: 0.9,
      aicc: 1,
    }),
    horizon: 12,
  },
  {
    task: 'forecast',
    model: forecastModel({
      family: 'arima',
      p: 1,
      d: 1,
      q: 1,
      P: 0,
      D: 1,
      Q: 1,
      m: 12,
      ar: [0.5],
      ma: [0.2],
      sar: [],
      sma: [-0.4],
      mean: 0,
      includeMean: false,
      aic: 1,
    }),
    horizon: 12,
  },
  { task: 'forecast', model: forecastModel({ family: 'seasonal_naive', m: 12 }), horizon: 12 },
  {
    task: 'forecast',
    model: forecastModel({
      family: 'gbm_lags',
      lags: [1, 12],
      calendar: ['month'],
      m: 12,
      model: { base: 0, trees: [] },
    }),
    horizon: 12,
  },
  {
    task: 'forecast',
    model: forecastModel({
      family: 'ensemble',
      members: [
        { family: 'seasonal_naive', m: 12 },
        { family: 'ets', trend: 'N', season: 'A', m: 12, alpha: 0.3, beta: 0, gamma: 0.1, phi: 1, aicc: 1 },
      ],
    }),
    horizon: 12,
  },
  { task: 'segment', model: segmentModel },
  {
    task: 'segment',
    model: {
      ...segmentModel,
      mode: 'rfm',
      rfm: {
        columns: { customer: 'customer', date: 'order_date', amount: 'amount', invoice: 'invoice' },
        asOf: '2024-01-01',
      },
    },
  },
  { task: 'anomaly', details: { columns: ['amount', 'channel'], numericColumns: ['amount'] } },
  { task: 'correlation', target: 'price' },
  { task: 'summary' },
  { task: 'sentiment', textColumn: 'review' },
];

describe('analytics notebook cells', () => {
  it('carries the fitted parameters into the Python code', () => {
    const ets = analyticsNotebookCells(inputs[0])
      .map((c) => c.text)
      .join('\n');
    expect(ets).toContain('smoothing_level=0.3, smoothing_trend=0.1, smoothing_seasonal=0.2, damping_trend=0.9');
    expect(ets).toContain("seasonal='mul'");
    expect(ets).toContain('"o\'clock sales"');
    const arima = analyticsNotebookCells(inputs[1])
      .map((c) => c.text)
      .join('\n');
    expect(arima).toContain('order=(1, 1, 1), seasonal_order=(0, 1, 1, 12)');
    expect(
      analyticsNotebookCells(inputs[4])
        .map((c) => c.text)
        .join('\n'),
    ).toContain('ours = np.mean(members_out, axis=0)');
    expect(
      analyticsNotebookCells(inputs[5])
        .map((c) => c.text)
        .join('\n'),
    ).toContain('NUMERIC, CATEGORICAL, LOGGED, K = ["spend"], ["channel"], [], 3');
    expect(pandasRule(makeFrequency('week', 1))).toBe('7D');
    expect(pandasRule(makeFrequency('month', 3))).toBe('3MS');
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('is valid Python for every task', () => {
    for (const input of inputs) {
      const code = analyticsNotebookCells(input)
        .filter((c) => c.kind === 'code')
        .map((c) => c.text)
        .join('\n\n');
      const r = spawnSync('/usr/bin/python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
        input: code,
        encoding: 'utf8',
      });
      expect(r.stderr, `${input.task}: ${r.stderr}`).toBe('');
      expect(r.status).toBe(0);
    }
  });
});
