import { ident, lit } from '../util/duckdb';
import type { Check, CheckGroup, Counts } from './column-checks';
import { commaToBigint, commaToDouble, DATE_FORMATS, HAS_TIME, type ColumnType } from './infer-types';
import { MISSING_UNLESS_TEXT } from '../util/missing-cells';
import { formattedToNumber } from './formatted-numbers';
import type { NumberFormat } from '@shared/project';
import { groupBy } from '../util/group-by';

/*
 * A column's type is the first of BIGINT, decimal-comma DOUBLE (candidates only), DOUBLE, formatted numbers
 * ("$220,000", candidates only), BOOLEAN, DATE/TIMESTAMP (by
 * the first strptime format in DATE_FORMATS that parses, then ISO 8601) and VARCHAR that reads every
 * non-missing value. The tests below say, per value, whether a type reads it; the counting checks and
 * the guarded casts use the same tests, so both paths choose the same types.
 */
const isNumber = (v: string): string => `try_cast(${v} AS DOUBLE) IS NOT NULL`;
/** Integral and within BIGINT (try_cast to BIGINT rounds '2.5' to 3, which then differs from 2.5). */
const isWhole = (v: string): string => `try_cast(${v} AS BIGINT) = try_cast(${v} AS DOUBLE)`;
/**
 * Numbers written as codes keep a numeric-looking column as text, so the values stay as written: leading zeros
 * after an optional sign (zip codes, account numbers, '-007'), an underscore (DuckDB reads '2020_01' as 202001)
 * and a doubled sign ('+-5' reads as -5).
 */
const looksLikeCode = (v: string): string => `regexp_matches(${v}, '^\\s*([+-]?0[0-9]|[+-][+-])|_')`;
/** The same test, skipping the regular expression for the usual value (starts with 1-9, no underscore). */
const looksLikeCodeFast = (v: string): string =>
  `CASE WHEN left(${v}, 1) BETWEEN '1' AND '9' AND NOT contains(${v}, '_') THEN false ELSE ${looksLikeCode(v)} END`;
/** A cell as a number, date or true/false column reads it: the words missing only outside text are NULL. */
const typedCell = (v: string): string => MISSING_UNLESS_TEXT.reduce((x, w) => `nullif(${x}, ${lit(w)})`, v);
const isTrueFalse = (v: string): string => `lower(trim(${v})) IN ('true', 'false')`;
const isCommaNumber = (v: string): string => `${commaToDouble(v)} IS NOT NULL`;
/** A whole decimal-comma number within BIGINT ("1.250", "7,0"). */
const isCommaWhole = (v: string): string => `${commaToBigint(v)} = ${commaToDouble(v)}`;
/** A value that reads as the same number with a decimal comma or a decimal point ("3", "-12"; not "1.000" or "1,5"). */
const isEitherWay = (v: string): string => `${commaToDouble(v)} = try_cast(${v} AS DOUBLE)`;
/** Formatted numbers are BIGINT when every value is whole, as plain numbers are; percentages are fractions (DOUBLE). */
const formattedWhole = (v: string, f: NumberFormat): string =>
  f.unit === '%' ? 'false' : `${formattedToNumber(v, f, 'BIGINT')} = ${formattedToNumber(v, f)}`;
const formattedType = (f: NumberFormat, whole: boolean): 'BIGINT' | 'DOUBLE' =>
  whole && f.unit !== '%' ? 'BIGINT' : 'DOUBLE';
const dateExpr = (v: string, fmt: string | null): string =>
  fmt ? `try_strptime(trim(${v}), ${lit(fmt)})` : `try_cast(trim(${v}) AS TIMESTAMP)`;
const isDate = (v: string, fmt: string | null): string => `${dateExpr(v, fmt)} IS NOT NULL`;
const dateKey = (fmt: string | null): string => `t:${fmt ?? 'ISO'}`;

