import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastMethodSection } from '../../export/report/sections/forecast';
import { analyticsNotebookCells } from '../analytics/python-cells';
import { goalContextFromProfile, parseGoal } from '../intent/parse-goal';
import { ingestFile } from '../ingest/ingest-file';
import { profileDataset } from '../profile/profile-dataset';
import {
  candidatePeriods,
  keptWeekdays,
  makeFrequency,
  periodDate,
  periodIndex,
  stepsWithinDays,
  weekdayFrequency,
} from './frequency';
import { pandasFreq } from './notebook-cells';
import { forecastFromHistory, runForecast, type ForecastModelJson } from './run-forecast';
import { regularise } from './series';
import { pythonJson, rng, seriesCsv, tempDir, testContext } from './test-helpers';
import { DAY_MS } from '@shared/time';

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const dow = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** Monday-to-Friday dates from Monday 2 January 2023 (n of them), leaving out the dates in `holidays`. */
function tradingDays(n: number, holidays: string[] = []): number[] {
  const out: number[] = [];
  for (let t = Date.UTC(2023, 0, 2); out.length < n; t += DAY_MS) {
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6 && !holidays.includes(iso(t))) out.push(t);
  }
  return out;
}

/**
 * Runs the exported notebook's cells (`cellTexts`) on the CSV and bundle folder with Debian's python3, then
 * `tail`, whose last printed line is JSON; returns it parsed.
 */
function runNotebookCells<T>(path: string, out: string, cellTexts: string[], tail: string): T {
  const code = `import numpy as np, pandas as pd, os, json
df = pd.read_csv(${JSON.stringify(path)})
BUNDLE_DIR = ${JSON.stringify(out)}
unescape_cells = lambda frame: frame
${cellTexts.join('\n')}
${tail}`;
  return pythonJson<T>(code);
}

