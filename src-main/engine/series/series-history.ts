import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forecastFromHistory, type ForecastModelJson, type ForecastRow } from '../forecast/run-forecast';
import { writeSeriesTable } from './series-table';

/**
 * Forecasts from a new history file as the model was trained: a model of one series of several reads that series'
 * rows of the file (or every series combined per date) first, through a private temporary file removed afterwards.
 */
export async function forecastSeriesHistory(
  model: ForecastModelJson,
  historyPath: string,
  horizon: number,
): Promise<ForecastRow[]> {
  if (!model?.series) return forecastFromHistory(model, historyPath, horizon);
  const dir = await mkdtemp(join(tmpdir(), 'automl-series-'));
  try {
    const path = join(dir, 'series.parquet');
    await writeSeriesTable(historyPath, { date: model.dateColumn, target: model.target, series: model.series }, path);
    return await forecastFromHistory(model, path, horizon);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