// Conditions go in count_if one at a time: DuckDB's optimiser takes time quadratic in the number of
// ANDs in one query, which matters for tables with hundreds of columns.
const countIf = (key: string, cond: (v: string) => string): Check => ({ key, sql: (v) => `count_if(${cond(v)})` });
const NON_MISSING: Check = { key: 'n', sql: (v) => `count(${v})` };
const NUMERIC_CHECKS = [countIf('d', isNumber), countIf('w', isWhole), countIf('z', looksLikeCode)];
const dateCheck = (fmt: string | null): Check => countIf(dateKey(fmt), (v) => isDate(v, fmt));
const ALL_FORMATS: Array<string | null> = [...DATE_FORMATS, null];

/** Which columns may hold which types, from the sniffed head (JS) and, for the full scan, DuckDB's look at the first rows. */
export interface Candidates {
  numeric: Set<string>;
  bool: Set<string>;
  comma: Set<string>;
  /** Date formats worth trying per column, in order of preference (null = ISO 8601). */
  dateFormats: Map<string, Array<string | null>>;
  /** Columns whose first values are formatted numbers ("$220,000"), and how they are written. */
  formatted: Map<string, NumberFormat>;
}

/** The date-like columns to try in each format (one check per format reads them together). */
export function columnsByFormat(dateFormats: Map<string, Array<string | null>>): Map<string | null, string[]> {
  const tried = [...dateFormats].flatMap(([col, formats]) => formats.map((f) => ({ col, f })));
  return new Map([...groupBy(tried, (t) => t.f)].map(([f, ts]) => [f, ts.map((t) => t.col)]));
}

/** The checks counting, per column, the values each candidate type reads. */
export function typeChecks(columns: string[], c: Candidates): CheckGroup[] {
  const byFormat = columnsByFormat(c.dateFormats);
  const groups = [
    { columns, checks: [NON_MISSING] },
    { columns: columns.filter((col) => c.numeric.has(col)), checks: NUMERIC_CHECKS },
    { columns: columns.filter((col) => c.bool.has(col)), checks: [countIf('b', isTrueFalse)] },
    {
      columns: columns.filter((col) => c.comma.has(col)),
      checks: [countIf('c', isCommaNumber), countIf('cw', isCommaWhole), countIf('ce', isEitherWay)],
    },
    ...[...byFormat].map(([f, cols]) => ({ columns: cols, checks: [dateCheck(f)] })),
    ...[...c.formatted].map(([col, f]) => ({
      columns: [col],
      checks: [
        countIf('f', (v) => `${formattedToNumber(v, f)} IS NOT NULL`),
        countIf('fw', (v) => formattedWhole(v, f)),
      ],
    })),
  ];
  // Every check counts the cells as a typed column would read them ('None' missing): a number column with
  // 'None' gaps is still numbers, and a column that is all 'None' has no typed values, so it stays text.
  return groups.map((g) => ({ ...g, checks: g.checks.map((k) => ({ key: k.key, sql: (v) => k.sql(typedCell(v)) })) }));
}

/** Every column a numeric candidate and every format tried on date-like ones: for the first rows. */
export function headCandidates(columns: string[], c: Omit<Candidates, 'numeric' | 'dateFormats'>, dates: string[]) {
  return { ...c, numeric: new Set(columns), dateFormats: new Map(dates.map((d) => [d, ALL_FORMATS])) };
}

/**
 * What the first rows rule out for the full scan: numeric checks only where every value there was a
 * number, and per date-like column the formats that parsed all its values there. Pruning cannot
 * change the outcome: a type that fails on the first rows fails on all rows.
 */
