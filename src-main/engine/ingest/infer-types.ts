import { ident, lit, num, type Db, type DbRow } from '../util/duckdb';

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

const commaToDouble = (q: string): string => `try_cast(replace(replace(trim(${q}), '.', ''), ',', '.') AS DOUBLE)`;

/** strptime formats tried on columns whose sample looks like dates; order breaks ties (ISO, then US, then European). */
const DATE_FORMATS = [
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
const HAS_TIME = /%H/;

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

/**
 * The checks that decide each column's type over ALL rows, as SELECT-list parts for one scan of the
 * file (so a stray "n/a" on line 900,000 makes the column text instead of a rejected row), and how
 * to read the scan's row. Date columns are checked only with the formats that parsed their first
 * 2,000 values (`dateFormats`, see dateFormatsOnSlice).
 */
export function typeChecks(
  columns: string[],
  dateFormats: Map<string, Array<string | null>>,
  boolCandidates: Set<string>,
  commaCandidates: Set<string>,
): { parts: string[]; decide: (row: DbRow) => ColumnType[] } {
  const parts: string[] = [];
  columns.forEach((name, i) => {
    const q = ident(name);
    const x = `try_cast(${q} AS DOUBLE)`;
    parts.push(
      `count(${q}) AS n${i}`,
      `count(${x}) AS d${i}`,
      // try_cast to BIGINT rounds '2.5', so integers are the values with no fractional part that also fit a BIGINT.
      `count(try_cast(${q} AS BIGINT)) AS i${i}`,
      `count_if(${x} <> trunc(${x})) AS f${i}`,
      // Leading zeros (zip codes, account numbers) keep the column as text: '0' then a digit sorts in ['00', '0:').
      `count_if(${q} >= '00' AND ${q} < '0:') AS z${i}`,
    );
    if (boolCandidates.has(name)) parts.push(`count_if(lower(trim(${q})) IN ('true', 'false')) AS b${i}`);
    if (commaCandidates.has(name)) parts.push(`count(${commaToDouble(q)}) AS c${i}`);
    (dateFormats.get(name) ?? []).forEach((fmt, k) => parts.push(`count(${dateExpr(q, fmt)}) AS t${i}_${k}`));
  });
  const decide = (row: DbRow): ColumnType[] =>
    columns.map((name, i): ColumnType => {
      const n = num(row[`n${i}`]) ?? 0;
      const at = (key: string): number => num(row[`${key}${i}`]) ?? 0;
      if (n === 0) return { name, dbType: 'VARCHAR' };
      if (at('d') === n) {
        if (at('z') > 0) return { name, dbType: 'VARCHAR' };
        return { name, dbType: at('i') === n && at('f') === 0 ? 'BIGINT' : 'DOUBLE' };
      }
      if (boolCandidates.has(name) && at('b') === n) return { name, dbType: 'BOOLEAN' };
      if (commaCandidates.has(name) && at('c') === n) return { name, dbType: 'DOUBLE', decimalComma: true };
      const formats = dateFormats.get(name) ?? [];
      const k = formats.findIndex((_, j) => num(row[`t${i}_${j}`]) === n);
      if (k >= 0) {
        const fmt = formats[k];
        if (fmt === null) return { name, dbType: 'TIMESTAMP', dateFormat: 'ISO 8601' };
        return { name, dbType: HAS_TIME.test(fmt) ? 'TIMESTAMP' : 'DATE', dateFormat: fmt };
      }
      return { name, dbType: 'VARCHAR' };
    });
  return { parts, decide };
}

const dateExpr = (q: string, fmt: string | null): string =>
  fmt ? `try_strptime(trim(${q}), ${lit(fmt)})` : `try_cast(trim(${q}) AS TIMESTAMP)`;

/**
 * The date formats (strptime, then null for ISO 8601 by cast) that parse every one of a column's
 * first non-missing values, in order of preference. `slice` is SQL yielding those values as `v`.
 */
export async function dateFormatsOnSlice(db: Db, slice: string): Promise<Array<string | null>> {
  const tries = DATE_FORMATS.map((f, j) => `count(${dateExpr('v', f)}) AS f${j}`);
  const [head] = await db.all(
    `SELECT count(v) AS n, ${tries.join(', ')}, count(${dateExpr('v', null)}) AS iso FROM (${slice})`,
  );
  const n = num(head.n) ?? 0;
  const out: Array<string | null> = DATE_FORMATS.filter((_, j) => num(head[`f${j}`]) === n);
  if (num(head.iso) === n) out.push(null);
  return out;
}

/** True when every sampled value is true/false (any case); only such columns get the full check. */
export function looksBoolean(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  return filled.length > 0 && filled.every((v) => /^\s*(true|false)\s*$/i.test(v));
}

/** The SELECT list that converts staging text columns to their inferred types. */
export function castList(types: ColumnType[]): string {
  return types
    .map((t) => {
      const q = ident(t.name);
      if (t.dbType === 'VARCHAR') return q;
      if (t.dbType === 'BOOLEAN') return `(lower(trim(${q})) = 'true') AS ${q}`;
      if (t.decimalComma) return `${commaToDouble(q)} AS ${q}`;
      if (t.dateFormat && t.dateFormat !== 'ISO 8601')
        return `CAST(strptime(trim(${q}), ${lit(t.dateFormat)}) AS ${t.dbType}) AS ${q}`;
      return `CAST(trim(${q}) AS ${t.dbType}) AS ${q}`;
    })
    .join(', ');
}
