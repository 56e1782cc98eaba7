/**
 * Units and plain words from the data: the unit of a target (read from its name where the name says it),
 * the unit an error metric is measured in, plain type names and horizons in the data's own periods.
 * One place, so the screens and the report say the same thing.
 */

const CURRENCY = /(?:^|[_\s-])(usd|eur|gbp|jpy|chf|cad|aud|cny|inr|sek|nok|dkk)$/i;
const SUFFIX =
  /(?:^|[_\s-])(mm|cm|km|m|g|kg|mg|lb|lbs|oz|t|ms|s|sec|secs|min|mins|h|hr|hrs|hours|days|weeks|years|kwh|wh|kw|w|mph|kmh|kph|pct|percent|degc|degf|celsius|fahrenheit|l|ml|ha|sqft|m2)$/i;
const WORDS: Record<string, string> = {
  pct: '%',
  percent: '%',
  secs: 's',
  sec: 's',
  mins: 'min',
  hr: 'h',
  hrs: 'h',
  hours: 'h',
  lbs: 'lb',
  kmh: 'km/h',
  kph: 'km/h',
  degc: '°C',
  celsius: '°C',
  degf: '°F',
  fahrenheit: '°F',
  m2: 'm²',
};

/**
 * The unit a column's name states: "price ($)" → "$", "weight [kg]" → "kg", "body_mass_g" → "g",
 * "salary_usd" → "USD", "growth_pct" → "%". Null when the name says none.
 */
export function unitOfColumn(name: string): string | null {
  const bracket = /[([]\s*([^()[\]]{1,12})\s*[)\]]\s*$/.exec(name);
  if (bracket) return bracket[1].trim();
  if (/\$/.test(name)) return '$';
  const currency = CURRENCY.exec(name);
  if (currency) return currency[1].toUpperCase();
  const suffix = SUFFIX.exec(name);
  if (suffix) return WORDS[suffix[1].toLowerCase()] ?? suffix[1].toLowerCase();
  return null;
}

/**
 * What an error metric is measured in, for a regression or forecast target: RMSE and MAE are in the target's
 * unit (its stated unit, else "the target's units": `price`), MSE in that unit squared. Null for unit-free metrics.
 */
export function metricUnit(metric: string, target: string | null): string | null {
  if (!target || !['rmse', 'mae', 'mse'].includes(metric)) return null;
  const unit = unitOfColumn(target);
  if (metric === 'mse') return unit ? `${unit}²` : `${target}²`;
  return unit ?? target;
}

/** A metric's name with its unit: "RMSE (g)", "MAE (price)"; unchanged without one. */
export function withUnit(label: string, unit: string | null): string {
  return unit ? `${label} (${unit})` : label;
}

/** DuckDB's type names in words a person reads. */
export function plainType(dbType: string): string {
  const t = dbType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)\b/.test(t))
    return 'whole number';
  if (/^(FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)/.test(t)) return 'number';
  if (/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)/.test(t)) return 'text';
  if (t === 'BOOLEAN' || t === 'BOOL') return 'yes/no';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'date and time';
  if (t === 'TIME') return 'time of day';
  if (t === 'INTERVAL') return 'duration';
  if (t.endsWith('[]') || t.startsWith('LIST') || t.startsWith('STRUCT') || t.startsWith('MAP')) return 'nested data';
  return dbType.toLowerCase();
}

/** The spacing of dated rows (ColumnProfile.period, or a forecast's frequency unit). */
export type Period = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** "24 months", "1 day", "30 days"; "14 periods" when the spacing is not known. */
export function horizonText(n: number, period: Period | string | null | undefined): string {
  const known = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'].includes(period ?? '');
  const unit = known ? (period as string) : 'period';
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
