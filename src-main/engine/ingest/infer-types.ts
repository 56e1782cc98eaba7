import { ident, lit, num, type Db } from '../util/duckdb';

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
 * Decides each column's type over ALL rows of the all-text staging table, so a stray "n/a" on
 * line 900,000 makes the column text instead of a rejected row. Cheap casts run over everything;
 * date formats are first tried on a 2,000-row slice and only the winner is checked on all rows.
 */
export async function inferTypes(
  db: Db,
  table: string,
  columns: string[],
  dateCandidates: Set<string>,
  boolCandidates: Set<string> = new Set(),
  commaCandidates: Set<string> = new Set(),
): Promise<ColumnType[]> {
  // Pass 1, every column: how many values, how many read as numbers. String functions are slow
  // on tens of millions of values, so the finer checks below run only where they can matter.
  const first = await db.all(
    `SELECT ${columns.map((name, i) => `count(${ident(name)}) AS n${i}, count(try_cast(${ident(name)} AS DOUBLE)) AS d${i}`).join(', ')} FROM ${table}`,
  );
  const n = columns.map((_, i) => num(first[0][`n${i}`]) ?? 0);
  const numeric = columns.map((_, i) => n[i] > 0 && num(first[0][`d${i}`]) === n[i]);
  const checks: string[] = [];
  columns.forEach((name, i) => {
    const q = ident(name);
    if (numeric[i]) {
      checks.push(
        // try_cast to BIGINT rounds '2.5', so integers are the values with no fractional part that also fit a BIGINT.
        `count(try_cast(${q} AS BIGINT)) AS i${i}`,
        `count_if(try_cast(${q} AS DOUBLE) <> trunc(try_cast(${q} AS DOUBLE))) AS f${i}`,
        // Leading zeros (zip codes, account numbers) keep the column as text: '0' then a digit sorts in ['00', '0:').
        `count_if(${q} >= '00' AND ${q} < '0:') AS z${i}`,
      );
    } else if (boolCandidates.has(name)) {
      checks.push(`count_if(lower(trim(${q})) IN ('true', 'false')) AS b${i}`);
    } else if (commaCandidates.has(name)) {
      checks.push(`count(${commaToDouble(q)}) AS c${i}`);
    }
  });
  const row = checks.length ? (await db.all(`SELECT ${checks.join(', ')} FROM ${table}`))[0] : {};
  const out: ColumnType[] = [];
  for (const [i, name] of columns.entries()) {
    if (n[i] === 0) out.push({ name, dbType: 'VARCHAR' });
    else if (numeric[i] && (num(row[`z${i}`]) ?? 0) > 0) out.push({ name, dbType: 'VARCHAR' });
    else if (numeric[i])
      out.push({ name, dbType: num(row[`i${i}`]) === n[i] && num(row[`f${i}`]) === 0 ? 'BIGINT' : 'DOUBLE' });
    else if (boolCandidates.has(name) && num(row[`b${i}`]) === n[i]) out.push({ name, dbType: 'BOOLEAN' });
    else if (commaCandidates.has(name) && num(row[`c${i}`]) === n[i])
      out.push({ name, dbType: 'DOUBLE', decimalComma: true });
    else if (dateCandidates.has(name))
      out.push((await inferDate(db, table, name, n[i])) ?? { name, dbType: 'VARCHAR' });
    else out.push({ name, dbType: 'VARCHAR' });
  }
  return out;
}

/** True when every sampled value is true/false (any case); only such columns get the full check. */
export function looksBoolean(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  return filled.length > 0 && filled.every((v) => /^\s*(true|false)\s*$/i.test(v));
}

/** The first date format that parses a 2,000-row slice, confirmed on every row; null if none holds. */
async function inferDate(db: Db, table: string, name: string, nonNull: number): Promise<ColumnType | null> {
  const q = ident(name);
  const tries = DATE_FORMATS.map((f, j) => `count(try_strptime(trim(${q}), ${lit(f)})) AS f${j}`);
  const [head] = await db.all(
    `SELECT count(${q}) AS n, ${tries.join(', ')}, count(try_cast(trim(${q}) AS TIMESTAMP)) AS iso FROM (SELECT ${q} FROM ${table} WHERE ${q} IS NOT NULL LIMIT 2000)`,
  );
  const n = num(head.n) ?? 0;
  const candidates: Array<string | null> = DATE_FORMATS.filter((_, j) => num(head[`f${j}`]) === n);
  if (num(head.iso) === n) candidates.push(null);
  for (const fmt of candidates) {
    const expr = fmt ? `try_strptime(trim(${q}), ${lit(fmt)})` : `try_cast(trim(${q}) AS TIMESTAMP)`;
    const [all] = await db.all(`SELECT count(${expr}) AS ok FROM ${table}`);
    if (num(all.ok) !== nonNull) continue;
    if (fmt === null) return { name, dbType: 'TIMESTAMP', dateFormat: 'ISO 8601' };
    return { name, dbType: HAS_TIME.test(fmt) ? 'TIMESTAMP' : 'DATE', dateFormat: fmt };
  }
  return null;
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
