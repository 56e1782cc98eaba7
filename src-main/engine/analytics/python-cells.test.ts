import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFrequency } from '../forecast/frequency';
import type { ArimaParams } from '../forecast/arima';
import { methodFor } from '../forecast/methods';
import type { ForecastModelJson, SingleForecaster } from '../forecast/model-json';
import type { StlfParams } from '../forecast/stlf';
import type { SeriesView } from '../forecast/types';
import type { SegmentModelJson } from '../cluster/run-segmentation';
import { analyticsNotebookCells, pandasRule, type AnalyticsCellInput } from './python-cells';

const PATTERN = [10, 12, 15, 20, 26, 30, 33, 31, 25, 18, 13, 11];
const monthly: SeriesView = {
  y: Float64Array.from({ length: 96 }, (_, i) => (100 + 2 * i) * (1 + PATTERN[i % 12] / 100) + 3 * Math.sin(i * 1.7)),
  t: Float64Array.from({ length: 96 }, (_, i) => Date.UTC(2010, i, 1)),
  m: 12,
  periods: [12],
  freq: makeFrequency('month', 1, 1),
};
const sig = new AbortController().signal;
const fitOf = (family: Parameters<typeof methodFor>[0]): SingleForecaster => methodFor(family).fit(monthly, sig);

