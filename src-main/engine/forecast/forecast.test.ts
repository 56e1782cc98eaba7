import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastMethodSection } from '../../export/report/sections/forecast';
import { ingestFile } from '../ingest/ingest-file';
import { goalContextFromProfile, parseGoal } from '../intent/parse-goal';
import { profileDataset } from '../profile/profile-dataset';
import { ets } from './ets';
import { detectFrequency, makeFrequency } from './frequency';
import { forecastFromHistory, runForecast, type ForecastModelJson } from './run-forecast';
import { seasonalNaive } from './seasonal-naive';
import { theta } from './theta';
import { detectSeasonality } from './seasonality';
import { regularise } from './series';
import { monthlyDates, rng, seriesCsv, tempDir, testContext } from './test-helpers';

const PATTERN = [10, 12, 15, 20, 26, 30, 33, 31, 25, 18, 13, 11];
// Nile flow 1871-1950 (R datasets::Nile[1:80]).
const NILE80 = [
  1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140, 1100,
  1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969, 831, 726, 456,
  824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040, 759, 781, 865, 845, 944, 984, 897,
  822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890,
];
const pure = (n: number): number[] => Array.from({ length: n }, (_, i) => 100 + PATTERN[i % 12]);

describe('frequency and regularisation', () => {
  it('detects daily, weekly, monthly, quarterly, yearly spacing', () => {
    const day = 86_400_000;
    const at = (step: number, n: number): number[] =>
      Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * step);
    expect(detectFrequency(at(day, 30)).unit).toBe('day');
    expect(detectFrequency(at(7 * day, 30)).unit).toBe('week');
    expect(detectFrequency(at(3_600_000, 30)).unit).toBe('hour');
    expect(detectFrequency(Array.from({ length: 30 }, (_, i) => Date.UTC(2020, i, 1))).unit).toBe('month');
    expect(detectFrequency(Array.from({ length: 30 }, (_, i) => Date.UTC(2020, 3 * i, 1))).unit).toBe('quarter');
    expect(detectFrequency(Array.from({ length: 30 }, (_, i) => Date.UTC(1900 + i, 0, 1))).unit).toBe('year');
    const ends = Array.from({ length: 24 }, (_, i) => Date.UTC(2020, i + 1, 0));
    expect(detectFrequency(ends).monthAnchor).toBe('end');
  });

  it('averages accidental duplicates and interpolates gaps', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2021, 0, 1);
    // days 0,1,1,2,4,5 (day 3 missing); day 1 appears twice.
    const ts = [0, 1, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11].map((d) => t0 + d * day);
    const ys = [1, 2, 4, 3, 5, 6, 7, 8, 9, 10, 11, 12];
    const s = regularise(ts, ys);
    expect(s.freq.unit).toBe('day');
    expect(s.aggregation).toBe('mean');
    expect(Array.from(s.y.subarray(0, 6))).toEqual([1, 3, 3, 4, 5, 6]);
    expect(s.gapsFilled).toBe(1);
    expect(s.duplicatePeriods).toBe(1);
  });

  it('sums transaction rows per day and fills empty days with zero', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2021, 0, 1);
    const ts: number[] = [];
    const ys: number[] = [];
    for (let d = 0; d < 20; d++) {
      if (d === 5) continue;
      for (let k = 0; k < 3; k++) {
        ts.push(t0 + d * day + k * 3_600_000 * 3);
        ys.push(10);
      }
    }
    const s = regularise(ts, ys);
    expect(s.freq.unit).toBe('day');
    expect(s.aggregation).toBe('sum');
    expect(s.y[0]).toBe(30);
    expect(s.y[5]).toBe(0);
  });
});

