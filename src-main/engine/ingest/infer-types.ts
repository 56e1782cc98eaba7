import type { NumberFormat } from '@shared/project';

/** The type a text column is stored as, and (for dates) the format that parsed every value. */
export interface ColumnType {
  name: string;
  dbType: 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'VARCHAR';
  dateFormat?: string;
  /** European numbers ("1.234,5"): dots group thousands, the comma is the decimal point. */
  decimalComma?: boolean;
  /** Formatted numbers ("$220,000", "22%"): how every value is written (formatted-numbers.ts). */
  numberFormat?: NumberFormat;
}

/**
 * A number written with a decimal comma: an optional sign, digits (plain, or grouped in threes by dots as in
 * German, "1.234.567", or by spaces as in French, "1 234 567" with a plain, no-break or narrow no-break space),
 * an optional comma and decimals, an optional exponent (Excel's "1,5E+03"). The SQL test below is the same
 * pattern, so a value such as "1.5" is never read as 15.
 */
export const COMMA_GROUP = '[. \u00a0\u202f]';
const COMMA_NUMBER = new RegExp(`^\\s*[-+]?([1-9]\\d{0,2}(${COMMA_GROUP}\\d{3})+|\\d+)(,\\d+)?([eE][-+]?\\d+)?\\s*$`);
/** The pattern a whole (space-trimmed) value must match; the exported notebook uses it too. */
export const COMMA_NUMBER_SQL = `[-+]?([1-9][0-9]{0,2}(${COMMA_GROUP}[0-9]{3})+|[0-9]+)(,[0-9]+)?([eE][-+]?[0-9]+)?`;

/** True when the value is a decimal-comma number (or a plain integer, which reads the same either way). */
export const isCommaNumber = (v: string): boolean => COMMA_NUMBER.test(v);

/**
 * True when the sample reads as decimal-comma numbers and at least one shows it: a comma, or a space grouping
 * thousands (which a decimal-point number never has).
 */
export function looksDecimalComma(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  return filled.length > 0 && filled.every(isCommaNumber) && filled.some((v) => /[, \u00a0\u202f]/.test(v.trim()));
}

/**
 * SQL reading a decimal-comma number ("1.234,5") as a DOUBLE, NULL when it is not one: the grouping dots are
 * dropped and the comma becomes the point, so DuckDB parses exactly the digits written ("1.234,56" is 1234.56).
 */
export const commaToDouble = (q: string): string => commaCast(q, 'DOUBLE');

/**
 * The same reading as a BIGINT (exact past 2^53), NULL when it is not a decimal-comma number. Like DuckDB's own
 * text-to-BIGINT cast it rounds "2,5" to 3: use it where every value is whole ("1.250", "3", "7,0").
 */
export const commaToBigint = (q: string): string => commaCast(q, 'BIGINT');

const commaCast = (q: string, type: 'DOUBLE' | 'BIGINT'): string =>
  `CASE WHEN regexp_full_match(trim(${q}), '${COMMA_NUMBER_SQL}') THEN try_cast(replace(regexp_replace(trim(${q}), '${COMMA_GROUP}', '', 'g'), ',', '.') AS ${type}) END`;

/** strptime formats tried on columns whose sample looks like dates; order breaks ties (ISO, then US, then European). */
export const DATE_FORMATS = [
  '%Y-%m-%d',
  '%Y/%m/%d',
  '%m/%d/%Y',
  '%d/%m/%Y',
  '%d.%m.%Y',
  '%d-%m-%Y',
  '%m-%d-%Y',
  '%Y%m%d',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%dT%H:%M',
  '%Y-%m-%d %H:%M:%S.%f',
  '%Y-%m-%dT%H:%M:%S.%f',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%d.%m.%Y %H:%M',
  '%Y-%m',
  '%b %d, %Y',
  '%d %b %Y',
  '%B %d, %Y',
  '%d %B %Y',
  // "Jan 1 2000" (vega-datasets sp500.csv, many spreadsheet exports): the month-name layouts without the comma.
  '%b %d %Y',
  '%B %d %Y',
];
export const HAS_TIME = /%H/;

const DATE_LIKE =
  /^\s*(\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{8}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4})([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\s*$/;

/** True when most sampled values look like dates; only those columns pay for date parsing over all rows. */
export function looksLikeDates(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return false;
  // Eight-digit integers are usually ids or amounts, unless they all read as plausible yyyymmdd.
  if (filled.every((v) => /^\d{8}$/.test(v.trim())))
    return filled.every((v) => /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(v.trim()));
  return filled.filter((v) => DATE_LIKE.test(v)).length >= filled.length * 0.9;
}

/** True when every sampled value is true/false (any case); only such columns get the full check. */
export function looksBoolean(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  return filled.length > 0 && filled.every((v) => /^\s*(true|false)\s*$/i.test(v));
}
