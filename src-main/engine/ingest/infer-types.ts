/** The type a text column is stored as, and (for dates) the format that parsed every value. */
export interface ColumnType {
  name: string;
  dbType: 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'VARCHAR';
  dateFormat?: string;
  /** European numbers ("1.234,5"): dots group thousands, the comma is the decimal point. */
  decimalComma?: boolean;
}

const COMMA_NUMBER = /^\s*[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?\s*$/;

/** True when the sample reads as decimal-comma numbers (and at least one has a comma). */
export function looksDecimalComma(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  return filled.length > 0 && filled.every((v) => COMMA_NUMBER.test(v)) && filled.some((v) => v.includes(','));
}

/** SQL reading a decimal-comma number ("1.234,5") as a DOUBLE, NULL when it is not one. */
export const commaToDouble = (q: string): string =>
  `try_cast(replace(replace(trim(${q}), '.', ''), ',', '.') AS DOUBLE)`;

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
