import { ident, lit, num, type Db } from '../util/duckdb';
import type { Sources } from './load-table';

/** Number columns paired at most: 30 columns are 435 pairs, two counts each, in one pass over the sample. */
const MAX_COLUMNS = 30;

/** Two number columns whose equality sorts a two-class target: "rtime = dtime" is 'no recurrence'. */
export interface EqualPair {
  a: string;
  b: string;
  /** The class of the rows where a = b. */
  equalClass: string;
  /** Share of labelled rows the rule "a = b → equalClass, else the other class" gets right. */
  accuracy: number;
}

/**
 * Pairs of number columns whose being equal predicts a two-class target: a survival table's time to the event and
 * its follow-up time are equal exactly when the event did not happen (survival::rotterdam: rtime = dtime on 1,421 of
 * 1,464 rows without recurrence and 13 of 1,518 with it, 98.1% of rows right), so a model reads the outcome from two
 * columns that are only known after it, though neither predicts it alone.
 */
export async function equalPairs(
  db: Db,
  src: Sources,
  target: string,
  classes: [string, string],
  columns: string[],
): Promise<EqualPair[]> {
  const cols = columns.slice(0, MAX_COLUMNS);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < cols.length; i++) for (let j = i + 1; j < cols.length; j++) pairs.push([cols[i], cols[j]]);
  if (!pairs.length) return [];
  const positive = `CAST(${ident(target)} AS VARCHAR) = ${lit(classes[0])}`;
  const counts = pairs.map(([a, b], k) => {
    const equal = `${ident(a)} = ${ident(b)}`;
    return `count_if(${equal} AND ${positive}) AS p${k}, count_if(${equal} AND NOT ${positive}) AS n${k}`;
  });
  const [row] = await db.all(
    `SELECT count_if(${positive}) AS pos, count(*) AS total, ${counts.join(', ')} FROM ${src.s} WHERE ${ident(target)} IS NOT NULL`,
  );
  const pos = num(row?.pos) ?? 0;
  const total = num(row?.total) ?? 0;
  if (!total) return [];
  return pairs.map(([a, b], k) => {
    const eqPos = num(row[`p${k}`]) ?? 0;
    const eqNeg = num(row[`n${k}`]) ?? 0;
    // "equal → positive, else negative" or the other way round.
    const toPositive = (eqPos + (total - pos - eqNeg)) / total;
    const toNegative = (eqNeg + (pos - eqPos)) / total;
    return toPositive >= toNegative
      ? { a, b, equalClass: classes[0], accuracy: toPositive }
      : { a, b, equalClass: classes[1], accuracy: toNegative };
  });
}