describe('seasonality and models', () => {
  const y = Float64Array.from(pure(120));
  const t = Float64Array.from(monthlyDates(120), (d) => Date.parse(d));
  const view = { y, t, m: 12, freq: makeFrequency('month', 1, 1) };

  it('finds period 12 in a monthly seasonal series', () => {
    expect(detectSeasonality(y, view.freq).period).toBe(12);
  });

  it('seasonal naive and ETS forecast a pure seasonal series exactly', () => {
    const expected = pure(144).slice(120);
    const sn = seasonalNaive.forecast(seasonalNaive.fit(view, new AbortController().signal), view, 24).mean;
    const ep = ets.fit(view, new AbortController().signal);
    const e = ets.forecast(ep, view, 24).mean;
    for (let j = 0; j < 24; j++) {
      expect(sn[j]).toBeCloseTo(expected[j], 9);
      expect(e[j]).toBeCloseTo(expected[j], 6);
    }
    expect(ep.season).not.toBe('N');
  });

  it('ETS follows a trend with multiplicative season better than seasonal naive', () => {
    const r = rng(3);
    const n = 144;
    const yy = Float64Array.from(
      { length: n },
      (_, i) => (200 + 3 * i) * (PATTERN[i % 12] / 20) * (1 + 0.02 * (r() - 0.5)),
    );
    const train = { ...view, y: yy.subarray(0, 120), t: Float64Array.from(monthlyDates(120), (d) => Date.parse(d)) };
    const sig = new AbortController().signal;
    const e = ets.forecast(ets.fit(train, sig), train, 24).mean;
    const sn = seasonalNaive.forecast(seasonalNaive.fit(train, sig), train, 24).mean;
    let eErr = 0;
    let snErr = 0;
    for (let j = 0; j < 24; j++) {
      eErr += Math.abs(e[j] - yy[120 + j]);
      snErr += Math.abs(sn[j] - yy[120 + j]);
    }
    expect(eErr).toBeLessThan(snErr / 3);
  });
});