describe('business-day calendar', () => {
  it('keeps the days of the week that occur when others never do over four weeks or more', () => {
    // Closing times (16:00 UTC) of four weeks of trading days (Monday 2 to Friday 27 January).
    const four = tradingDays(20).map((t) => t + 16 * 3_600_000);
    expect(keptWeekdays(four)).toEqual([1, 2, 3, 4, 5]);
    // Under four weeks a missing weekday can be chance (a holiday week).
    expect(keptWeekdays(tradingDays(15))).toBeNull();
    // Every day occurs: an ordinary daily calendar.
    expect(keptWeekdays(Array.from({ length: 60 }, (_, i) => Date.UTC(2023, 0, 1) + i * DAY_MS))).toBeNull();
    // A shop closed on Sundays: six days a week.
    const noSunday = Array.from({ length: 70 }, (_, i) => Date.UTC(2023, 0, 1) + i * DAY_MS).filter(
      (t) => new Date(t).getUTCDay() !== 0,
    );
    expect(keptWeekdays(noSunday)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(weekdayFrequency([1, 2, 3, 4, 5, 6]).label).toBe('daily (Mon-Sat)');
    expect(weekdayFrequency([1, 3, 5]).label).toBe('daily (Mon, Wed, Fri)');
  });

  it('steps over the days it leaves out, both ways, with a week of 5 steps and a year of 260.89', () => {
    const f = weekdayFrequency([1, 2, 3, 4, 5]);
    const friday = Date.UTC(2023, 0, 6);
    expect(iso(periodDate(f, friday, 1))).toBe('2023-01-09'); // Monday
    expect(iso(periodDate(f, friday, 5))).toBe('2023-01-13'); // next Friday
    expect(iso(periodDate(f, friday, -5))).toBe('2022-12-30'); // Friday a week before
    expect(iso(periodDate(f, friday, -1))).toBe('2023-01-05'); // Thursday
    const monday = Date.UTC(2023, 0, 2);
    for (let k = -12; k <= 30; k++) expect(periodIndex(f, monday, periodDate(f, monday, k))).toBe(k);
    // A time of day stays in its day; a Saturday row belongs to the Friday before it.
    expect(periodIndex(f, monday, Date.UTC(2023, 0, 4, 16))).toBe(2);
    expect(periodIndex(f, monday, Date.UTC(2023, 0, 7, 10))).toBe(4);
    expect(candidatePeriods(f)).toEqual([5, 260.89]);
  });

  it('puts trading days on a grid without weekends, holidays filled in', () => {
    const ts = tradingDays(60, ['2023-01-16']);
    const ys = ts.map((_, i) => 100 + i);
    const s = regularise(ts, ys);
    expect(s.freq.weekdays).toEqual([1, 2, 3, 4, 5]);
    expect(s.y.length).toBe(61);
    expect(s.gapsFilled).toBe(1);
    expect(Array.from(s.t, (t) => new Date(t).getUTCDay()).every((d) => d >= 1 && d <= 5)).toBe(true);
    // The holiday (Monday 16 January, position 10) is interpolated between the Friday and the Tuesday.
    expect(iso(s.t[10])).toBe('2023-01-16');
    expect(s.y[10]).toBeCloseTo((s.y[9] + s.y[11]) / 2, 9);
    expect(s.missing?.[10]).toBe(1);
  });

  it('starts the grid on the first date when dates are local midnights east of UTC (23:00 UTC the day before)', () => {
    const hour = 3_600_000;
    const daily = Array.from({ length: 40 }, (_, i) => Date.UTC(2023, 0, 2) + i * DAY_MS - hour);
    const s = regularise(
      daily,
      daily.map((_, i) => i),
    );
    expect(s.y.length).toBe(40);
    expect(Array.from(s.y.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(iso(s.t[0])).toBe('2023-01-02');
    const trading = tradingDays(30).map((t) => t - hour);
    const b = regularise(
      trading,
      trading.map((_, i) => i),
    );
    expect(b.freq.weekdays).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(b.y)).toEqual(trading.map((_, i) => i));
    expect(iso(b.t[b.t.length - 1])).toBe(iso(trading[29] + hour));
  });

  it('puts local midnights with a UTC offset that changes at daylight saving on their own days and months', () => {
    const hour = 3_600_000;
    // Berlin midnights 1 March - 30 April 2023: UTC+1 until 26 March, UTC+2 from 27 March.
    const daily = Array.from({ length: 61 }, (_, i) => {
      const local = Date.UTC(2023, 2, 1) + i * DAY_MS;
      return local - (local >= Date.UTC(2023, 2, 27) ? 2 : 1) * hour;
    });
    const s = regularise(
      daily,
      daily.map((_, i) => i),
    );
    expect(s.duplicatePeriods).toBe(0);
    expect(s.gapsFilled).toBe(0);
    expect(Array.from(s.y)).toEqual(daily.map((_, i) => i));
    expect(iso(s.t[0])).toBe('2023-03-01');
    expect(iso(s.t[60])).toBe('2023-04-30');
    // First-of-month midnights in Berlin (23:00 or 22:00 UTC on the last day of the month before).
    const monthly = Array.from({ length: 24 }, (_, i) => {
      const local = Date.UTC(2022, i, 1);
      const m = i % 12;
      return local - (m >= 3 && m <= 9 ? 2 : 1) * hour;
    });
    const mo = regularise(
      monthly,
      monthly.map((_, i) => i),
    );
    expect(mo.freq.unit).toBe('month');
    expect(iso(mo.t[0])).toBe('2022-01-01');
    expect(iso(mo.t[23])).toBe('2023-12-01');
    expect(Array.from(mo.y)).toEqual(monthly.map((_, i) => i));
    // Daily closes at 16:00 UTC are left as they are.
    expect(
      iso(
        regularise(
          tradingDays(30).map((t) => t + 16 * hour),
          Array(30).fill(1),
        ).t[0],
      ),
    ).toBe('2023-01-02');
  });

  it('forecasts a trading-day series on trading days only, from history too, and says so in the report', async () => {
    const dir = tempDir();
    const r = rng(12);
    const effect = [0, 3, 5, 1, -4]; // Monday..Friday
    const dates = tradingDays(157, ['2023-04-07', '2023-05-29', '2023-07-04']);
    let level = 100;
    const values = dates.map((t) => {
      level += r() - 0.5;
      return Math.round((level + effect[new Date(t).getUTCDay() - 1] + 0.3 * (r() - 0.5)) * 100) / 100;
    });
    const path = await seriesCsv(dir, 'close.csv', dates.map(iso), values);
    const out = join(dir, 'out');
    const { ctx } = testContext();
    const res = await runForecast(
      { dataPath: path, date: 'date', target: 'sales', horizon: 15, artifactDir: out, budgetSeconds: 20 },
      ctx,
    );
    const d = res.details;
    expect(d.frequency).toBe('daily (Mon-Fri)');
    expect(d.skippedDays).toEqual(['Saturday', 'Sunday']);
    expect(d.points).toBe(160);
    expect(d.gapsFilled).toBe(3);
    expect(d.seasonPeriods[0]).toBe(5);
    // The last date is a Friday: the forecast starts on the Monday after and never falls on a weekend.
    expect(dow(d.end)).toBe(5);
    const days = d.forecast.map((x) => x.date);
    expect(days[0]).toBe(iso(Date.parse(`${d.end}T00:00:00Z`) + 3 * DAY_MS));
    expect(days.every((x) => dow(x) >= 1 && dow(x) <= 5)).toBe(true);
    expect(new Set(days).size).toBe(15);
    expect(days[5]).toBe(iso(Date.parse(`${days[0]}T00:00:00Z`) + 7 * DAY_MS));
    // The weekday pattern is forecast: Wednesdays above Fridays.
    const mean = (k: number): number => {
      const v = d.forecast.filter((x) => dow(x.date) === k).map((x) => x.prediction);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(mean(3) - mean(5)).toBeGreaterThan(5);
    const csv = readFileSync(join(out, 'forecast.csv'), 'utf8').trim().split('\n');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(days);
    const model = JSON.parse(readFileSync(join(out, 'forecast-model.json'), 'utf8')) as ForecastModelJson;
    expect(model.frequency.weekdays).toEqual([1, 2, 3, 4, 5]);
    const again = await forecastFromHistory(model, path, 15);
    expect(again.map((x) => x.date)).toEqual(days);
    expect(again.map((x) => x.prediction)).toEqual(d.forecast.map((x) => x.prediction));
    expect(forecastMethodSection(d)).toContain(
      `Saturdays and Sundays never occur in the data, so the calendar leaves them out: a week is 5 steps, the horizon counts the other days (15 steps, to ${days[14]})`,
    );

    // The notebook rebuilds the same 160 trading days with pandas and dates its own forecast like the app.
    if (!existsSync('/usr/lib/python3/dist-packages/statsmodels')) return;
    const cells = analyticsNotebookCells({ task: 'forecast', model, horizon: 15 });
    const got = runNotebookCells<{ n: number; days: number[]; first: string; future: string[] }>(
      path,
      out,
      [cells[1].text, cells[2].text],
      `future = pd.date_range(y.index[-1], periods=H + 1, freq=${pandasFreq(model.frequency)})[1:]
print(json.dumps({'n': len(y), 'days': sorted(set(int(v) for v in y.index.dayofweek)), 'first': str(y.index[0].date()), 'future': [str(v.date()) for v in future]}))`,
    );
    expect(got).toEqual({ n: 160, days: [0, 1, 2, 3, 4], first: '2023-01-02', future: days });
  }, 60_000);
});

describe('a spoken horizon on a trading-day calendar', () => {
  it('is a span of the calendar: the next 8 weeks are 40 trading days, the next 20 trading days 20', async () => {
    const dir = tempDir();
    const r = rng(8);
    const dates = tradingDays(130);
    let level = 50;
    const values = dates.map(() => {
      level += r() - 0.5;
      return Math.round(level * 100) / 100;
    });
    const path = await seriesCsv(dir, 'close.csv', dates.map(iso), values);
    // The sentence is read against the data's profile, whose period is a day: spans are calendar days.
    const info = await ingestFile(path, join(dir, 'data'));
    const profile = await profileDataset(info.path, {}, { signal: new AbortController().signal, emit: () => {} });
    const context = goalContextFromProfile(profile);
    expect(context.period).toBe('day');
    const horizonOf = (goal: string): number | null => parseGoal(goal, context).horizon;
    expect(horizonOf('forecast sales for the next 8 weeks')).toBe(56);
    expect(horizonOf('forecast sales for the next 20 trading days')).toBe(28);
    expect(horizonOf('forecast sales over the next 10 business days')).toBe(14);
    expect(horizonOf('forecast sales for the next 30 days')).toBe(30);

    // The calendar counts the trading days within the span; an ordinary daily grid counts every day.
    const last = dates[dates.length - 1];
    expect(dow(iso(last))).toBe(5);
    const trading = weekdayFrequency([1, 2, 3, 4, 5]);
    expect(stepsWithinDays(trading, last, 56)).toBe(40);
    expect(stepsWithinDays(trading, last, 28)).toBe(20);
    expect(stepsWithinDays(trading, last, 14)).toBe(10);
    expect(stepsWithinDays(trading, last, 30)).toBe(20); // Friday + 30 days is a Sunday
    expect(stepsWithinDays(trading, last, 1)).toBe(1); // "tomorrow" after a Friday: still one step
    expect(stepsWithinDays(makeFrequency('day', 1), last, 56)).toBe(56);

    const out = join(dir, 'out');
    const { ctx } = testContext();
    const res = await runForecast(
      {
        dataPath: path,
        date: 'date',
        target: 'sales',
        horizon: 56,
        calendarHorizon: true,
        artifactDir: out,
        budgetSeconds: 5,
      },
      ctx,
    );
    const d = res.details;
    expect(d.frequency).toBe('daily (Mon-Fri)');
    expect(d.forecast).toHaveLength(40);
    expect(d.backtest.horizon).toBe(40);
    expect(d.horizonDays).toBe(56);
    // Eight weeks after the last Friday, on a Friday.
    const end = iso(last + 56 * DAY_MS);
    expect(d.forecast[39].date).toBe(end);
    expect(forecastMethodSection(d)).toContain(`(the 56 days asked for are 40 steps, to ${end})`);
    const csv = readFileSync(join(out, 'forecast.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(41);
  }, 60_000);
});

describe('weekly observations', () => {
  it('keep a week dated a day or two early in its own week (app and notebook); transaction bins stay as they fall', async () => {
    // Fridays from 6 January 2023; week 10 dated on the Thursday, week 20 on the Wednesday (holidays).
    const early: Record<number, number> = { 10: 1, 20: 2 };
    const dates = Array.from({ length: 60 }, (_, i) => Date.UTC(2023, 0, 6) + (7 * i - (early[i] ?? 0)) * DAY_MS);
    const values = dates.map((_, i) => 100 + i + 5 * Math.sin(i / 3));
    const s = regularise(dates, values);
    expect(s.freq.unit).toBe('week');
    expect(s.gapsFilled).toBe(0);
    expect(s.duplicatePeriods).toBe(0);
    expect(Array.from(s.y)).toEqual(values);
    expect(iso(s.t[10])).toBe('2023-03-17'); // the grid's Friday
    // Transactions grouped into weeks (sales at any hour on two days a week, so most hours and days are empty):
    // a row belongs to the week it falls in.
    const r = rng(3);
    const tx: number[] = [];
    for (let w = 0; w < 30; w++)
      for (const d of w === 0 ? [0, 6] : [Math.floor(r() * 7), Math.floor(r() * 7)])
        for (let k = 0; k < 3; k++)
          tx.push(Date.UTC(2023, 0, 2) + (7 * w + d) * DAY_MS + Math.floor(r() * 24) * 3_600_000);
    tx.sort((a, b) => a - b);
    const bins = regularise(
      tx,
      tx.map(() => 1),
    );
    expect(bins.freq.unit).toBe('week');
    expect(bins.freq.nearest).toBeUndefined();
    expect(bins.y[0]).toBe(6); // the Monday and the Sunday of the first week

    // The notebook rebuilds the same weekly values.
    if (!existsSync('/usr/lib/python3/dist-packages/pandas')) return;
    const dir = tempDir();
    const path = await seriesCsv(dir, 'weekly.csv', dates.map(iso), values);
    const out = join(dir, 'out');
    const { ctx } = testContext();
    await runForecast(
      { dataPath: path, date: 'date', target: 'sales', horizon: 8, artifactDir: out, budgetSeconds: 5 },
      ctx,
    );
    const model = JSON.parse(readFileSync(join(out, 'forecast-model.json'), 'utf8')) as ForecastModelJson;
    expect(model.frequency.nearest).toBe(true);
    const cells = analyticsNotebookCells({ task: 'forecast', model, horizon: 8 });
    const got = runNotebookCells<{ y: number[]; first: string; tenth: string }>(
      path,
      out,
      [cells[1].text],
      "print(json.dumps({'y': [float(v) for v in y], 'first': str(y.index[0].date()), 'tenth': str(y.index[10].date())}))",
    );
    expect(got.first).toBe('2023-01-06');
    expect(got.tenth).toBe('2023-03-17');
    got.y.forEach((v, i) => expect(v).toBeCloseTo(values[i], 9));
  }, 60_000);
});
