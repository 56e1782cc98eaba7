import { ident, lit, num, type Db } from '../util/duckdb';

/** The type a text column is stored as, and (for dates) the format that parsed every value. */
export interface ColumnType {
  name: string;
  dbType: 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'VARCHAR';
  dateFormat?: string;
}

/** strptime formats tried on columns whose sample looks like dates; order breaks ties (ISO, then US, then European). */
const DATE_FORMATS = [
  '%Y-%m-%d', '%Y/%m/%d', '%m/%d/%Y', '%d/%m/%Y', '%d.%m.%Y', '%d-%m-%Y', '%m-%d-%Y', '%Y%m%d',
  '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f',
  '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d.%m.%Y %H:%M',
  '%Y-%m', '%b %d, %Y', '%d %b %Y', '%B %d, %Y', '%d %B %Y',
];
const HAS_TIME = /%H/;

const DATE_LIKE = /^\s*(\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{8}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4})([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\s*$/;

/** True when most sampled values look like dates; only those columns pay for date parsing over all rows. */
export function looksLikeDates(values: string[]): boolean {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return false;
  // Eight-digit integers are usually ids or amounts, unless they all read as plausible yyyymmdd.
  if (filled.every((v) => /^\d{8}$/.test(v.trim()))) return filled.every((v) => /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(v.trim()));
  return filled.filter((v) => DATE_LIKE.test(v)).length >= filled.length * 0.9;
}

/**
 * Decides each column's type over ALL rows of the all-text staging table (one aggregate scan),
 * so a stray "n/a" on line 900,000 makes the column text instead of a rejected row.
 */
export async function inferTypes(db: Db, table: string, columns: string[], dateCandidates: Set<string>): Promise<ColumnType[]> {
  const parts: string[] = [];
  columns.forEach((name, i) => {
    const q = ident(name);
    parts.push(
      `count(${q}) AS n${i}`,
      // DuckDB rounds '2.5' to a BIGINT, so integer-ness is checked on the text too.
      `count_if(try_cast(${q} AS BIGINT) IS NOT NULL AND NOT regexp_matches(${q}, '[.eE]')) AS i${i}`,
      `count(try_cast(${q} AS DOUBLE)) AS d${i}`,
      // Leading zeros (zip codes, account numbers) must stay text.
      `count_if(regexp_matches(${q}, '^\\s*[-+]?0[0-9]')) AS z${i}`,
      `count_if(lower(trim(${q})) IN ('true', 'false')) AS b${i}`,
    );
    if (dateCandidates.has(name)) {
      DATE_FORMATS.forEach((f, j) => parts.push(`count(try_strptime(trim(${q}), ${lit(f)})) AS f${i}_${j}`));
      parts.push(`count(try_cast(trim(${q}) AS TIMESTAMP)) AS iso${i}`);
    }
  });
  const [row] = await db.all(`SELECT ${parts.join(', ')} FROM ${table}`);
  return columns.map((name, i): ColumnType => {
    const n = num(row[`n${i}`]) ?? 0;
    if (n === 0) return { name, dbType: 'VARCHAR' };
    const zeros = (num(row[`z${i}`]) ?? 0) > 0;
    if (!zeros && num(row[`i${i}`]) === n) return { name, dbType: 'BIGINT' };
    if (!zeros && num(row[`d${i}`]) === n) return { name, dbType: 'DOUBLE' };
    if (num(row[`b${i}`]) === n) return { name, dbType: 'BOOLEAN' };
    if (dateCandidates.has(name)) {
      const j = DATE_FORMATS.findIndex((_, k) => num(row[`f${i}_${k}`]) === n);
      if (j >= 0) return { name, dbType: HAS_TIME.test(DATE_FORMATS[j]) ? 'TIMESTAMP' : 'DATE', dateFormat: DATE_FORMATS[j] };
      if (num(row[`iso${i}`]) === n) return { name, dbType: 'TIMESTAMP', dateFormat: 'ISO 8601' };
    }
    return { name, dbType: 'VARCHAR' };
  });
}

/** The SELECT list that converts staging text columns to their inferred types. */
export function castList(types: ColumnType[]): string {
  return types
    .map((t) => {
      const q = ident(t.name);
      if (t.dbType === 'VARCHAR') return q;
      if (t.dbType === 'BOOLEAN') return `(lower(trim(${q})) = 'true') AS ${q}`;
      if (t.dateFormat && t.dateFormat !== 'ISO 8601') return `CAST(strptime(trim(${q}), ${lit(t.dateFormat)}) AS ${t.dbType}) AS ${q}`;
      return `CAST(trim(${q}) AS ${t.dbType}) AS ${q}`;
    })
    .join(', ');
}