export function pruneCandidates(columns: string[], c: Candidates, head: Counts): Candidates {
  const at = (col: string, key: string): number => head.get(col)?.get(key) ?? 0;
  const dateFormats = new Map<string, Array<string | null>>();
  for (const [col, formats] of c.dateFormats) {
    const ok = formats.filter((f) => at(col, dateKey(f)) === at(col, 'n'));
    if (ok.length) dateFormats.set(col, ok);
  }
  const formatted = new Map([...c.formatted].filter(([col]) => at(col, 'f') === at(col, 'n')));
  return { ...c, numeric: new Set(columns.filter((col) => at(col, 'd') === at(col, 'n'))), dateFormats, formatted };
}

/** The types the counts support; a column without values is text. */
export function decideTypes(columns: string[], c: Candidates, counts: Counts): ColumnType[] {
  return columns.map((name): ColumnType => {
    const at = (key: string): number => counts.get(name)?.get(key) ?? 0;
    const n = at('n');
    if (n === 0) return { name, dbType: 'VARCHAR' };
    const numeric = c.numeric.has(name) && at('d') === n;
    if (numeric && at('z') > 0) return { name, dbType: 'VARCHAR' };
    // "1.234" and "1.000" in a file that writes decimal commas are 1234 and 1000 (see decimalCommaCandidates), not
    // the 1.234 and 1 a decimal point reads: the comma reading decides unless every value reads the same either way.
    if (c.comma.has(name) && at('c') === n && at('ce') < n)
      return { name, dbType: at('cw') === n ? 'BIGINT' : 'DOUBLE', decimalComma: true };
    if (numeric) return { name, dbType: at('w') === n ? 'BIGINT' : 'DOUBLE' };
    const numberFormat = c.formatted.get(name);
    if (numberFormat && at('f') === n)
      return { name, dbType: formattedType(numberFormat, at('fw') === n), numberFormat };
    if (c.bool.has(name) && at('b') === n) return { name, dbType: 'BOOLEAN' };
    const fmt = (c.dateFormats.get(name) ?? []).find((f) => at(dateKey(f)) === n);
    if (fmt === null) return { name, dbType: 'TIMESTAMP', dateFormat: 'ISO 8601' };
    if (fmt !== undefined) return { name, dbType: HAS_TIME.test(fmt) ? 'TIMESTAMP' : 'DATE', dateFormat: fmt };
    return { name, dbType: 'VARCHAR' };
  });
}

/**
 * SQL converting text `q` to the type. Every value was counted as readable except the words missing only
 * outside text ('None'), so the TRY_ forms turn exactly those into NULL. (A nullif around each cast did the same
 * but made the COPY of a 10,000-column table ten times slower: DuckDB plans the extra CASE per column.)
 */
function castExpr(t: ColumnType, q: string): string {
  if (t.dbType === 'VARCHAR') return q;
  if (t.dbType === 'BOOLEAN') return `CASE lower(trim(${q})) WHEN 'true' THEN true WHEN 'false' THEN false END`;
  if (t.decimalComma) return t.dbType === 'BIGINT' ? commaToBigint(q) : commaToDouble(q);
  if (t.numberFormat) return formattedToNumber(q, t.numberFormat, t.dbType === 'BIGINT' ? 'BIGINT' : 'DOUBLE');
  if (t.dateFormat && t.dateFormat !== 'ISO 8601')
    return `CAST(try_strptime(trim(${q}), ${lit(t.dateFormat)}) AS ${t.dbType})`;
  // DuckDB's numeric casts skip surrounding whitespace themselves.
  if (t.dbType === 'BIGINT' || t.dbType === 'DOUBLE') return `TRY_CAST(${q} AS ${t.dbType})`;
  return `TRY_CAST(trim(${q}) AS ${t.dbType})`;
}

/** The SELECT list that converts text columns to types decided over all rows. */
export function castList(types: ColumnType[]): string {
  return types.map((t) => `${castExpr(t, ident(t.name))} AS ${ident(t.name)}`).join(', ');
}

/** Marks the error a guarded cast raises when a value does not fit the type guessed from the first rows. */
export const GUESS_FAILED = 'automl: type guess does not hold';

