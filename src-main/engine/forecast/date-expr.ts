import type { DuckDBConnection } from '@duckdb/node-api';
import { CodedError } from '@shared/errors';
import { kindOfDbType, sourceSql } from '../analytics/read-table';
import { ident } from '../util/duckdb';

const STRING_FORMATS = [
  '%Y-%m-%d',
  '%Y-%m',
  '%Y/%m/%d',
  '%Y/%m',
  '%m/%d/%Y',
  '%d/%m/%Y',
  '%d.%m.%Y',
  '%Y%m%d',
  '%b %Y',
  '%Y %b',
  '%m/%d/%Y %H:%M',
  '%d/%m/%Y %H:%M',
  '%Y-%m-%d %H:%M',
  '%b-%d-%Y',
  '%d-%b-%Y',
];

/**
 * Finds a SQL expression that turns the date column into a TIMESTAMP: native dates as they are,
 * integer years (1990) or yyyymmdd numbers, and text in common layouts (ISO, 1990-01, 01/31/1990, 1990Q1...).
 */
export async function timestampExpr(
  conn: DuckDBConnection,
  path: string,
  column: string,
  dbType: string,
): Promise<string> {
  const q = ident(column);
  const src = sourceSql(path);
  const kind = kindOfDbType(dbType);
  if (kind === 'datetime') return `CAST(${q} AS TIMESTAMP)`;
  if (kind === 'numeric') {
    const r = (
      await conn.runAndReadAll(`SELECT min(${q})::DOUBLE, max(${q})::DOUBLE, bool_and(${q} = floor(${q})) FROM ${src}`)
    ).getRowsJS()[0];
    const [lo, hi, ints] = [Number(r[0]), Number(r[1]), r[2] === true];
    if (ints && lo >= 1000 && hi <= 3000) return `make_timestamp(CAST(${q} AS BIGINT), 1, 1, 0, 0, 0)`;
    if (ints && lo >= 10000101 && hi <= 30001231)
      return `try_strptime(CAST(CAST(${q} AS BIGINT) AS VARCHAR), '%Y%m%d')`;
    if (ints && lo >= 100001 && hi <= 300012) return `try_strptime(CAST(CAST(${q} AS BIGINT) AS VARCHAR), '%Y%m')`;
    throw new CodedError(
      'column-type',
      `Column '${column}' holds numbers that are not dates or years. Choose a date column with --date.`,
    );
  }
  const s = `trim(CAST(${q} AS VARCHAR))`;
  const candidates = [
    `TRY_CAST(${s} AS TIMESTAMP)`,
    ...STRING_FORMATS.map((f) => `try_strptime(${s}, '${f}')`),
    `CASE WHEN regexp_matches(${s}, '^[0-9]{4}[ -]?Q[1-4]$') THEN make_timestamp(CAST(substr(${s}, 1, 4) AS BIGINT), (CAST(right(${s}, 1) AS BIGINT) - 1) * 3 + 1, 1, 0, 0, 0) END`,
  ];
  const counts = candidates.map((c) => `count(${c})`).join(', ');
  const row = (await conn.runAndReadAll(`SELECT count(${q}), ${counts} FROM ${src}`)).getRowsJS()[0].map(Number);
  const total = row[0];
  if (total === 0) throw new CodedError('dataset-empty', `Date column '${column}' is empty.`);
  let best = -1;
  for (let i = 1; i < row.length; i++) if (best < 0 || row[i] > row[best + 1]) best = i - 1;
  if (row[best + 1] < total * 0.98) {
    throw new CodedError(
      'column-type',
      `Column '${column}' could not be read as dates (${row[best + 1]} of ${total} values parsed). Use ISO dates like 2024-01-31 or choose another column with --date.`,
    );
  }
  return candidates[best];
}
