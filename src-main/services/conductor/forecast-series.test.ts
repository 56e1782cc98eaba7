import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataProfile, DatasetInfo } from '@shared/project';
import type { ForecastDetails } from '../../engine/forecast/run-forecast';
import { ingestFile } from '../../engine/ingest/ingest-file';
import { profileDataset } from '../../engine/profile/profile-dataset';
import { readArtifact } from '../../engine/artifacts/store';
import { forecastSeriesHistory } from '../../engine/series/series-history';
import { resolveIntent } from './resolve-intent';
import { trainProject } from '../../workers/jobs/train-project';

/**
 * vega-datasets weather.csv (NOAA daily records, Seattle and New York), July 2014 to December 2015: one row per day for
 * each city, the table holding two series side by side. A forecast summed the two cities' temperatures per day.
 */
const FIXTURE = resolve(__dirname, '../../engine/series/fixtures/weather-seattle-new-york.csv');
const dir = mkdtempSync(join(tmpdir(), 'forecast-series-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = readFileSync(FIXTURE, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));
/** The fixture's values of a column per date for one city, as numbers (ascending dates). */
const valuesOf = (city: string, column: 2 | 3): number[] =>
  rows.filter((r) => r[0] === city).map((r) => Number(r[column]));

let dataset: DatasetInfo;
let profile: DataProfile;
beforeAll(async () => {
  dataset = await ingestFile(FIXTURE, join(dir, 'data'));
  profile = await profileDataset(
    dataset.path,
    { target: null },
    { signal: new AbortController().signal, emit: () => {} },
  );
});

async function forecast(goal: string, name: string) {
  const intent = resolveIntent(goal, undefined, { dataset, profile });
  const artifactDir = join(dir, name);
  const summary = await trainProject(
    {
      task: 'forecast',
      dataPath: dataset.path,
      dataset,
      intent,
      profile,
      plan: null,
      models: { budgetSeconds: 4, metric: 'mase', candidates: [] },
      artifactDir,
    },
    { signal: new AbortController().signal, emit: () => {} },
  );
  const details = summary.diagnostics && 'details' in summary.diagnostics ? summary.diagnostics.details : null;
  return { intent, artifactDir, details: details as ForecastDetails };
}

describe('a forecast of one of several series side by side (real table: weather in Seattle and New York)', () => {
  it('forecasts the city the goal names from its own rows, and says so in forecast.csv and model.json', async () => {
    const { intent, artifactDir, details } = await forecast(
      'forecast the max temperature in Seattle for the next 14 days',
      'seattle',
    );
    expect(intent.series).toMatchObject({ column: 'location', value: 'Seattle', by: 'goal' });
    expect(intent.explanation).toContain("It reads the series 'Seattle' of 'location' (one of 2; named in the goal).");
    const seattle = valuesOf('Seattle', 3);
    expect(details.points).toBe(seattle.length);
    expect(details.history.map((h) => h.value)).toEqual(seattle.slice(-details.history.length));
    expect(details.series).toEqual({ column: 'location', value: 'Seattle', combine: 'mean', of: 2 });

    const csv = readFileSync(join(artifactDir, 'forecast.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('location,date,prediction,lower,upper,lower_80,upper_80');
    expect(csv.slice(1).every((line) => line.startsWith('Seattle,'))).toBe(true);
    expect(csv.length - 1).toBe(14);

    // A new history (here the whole two-city table again) is read as the model was trained: Seattle's rows only.
    const model = await readArtifact(artifactDir, 'forecastModel');
    const again = await forecastSeriesHistory(model!, FIXTURE, 14);
    expect(again.map((r) => r.prediction)).toEqual(details.forecast.map((r) => r.prediction));
  });

  it('combines every city per date when the goal asks for the total: amounts added up, levels averaged', async () => {
    const rain = await forecast('forecast the total precipitation for the next 14 days', 'rain');
    expect(rain.intent.series).toMatchObject({ value: null, combine: 'sum', by: 'total' });
    const [sea, ny] = [valuesOf('Seattle', 2), valuesOf('New York', 2)];
    const sums = sea.map((v, i) => v + ny[i]);
    const shownRain = rain.details.history.map((h) => h.value);
    shownRain.forEach((v, i) => expect(v).toBeCloseTo(sums[sums.length - shownRain.length + i], 9));

    const temp = await forecast('forecast the max temperature over all cities for the next 14 days', 'temp');
    expect(temp.intent.series).toMatchObject({ value: null, combine: 'mean' });
    const [tSea, tNy] = [valuesOf('Seattle', 3), valuesOf('New York', 3)];
    const means = tSea.map((v, i) => (v + tNy[i]) / 2);
    const shownTemp = temp.details.history.map((h) => h.value);
    shownTemp.forEach((v, i) => expect(v).toBeCloseTo(means[means.length - shownTemp.length + i], 9));
    // Every series combined: forecast.csv has no column naming one.
    expect(readFileSync(join(temp.artifactDir, 'forecast.csv'), 'utf8').split('\n')[0]).toBe(
      'date,prediction,lower,upper,lower_80,upper_80',
    );
  });

  it('refuses a series the table does not hold, naming the ones it does', () => {
    expect(() =>
      resolveIntent(
        'forecast the max temperature',
        { series: { column: 'location', value: 'Boston' } },
        { dataset, profile },
      ),
    ).toThrow(
      "'location' has no series 'Boston'. Its 2 series are: New York, Seattle. Choose one of them, or all of them combined.",
    );
  });
});