/**
 * A query for a COPY that trusts types guessed from the first rows and checks them on the way: a
 * value the guessed type does not read (or any value in a column `unseen` in the first rows) stops
 * the query with GUESS_FAILED. When it runs through, every value was read by its type and no earlier
 * type read the first rows, so the types are what a full scan would have decided. Each cast is
 * computed once in an inner projection (DuckDB does not share them between CASE branches).
 * `from` is the row source.
 */
export function guardedQuery(types: ColumnType[], unseen: Set<string>, comma: Set<string>, from: string): string {
  const stop = `error(${lit(GUESS_FAILED)})`;
  const inner: string[] = [];
  const outer: string[] = [];
  types.forEach((t, i) => {
    const q = ident(t.name);
    const s = `s${i}`;
    // Text keeps every cell as written; the typed columns read 'None' as missing.
    inner.push(`${t.dbType === 'VARCHAR' ? q : typedCell(q)} AS ${s}`);
    const guard = (tests: string[], value: string): string =>
      `CASE WHEN ${s} IS NULL THEN NULL ${tests.map((x) => `WHEN ${x} THEN ${stop}`).join(' ')} ELSE ${value} END AS ${q}`;
    // No typed value in the first rows (so text): any typed value later means a full scan decides.
    if (unseen.has(t.name)) return outer.push(`CASE WHEN ${typedCell(s)} IS NULL THEN ${s} ELSE ${stop} END AS ${q}`);
    if (!t.decimalComma && (t.dbType === 'BIGINT' || t.dbType === 'DOUBLE')) {
      // Cheap prefix test first: the regular expression runs only on values not starting with 1-9.
      inner.push(`try_cast(${q} AS DOUBLE) AS x${i}`, `${looksLikeCodeFast(q)} AS z${i}`);
      // A decimal-comma candidate read with a point holds only while every value reads the same either way.
      if (comma.has(t.name)) inner.push(`${commaToDouble(q)} AS e${i}`);
      const either = comma.has(t.name) ? [`e${i} IS DISTINCT FROM x${i}`] : [];
      if (t.dbType === 'DOUBLE') return outer.push(guard([`z${i}`, `x${i} IS NULL`, ...either], `x${i}`));
      inner.push(`try_cast(${q} AS BIGINT) AS b${i}`);
      return outer.push(guard([`z${i}`, `x${i} IS NULL`, `b${i} IS DISTINCT FROM x${i}`, ...either], `b${i}`));
    }
    if (t.decimalComma) {
      inner.push(`${commaToDouble(q)} AS c${i}`);
      if (t.dbType === 'DOUBLE') return outer.push(guard([`c${i} IS NULL`], `c${i}`));
      inner.push(`${commaToBigint(q)} AS b${i}`);
      return outer.push(guard([`c${i} IS NULL`, `b${i} IS DISTINCT FROM c${i}`], `b${i}`));
    }
    if (t.numberFormat) {
      inner.push(`${formattedToNumber(q, t.numberFormat)} AS c${i}`);
      if (t.dbType === 'DOUBLE') return outer.push(guard([`c${i} IS NULL`], `c${i}`));
      inner.push(`${formattedToNumber(q, t.numberFormat, 'BIGINT')} AS b${i}`);
      return outer.push(guard([`c${i} IS NULL`, `b${i} IS DISTINCT FROM c${i}`], `b${i}`));
    }
    if (t.dbType === 'BOOLEAN') return outer.push(guard([`NOT (${isTrueFalse(s)})`], castExpr(t, s)));
    if (t.dateFormat) {
      inner.push(`${dateExpr(q, t.dateFormat === 'ISO 8601' ? null : t.dateFormat)} AS t${i}`);
      return outer.push(guard([`t${i} IS NULL`], `CAST(t${i} AS ${t.dbType})`));
    }
    outer.push(`${s} AS ${q}`);
  });
  return `SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${from})`;
}
