import { singular, splitName } from './words';

/**
 * Words of a column name that say its values are levels (a temperature, a price, a rate): rows sharing a date are
 * averaged, never added up (two cities' temperatures summed mean nothing).
 */
const LEVEL = new Set(
  (
    'temp temperature tmax tmin tavg degree celsius fahrenheit humidity pressure wind speed price cost rate ratio pct ' +
    'percent percentage share index level average avg mean median score yield height weight age close open high low ' +
    'adj unemployment inflation cpi interest concentration density per capita'
  ).split(' '),
);

/** Words that say the values are amounts over the period (sales, counts): rows sharing a date are added up. */
const FLOW = new Set(
  (
    'sale sell sold count n number num volume revenue amount quantity qty unit order visit visitor passenger birth ' +
    'death case trip ride call booking session click download precipitation precip rain rainfall snow snowfall demand ' +
    'consumption production total sum spend spending transaction arrival admission'
  ).split(' '),
);

/** Facts about a numeric column's values that hint at counts when the name says nothing. */
export interface ValueFacts {
  /** Whole numbers only (DuckDB integer type). */
  integer?: boolean;
  min?: number;
}

/**
 * How rows sharing a date are combined for this column: 'mean' for levels (by the name's words), 'sum' for amounts
 * (by the name's words, else whole numbers from 0 up: counts), 'mean' otherwise (an average of levels still means
 * something; a sum of them does not).
 */
export function combineFor(column: string, facts: ValueFacts = {}): 'sum' | 'mean' {
  const words = splitName(column).map(singular);
  if (words.some((w) => LEVEL.has(w))) return 'mean';
  if (words.some((w) => FLOW.has(w))) return 'sum';
  return facts.integer && (facts.min ?? -1) >= 0 ? 'sum' : 'mean';
}

/** True when the name says the values are levels: duplicates of a date are averaged even when they are many. */
export const namesLevel = (column: string): boolean =>
  splitName(column)
    .map(singular)
    .some((w) => LEVEL.has(w));