describe('runForecast', () => {
  it('forecasts a yearly series whose time index is a column of whole-number years (Nile 1871-1950)', async () => {
    const dir = tempDir();
    const csv = join(dir, 'nile.csv');
    // A pandas export names the year column 'index': neither a date type nor a date-like name.
    writeFileSync(csv, ['index,flow', ...NILE80.map((v, i) => `${1871 + i},${v}`)].join('\n') + '\n');
    const { ctx } = testContext();
    const info = await ingestFile(csv, join(dir, 'nile.parquet'));
    const profile = await profileDataset(info.path, { target: null }, { signal: ctx.signal, emit: () => {} });
    const intent = parseGoal('forecast the flow for the next 10 years', goalContextFromProfile(profile));
    expect(intent.task).toBe('forecast');
    expect(intent.target).toBe('flow');
    expect(intent.date).toBe('index');
    expect(intent.horizon).toBe(10);
    const res = await runForecast(
      { dataPath: csv, date: intent.date!, target: 'flow', horizon: intent.horizon!, artifactDir: join(dir, 'out') },
      ctx,
    );
    expect(res.details.frequency).toBe('yearly');
    expect(res.details.forecast.map((r) => r.date.slice(0, 4))).toEqual(
      Array.from({ length: 10 }, (_, i) => String(1951 + i)),
    );
  });

  it('forecasts a seasonal CSV, writes artifacts and forecasts again from history', async () => {
    const dir = tempDir();
    const r = rng(7);
    const n = 96;
    const values = Array.from({ length: n }, (_, i) => 50 + 0.5 * i + PATTERN[i % 12] + (r() - 0.5));
    const path = await seriesCsv(dir, 'sales.csv', monthlyDates(n), values);
    const { ctx, events } = testContext();
    const res = await runForecast(
      { dataPath: path, date: 'date', target: 'sales', horizon: 12, artifactDir: join(dir, 'out') },
      ctx,
    );
    expect(res.details.frequency).toBe('monthly');
    expect(res.details.seasonPeriod).toBe(12);
    expect(res.details.forecast).toHaveLength(12);
    expect(res.details.forecast[0].date).toBe('2018-01-01');
    expect(res.summary.leaderboard.map((x) => x.family)).toContain('ets');
    // The combination of ETS, ARIMA and Theta is scored on the same folds, with its interval coverage.
    const comb = res.summary.leaderboard.find((x) => x.family === 'combination')!;
    expect(comb.status).toBe('done');
    expect(comb.metrics.mase).toBeGreaterThan(0);
    expect(comb.metrics.coverage_95).toBeGreaterThanOrEqual(0);
    const best = res.summary.leaderboard.find((x) => x.modelId === res.summary.bestModelId)!;
    expect(best.metrics.mase!).toBeLessThan(0.5);
    for (const row of res.details.forecast) {
      expect(row.lower).toBeLessThanOrEqual(row.lower80);
      expect(row.lower80).toBeLessThanOrEqual(row.prediction);
      expect(row.upper80).toBeGreaterThan(row.prediction);
      expect(row.upper).toBeGreaterThanOrEqual(row.upper80);
    }
    const truth = Array.from({ length: 12 }, (_, j) => 50 + 0.5 * (n + j) + PATTERN[(n + j) % 12]);
    const mae = truth.reduce((a, v, j) => a + Math.abs(v - res.details.forecast[j].prediction), 0) / 12;
    expect(mae).toBeLessThan(1.5);
    const fr = events
      .filter((e) => e.type === 'TRAIN_PROGRESS')
      .map((e) => (e.payload as { fraction: number }).fraction);
    expect(fr.every((f, i) => i === 0 || f >= fr[i - 1])).toBe(true);
    expect(fr[fr.length - 1]).toBe(1);
    const model = JSON.parse(readFileSync(join(dir, 'out', 'forecast-model.json'), 'utf8')) as ForecastModelJson;
    const again = await forecastFromHistory(model, path, 12);
    expect(again.map((x) => x.prediction)).toEqual(res.details.forecast.map((x) => x.prediction));
    // Bands calibrated on the backtest folds (never narrower than the model's) and saved with the model: the
    // forecast from the same history has the same bands.
    expect(res.details.intervalCalibrated).toBe(res.details.backtest.folds >= 3);
    expect(model.interval.scale95?.every((v) => v >= 1)).toBe(res.details.intervalCalibrated ? true : undefined);
    expect(again.map((x) => x.upper)).toEqual(res.details.forecast.map((x) => x.upper));
    expect(again.map((x) => x.lower80)).toEqual(res.details.forecast.map((x) => x.lower80));
    const csv = readFileSync(join(dir, 'out', 'forecast.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('date,prediction,lower,upper,lower_80,upper_80');
    // The report shows the chosen model's measured interval coverage.
    expect(res.details.bestScores?.coverage95).toBeGreaterThanOrEqual(0);
    expect(forecastMethodSection(res.details)).toMatch(/95% interval coverage/);
    expect(csv).toHaveLength(13);
  });

  it('forecasts a pure seasonal series exactly end to end', async () => {
    const dir = tempDir();
    const path = await seriesCsv(dir, 'pure.csv', monthlyDates(72), pure(72));
    const res = await runForecast(
      { dataPath: path, date: 'date', target: 'sales', horizon: 12, artifactDir: dir },
      testContext().ctx,
    );
    const expected = pure(84).slice(72);
    res.details.forecast.forEach((row, j) => expect(row.prediction).toBeCloseTo(expected[j], 6));
  });

  it('falls back on AICc and says so when the history is too short to backtest the horizon', async () => {
    const dir = tempDir();
    const path = await seriesCsv(
      dir,
      'short.csv',
      monthlyDates(40),
      pure(40).map((v, i) => v + 0.3 * i),
    );
    const res = await runForecast(
      { dataPath: path, date: 'date', target: 'sales', horizon: 24, artifactDir: dir },
      testContext().ctx,
    );
    expect(res.details.selection.by).toBe('aicc');
    expect(res.details.selection.note).toMatch(/too short to test a 24-step forecast/);
    expect(res.details.backtest.folds).toBe(0);
    expect(res.details.bestMethod).toBe('combination');
    expect(res.details.forecast).toHaveLength(24);
    const html = forecastMethodSection(res.details);
    expect(html).toContain('AICc');
    expect(html).toContain('too short to test');
  });

  // Found on xts's sample_matrix with 6 days left out and 2007-03-15 written twice: the report named the gaps only.
  it('says in the report which periods were filled and which had more than one row', async () => {
    const dir = tempDir();
    const dates = monthlyDates(40);
    const rows = dates.map((d, i) => [d, pure(40)[i]] as const).filter((_, i) => i !== 20);
    rows.splice(30, 0, [rows[30][0], rows[30][1] + 2]);
    const path = await seriesCsv(
      dir,
      'gapdup.csv',
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
    );
    const res = await runForecast(
      { dataPath: path, date: 'date', target: 'sales', horizon: 3, artifactDir: dir, budgetSeconds: 5 },
      testContext().ctx,
    );
    expect(res.details).toMatchObject({ gapsFilled: 1, duplicatePeriods: 1, aggregation: 'mean', rowsRead: 40 });
    const html = forecastMethodSection(res.details);
    expect(html).toContain('1 period had more than one row (40 rows read, 40 periods); their values were averaged.');
    expect(html).toContain('1 period had no value (interpolated');
  });

  it('rejects a missing column with the column list', async () => {
    const dir = tempDir();
    const path = await seriesCsv(dir, 'p.csv', monthlyDates(30), pure(30));
    await expect(
      runForecast({ dataPath: path, date: 'day', target: 'sales', horizon: 3, artifactDir: dir }, testContext().ctx),
    ).rejects.toThrow(/Columns are: date, sales/);
  });
});

describe('cancellation', () => {
  it('stops with the cancelled code when the signal is aborted', async () => {
    const dir = tempDir();
    const path = await seriesCsv(dir, 'c.csv', monthlyDates(60), pure(60));
    const ac = new AbortController();
    ac.abort();
    await expect(
      runForecast(
        { dataPath: path, date: 'date', target: 'sales', horizon: 6, artifactDir: dir },
        { signal: ac.signal, emit: () => {} },
      ),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('combination of ETS, ARIMA and Theta', () => {
  it('forecasts the mean (or the median) of its members', async () => {
    const { forecastWith } = await import('./methods');
    const r = rng(12);
    const values = Array.from({ length: 84 }, (_, i) => 80 + PATTERN[i % 12] + 3 * (r() - 0.5));
    const view = {
      y: Float64Array.from(values),
      t: Float64Array.from(monthlyDates(84), (d) => Date.parse(d)),
      m: 12,
      freq: makeFrequency('month', 1, 1),
    };
    const sig = new AbortController().signal;
    const sn = seasonalNaive.fit(view, sig);
    const e = ets.fit(view, sig);
    const th = theta.fit(view, sig);
    const members = [sn, e, th];
    const mean = forecastWith({ family: 'combination', members }, view, 6).mean;
    const median = forecastWith({ family: 'ensemble', members, combine: 'median' }, view, 6).mean;
    const a = seasonalNaive.forecast(sn, view, 6).mean;
    const b = ets.forecast(e, view, 6).mean;
    const c = theta.forecast(th, view, 6).mean;
    mean.forEach((v, j) => expect(v).toBeCloseTo((a[j] + b[j] + c[j]) / 3, 9));
    median.forEach((v, j) => expect(v).toBeCloseTo([a[j], b[j], c[j]].sort((x, y) => x - y)[1], 9));
    // Theta has no season here, so the median differs from the mean somewhere.
    expect(median.some((v, j) => Math.abs(v - mean[j]) > 1e-6)).toBe(true);
  });
});

describe('the final pool', () => {
  it('is the mean of the structures within 10% of the best backtest (Nile: ETS and ARIMA)', async () => {
    const { runCandidates } = await import('./candidates');
    const { planBacktest } = await import('./backtest');
    const { ProgressReporter } = await import('../util/progress');
    const view = {
      y: Float64Array.from(NILE80),
      t: Float64Array.from(NILE80, (_, i) => Date.UTC(1871 + i, 0, 1)),
      m: 1,
      freq: makeFrequency('year', 1),
    };
    const plan = planBacktest(view.y.length, 20, 1);
    const out = runCandidates(view, plan, testContext().ctx, new ProgressReporter(() => {}), undefined);
    const ensemble = out.fitted.get('ensemble');
    expect(ensemble && 'members' in ensemble ? ensemble.combine : undefined).toBe('mean');
    const members = ensemble && 'members' in ensemble ? ensemble.members.map((m) => m.family) : [];
    expect(members.length).toBeGreaterThanOrEqual(2);
    const e = out.results.get('ensemble')!;
    const parts = members.map((f) => out.results.get(f)!);
    e.preds.forEach((fold, f) =>
      fold.forEach((v, j) => expect(v).toBeCloseTo(parts.reduce((s, r) => s + r.preds[f][j], 0) / parts.length, 9)),
    );
    expect(out.rows.find((r) => r.modelId === 'ensemble')?.label).toMatch(/^Mean of /);
  });

  // Found on xts's sample_matrix (a random walk): the pool was labelled "Mean of ETS(A,N,N), seasonal_naive, ...".
  it('names its members as people read them, never by their ids', async () => {
    const { runCandidates } = await import('./candidates');
    const { planBacktest } = await import('./backtest');
    const { ProgressReporter } = await import('../util/progress');
    const r = rng(7);
    const y = new Float64Array(160);
    for (let i = 1; i < y.length; i++) y[i] = y[i - 1] + (r() - 0.5);
    const view = {
      y,
      t: Float64Array.from(y, (_, i) => Date.UTC(2007, 0, 1 + i)),
      m: 1,
      freq: makeFrequency('day', 1),
    };
    const out = runCandidates(
      view,
      planBacktest(y.length, 14, 1),
      testContext().ctx,
      new ProgressReporter(() => {}),
      undefined,
    );
    const ensemble = out.fitted.get('ensemble');
    const members = ensemble && 'members' in ensemble ? ensemble.members.map((m) => m.family) : [];
    expect(members).toContain('seasonal_naive');
    const label = out.rows.find((row) => row.modelId === 'ensemble')?.label;
    expect(label).toContain('Seasonal naive');
    expect(label).not.toMatch(/_/);
  });
});
