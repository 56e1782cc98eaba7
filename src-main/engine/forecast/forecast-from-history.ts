import { CodedError } from '@shared/errors';
import { bandsOf, buildRows, scaleOf } from './forecast-rows';
import { forecastWith } from './methods';
import type { ForecastModelJson, ForecastRow } from './model-json';
import { loadSeries } from './series';
import type { SeriesView } from './types';

/**
 * Forecasts `horizon` periods after the end of a new history file with the saved model's fitted
 * parameters (no refit). The history is read and regularised exactly as at training time.
 */
export async function forecastFromHistory(
  model: ForecastModelJson,
  historyPath: string,
  horizon: number,
): Promise<ForecastRow[]> {
  if (model?.kind !== 'forecast') throw new CodedError('invalid-input', 'This model is not a forecasting model.');
  if (model.version !== 2) {
    throw new CodedError(
      'invalid-input',
      'This forecast model was saved by an older version of the app. Train it again to forecast from new history.',
    );
  }
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new CodedError('invalid-input', `Horizon must be a whole number of at least 1 (got ${horizon}).`);
  const s = await loadSeries(historyPath, model.dateColumn, model.target, {
    freq: model.frequency,
    aggregation: model.aggregation,
  });
  const need = Math.max(2, model.seasonPeriod + 1, ...model.seasonPeriods.map((p) => Math.ceil(p) + 1));
  if (s.y.length < need) {
    throw new CodedError(
      'dataset-empty',
      `The history has ${s.y.length} periods; this model needs at least ${need}. Provide a longer history.`,
    );
  }
  const view: SeriesView = {
    y: s.y,
    t: s.t,
    m: model.seasonPeriod,
    periods: model.seasonPeriods,
    missing: s.missing,
    freq: model.frequency,
  };
  const path = forecastWith(model.fitted, view, horizon);
  // Backtest sigmas scale with the new history's level; model intervals come from the model itself.
  const ref = model.interval.scaleRef;
  const now = scaleOf(s.y, model.seasonPeriod);
  const ratio = ref > 0 && now > 0 ? now / ref : 1;
  const sigmas = model.interval.sigmas.map((v) => v * ratio);
  const { scale80, scale95 } = model.interval;
  const bands = bandsOf(
    model.interval.source === 'model' ? path : { mean: path.mean },
    sigmas,
    horizon,
    scale80 && scale95 ? { scale80, scale95 } : undefined,
  );
  return buildRows(path.mean, bands, model.frequency, s.t[s.t.length - 1], model.nonNegative);
}