const forecastModel = (fitted: ForecastModelJson['fitted']): ForecastModelJson => ({
  kind: 'forecast',
  version: 2,
  dateColumn: 'day',
  target: "o'clock sales",
  frequency: makeFrequency('month', 1, 1),
  seasonPeriod: 12,
  seasonPeriods: [12],
  aggregation: 'sum',
  fill: 'zero',
  nonNegative: true,
  method: fitted.family,
  fitted,
  lastDates: ['2017-12-01'],
  trainedOn: { start: '2010-01-01', end: '2017-12-01', points: 96 },
  interval: { source: 'model', levels: [0.8, 0.95], sigmas: [], scaleRef: 1 },
  backtest: {
    horizon: 12,
    folds: 4,
    selection: 'backtest',
    metrics: { ets: { mae: 1, rmse: 1, smape: 1, mase: 0.5 } },
  },
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

const arimaFit = fitOf('arima') as ArimaParams;
// forecast::stlf with ARIMA on the seasonally adjusted series (the alternative the backtest may choose).
const stlfEts = fitOf('stlf') as StlfParams;
const stlfAlternatives = methodFor('stlf').alternatives(stlfEts) as StlfParams[];
const stlfArima = methodFor('stlf').fit(monthly, sig, undefined, stlfAlternatives[0]);
// The same on the Box-Cox scale (the season grows with the level).
const stlfArimaBoxCox = methodFor('stlf').fit(
  monthly,
  sig,
  undefined,
  stlfAlternatives.find((p) => p.lambda !== null && p.inner.family === 'arima'),
);
const inputs: AnalyticsCellInput[] = [
  { task: 'forecast', model: forecastModel(fitOf('ets')), horizon: 12 },
  { task: 'forecast', model: forecastModel(arimaFit), horizon: 12 },
  { task: 'forecast', model: forecastModel(fitOf('seasonal_naive')), horizon: 12 },
  { task: 'forecast', model: forecastModel(fitOf('gbm_lags')), horizon: 12 },
  {
    task: 'forecast',
    model: forecastModel({ family: 'combination', members: [fitOf('ets'), arimaFit, fitOf('theta')] }),
    horizon: 12,
  },
  { task: 'forecast', model: forecastModel(fitOf('dhr')), horizon: 12 },
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
  { task: 'forecast', model: forecastModel(stlfEts), horizon: 12 },
  { task: 'forecast', model: forecastModel(stlfAlternatives[1]), horizon: 12 },
  {
    task: 'forecast',
    model: forecastModel(
      methodFor('ets').fit(monthly, sig, undefined, {
        ...fitOf('ets'),
        trend: 'Ad',
        phi: 0.9,
        fixedPhi: 0.9,
      } as SingleForecaster),
    ),
    horizon: 12,
  },
];

describe('analytics notebook cells', () => {
  it('carries the fitted parameters into the Python code', () => {
    const ets = analyticsNotebookCells(inputs[0])
      .map((c) => c.text)
      .join('\n');
    expect(ets).toContain('ETSModel(');
    expect(ets).toContain('"o\'clock sales"');
    expect(ets).toContain('| ets | 0.500 |');
    expect(ets).not.toContain('widened');
    const model = forecastModel(fitOf('ets'));
    const calibrated = analyticsNotebookCells({
      task: 'forecast',
      model: { ...model, interval: { ...model.interval, scale80: [1, 1.2], scale95: [1.1, 1.46] } },
      horizon: 12,
    })
      .map((c) => c.text)
      .join('\n');
    expect(calibrated).toContain('widened step by step (at most 1.46x)');
    const arima = analyticsNotebookCells(inputs[1])
      .map((c) => c.text)
      .join('\n');
    const o = arimaFit.order;
    expect(arima).toContain(
      `order=(${o.p}, ${o.d}, ${o.q}), seasonal_order=(${o.P}, ${o.D}, ${o.Q}, ${o.m > 1 ? o.m : 0})`,
    );
    expect(
      analyticsNotebookCells(inputs[4])
        .map((c) => c.text)
        .join('\n'),
    ).toContain('ours = np.mean(members_out, axis=0)');
    expect(
      analyticsNotebookCells(inputs[6])
        .map((c) => c.text)
        .join('\n'),
    ).toContain('NUMERIC, CATEGORICAL, LOGGED, K = ["spend"], ["channel"], [], 3');
    expect(
      analyticsNotebookCells(inputs[inputs.length - 1])
        .map((c) => c.text)
        .join('\n'),
    ).toContain("with ets.fix_params({'damping_trend': 0.9}):\n    fit = ets.fit(disp=False)");
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

  it.skipIf(!existsSync('/usr/lib/python3/dist-packages/pandas'))(
    'sentiment cells run to the end without matplotlib or vaderSentiment (the chart is skipped with a note)',
    () => {
      // Found running an exported sentiment notebook (stringr::sentences) where matplotlib is not installed.
      const dir = mkdtempSync(join(tmpdir(), 'sentiment-nb-'));
      try {
        writeFileSync(join(dir, 'sentiment.csv'), 'label,compound\npositive,0.6\nnegative,-0.4\n');
        const code = analyticsNotebookCells({ task: 'sentiment', textColumn: 'review' })
          .filter((c) => c.kind === 'code')
          .map((c) => c.text)
          .join('\n\n');
        const prelude = [
          'import sys, os',
          "sys.modules['matplotlib'] = None",
          "sys.modules['vaderSentiment'] = None",
          'import numpy as np, pandas as pd',
          `BUNDLE_DIR = ${JSON.stringify(dir)}`,
          "df = pd.DataFrame({'review': ['What a lovely day.', 'Awful service.']})",
          'unescape_cells = lambda frame: frame',
        ].join('\n');
        const r = spawnSync('/usr/bin/python3', ['-c', `${prelude}\n${code}`], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toContain('matplotlib is not installed: no chart');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!existsSync('/usr/lib/python3/dist-packages/statsmodels'))(
    "reproduces the app's ARIMA forecast with statsmodels' SARIMAX and the app's coefficients (also after STL)",
    () => {
      for (const fitted of [arimaFit, fitOf('dhr') as ArimaParams, stlfArima, stlfArimaBoxCox]) {
        const cells = analyticsNotebookCells({ task: 'forecast', model: forecastModel(fitted), horizon: 12 });
        const ours = methodFor(fitted.family).forecast(fitted, monthly, 12).mean;
        const prelude = `import numpy as np, pandas as pd, os
y = pd.Series(${JSON.stringify(Array.from(monthly.y))}, index=pd.date_range('2010-01-01', periods=96, freq='MS'))
gaps = np.zeros(96, dtype=bool)
H = 12`;
        const code = `${prelude}\n${cells[2].text}\nimport json\nprint(json.dumps([float(v) for v in np.asarray(ours)]))`;
        const r = spawnSync('/usr/bin/python3', ['-c', code], {
          encoding: 'utf8',
          env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
        });
        expect(r.status, r.stderr).toBe(0);
        const py = JSON.parse(r.stdout.trim().split('\n').pop()!) as number[];
        py.forEach((v, j) => expect(Math.abs(v - ours[j])).toBeLessThan(1e-3 * Math.abs(ours[j]) + 1e-6));
      }
    },
    30_000,
  );
});
