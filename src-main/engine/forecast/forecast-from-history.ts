import { CodedError } from '@shared/errors';
import { buildRows, scaleOf, sigmasFor } from './forecast-rows';
import { forecastWith } from './methods';
import type { ForecastModelJson, ForecastRow } from './model-json';
import { loadSeries } from './series';

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
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new CodedError('invalid-input', `Horizon must be a whole number of at least 1 (got ${horizon}).`);
  const s = await loadSeries(historyPath, model.dateColumn, model.target, {
    freq: model.frequency,
    aggregation: model.aggregation,
  });
  const need = Math.max(2, model.seasonPeriod + 1);
  if (s.y.length < need) {
    throw new CodedError(
      'dataset-empty',
      `The history has ${s.y.length} periods; this model needs at least ${need}. Provide a longer history.`,
    );
  }
  const view = { y: s.y, t: s.t, m: model.seasonPeriod, freq: model.frequency };
  const pred = forecastWith(model.fitted, view, horizon);
  const ref = model.interval.scaleRef;
  const now = scaleOf(s.y, model.seasonPeriod);
  const ratio = ref > 0 && now > 0 ? now / ref : 1;
  const sigmas = sigmasFor(model.interval.sigmas, horizon).map((v) => v * ratio);
  return buildRows(pred, sigmas, model.interval.z, model.frequency, s.t[s.t.length - 1], model.nonNegative);
}
