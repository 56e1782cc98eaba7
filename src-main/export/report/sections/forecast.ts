import type { ForecastDetails } from '../../../engine/forecast/run-forecast';
import { cards, esc, note, num, pct, table } from '../html';

/**
 * How the forecast was made: the seasons found (with their strength), how the model was chosen (a
 * rolling-origin backtest at the requested horizon, or information criteria when the history is too short),
 * and how often the backtest's actual values fell inside the 80% and 95% intervals.
 */
const METHOD_NAMES: Record<ForecastDetails['bestMethod'], string> = {
  seasonal_naive: 'Seasonal naive',
  ets: 'Exponential smoothing',
  arima: 'ARIMA',
  dhr: 'Harmonic regression',
  theta: 'Theta',
  gbm_lags: 'Boosted trees',
  stlf: 'STL seasons + ETS or ARIMA',
  combination: 'ETS + ARIMA + Theta',
  ensemble: 'Mean of the closest candidates',
};

/** "Saturday and Sunday", "Sunday" (plural day names read as "Saturdays and Sundays"). */
function listWords(days: string[]): string {
  const plural = days.map((d) => `${d}s`);
  return plural.length === 1 ? plural[0] : `${plural.slice(0, -1).join(', ')} and ${plural[plural.length - 1]}`;
}

/** "location = Seattle (1 of 2 series)" or "all 46 series of city, added up per date". */
export function seriesText(series: NonNullable<ForecastDetails['series']>, column = series.column): string {
  return series.value !== null
    ? `${column} = ${series.value} (1 of ${series.of} series)`
    : `all ${series.of} series of ${column}, ${series.combine === 'sum' ? 'added up' : 'averaged'} per date`;
}

export function forecastMethodSection(d: ForecastDetails, shown: (column: string) => string = (c) => c): string {
  const s = d.bestScores;
  const items = [
    ...(d.series ? [{ label: 'series', value: esc(seriesText(d.series, shown(d.series.column))) }] : []),
    { label: 'Chosen method', value: esc(METHOD_NAMES[d.bestMethod] ?? d.bestMethod) },
    { label: 'seasonal periods (steps)', value: esc(d.seasonPeriods.length ? d.seasonPeriods.join(', ') : 'none') },
    {
      label: d.selection.by === 'backtest' ? `chosen by, ${d.backtest.horizon} steps ahead` : 'chosen by',
      value: esc(d.selection.by === 'backtest' ? `${d.backtest.folds}-fold backtest` : 'AICc (too short to backtest)'),
    },
    ...(s?.coverage80 !== undefined
      ? [
          { label: '80% interval coverage', value: esc(pct(s.coverage80)) },
          { label: '95% interval coverage', value: esc(pct(s.coverage95)) },
        ]
      : []),
  ];
  const tested = table(
    ['period (steps)', 'seasonal strength', 'autocorrelation', 'used'],
    d.seasonalityTested.map((t) => [
      esc(num(t.period)),
      esc(num(t.strength, 2)),
      esc(num(t.acf, 2)),
      t.detected ? 'yes' : 'no',
    ]),
    { numeric: [0, 1, 2] },
  );
  const notes = [
    d.selection.note ? note(esc(d.selection.note)) : '',
    note(
      esc(
        (d.intervalSource === 'model'
          ? "Intervals come from the chosen model's own error distribution"
          : 'Intervals are normal bands with the forecast-error spread measured in the backtest') +
          (d.intervalCalibrated
            ? ', widened step by step until the backtest folds cover 80% and 95%; the coverage above was measured on each fold with the widening fitted on the other folds (the folds overlap, so it can be optimistic).'
            : '; the coverage above is what the backtest measured with them.'),
      ),
    ),
    d.skippedDays?.length
      ? note(
          esc(
            `${listWords(d.skippedDays)} never occur in the data, so the calendar leaves them out: a week is ${7 - d.skippedDays.length} steps, the horizon counts the other days (${d.horizonDays ? `the ${d.horizonDays} days asked for are ` : ''}${d.forecast.length} steps, to ${d.forecast[d.forecast.length - 1]?.date ?? d.end}) and the forecast is dated on them only.`,
          ),
        )
      : '',
    d.duplicatePeriods > 0
      ? note(
          esc(
            `${d.duplicatePeriods} ${d.duplicatePeriods === 1 ? 'period had' : 'periods had'} more than one row (${d.rowsRead} rows read, ${d.points} periods); their values were ${d.aggregation === 'sum' ? 'added up' : 'averaged'}.`,
          ),
        )
      : '',
    d.gapsFilled > 0
      ? note(
          esc(
            `${d.gapsFilled} ${d.gapsFilled === 1 ? 'period' : 'periods'} had no value (${d.fill === 'zero' ? 'set to 0' : 'interpolated for the chart; the ARIMA and ETS likelihoods skip them'}).`,
          ),
        )
      : '',
  ];
  return `${cards(items)}${d.seasonalityTested.length ? tested : ''}${notes.join('')}`;
}
