import { describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import type { SeriesKey } from '@shared/project';
import { asksForTotal, chooseSeries, namedSeries } from './series-choice';
import { combineFor } from './level-words';

const cities: SeriesKey = {
  date: 'date',
  key: 'city',
  values: ['Abilene', 'Austin', 'San Antonio', 'Antonio', 'Houston', 'NE Tarrant County'],
};
const stores: SeriesKey = { date: 'day', key: 'store', values: ['A', 'B', 'C'] };

describe('the series a goal names among several side by side', () => {
  it('finds a value of the key in the sentence, the longest first, whatever its case', () => {
    expect(namedSeries('forecast monthly sales in Austin', cities)).toBe('Austin');
    expect(namedSeries('what will the inventory be in san antonio next year', cities)).toBe('San Antonio');
    expect(namedSeries('forecast sales for NE Tarrant County', cities)).toBe('NE Tarrant County');
    expect(namedSeries('forecast monthly sales', cities)).toBeNull();
  });

  it('reads a one-letter value only right after the key name ("a" is a word too)', () => {
    expect(namedSeries('forecast a week of sales', stores)).toBeNull();
    expect(namedSeries('forecast the sales of store B', stores)).toBe('B');
  });

  it('hears "total", "overall", "across all cities" as every series together, but not "all of next year"', () => {
    expect(asksForTotal('forecast total sales', cities)).toBe(true);
    expect(asksForTotal('forecast the median price across all cities', cities)).toBe(true);
    expect(asksForTotal('forecast sales in every store', stores)).toBe(true);
    expect(asksForTotal('forecast all of next year', cities)).toBe(false);
  });

  it('chooses the named series, else the total when asked, else the one with the most rows', () => {
    expect(chooseSeries('forecast sales in Houston', cities, 'sum')).toMatchObject({ value: 'Houston', by: 'goal' });
    expect(chooseSeries('forecast total sales', cities, 'sum')).toMatchObject({ value: null, combine: 'sum' });
    // "average" combines amounts by their mean.
    expect(chooseSeries('forecast average sales over all cities', cities, 'sum')).toMatchObject({
      value: null,
      combine: 'mean',
    });
    expect(chooseSeries('forecast sales', cities, 'sum')).toMatchObject({ value: 'Abilene', by: 'first' });
  });

  it('takes a chosen series in any case as the data writes it, and refuses one the key does not hold', () => {
    expect(chooseSeries('', cities, 'sum', { column: 'city', value: 'austin' }).value).toBe('Austin');
    expect(chooseSeries('', cities, 'sum', { column: 'city', value: 'total' }).value).toBeNull();
    let err: unknown;
    try {
      chooseSeries('', cities, 'sum', { column: 'city', value: 'Dallas' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('invalid-input');
    expect((err as CodedError).message).toBe(
      "'city' has no series 'Dallas'. Its 6 series are: Abilene, Austin, San Antonio, Antonio, Houston, NE Tarrant County. Choose one of them, or all of them combined.",
    );
  });
});

describe('levels are averaged, amounts added up', () => {
  it('reads the name first, then whole numbers from 0 as counts', () => {
    expect(combineFor('temp_max')).toBe('mean');
    expect(combineFor('median')).toBe('mean');
    expect(combineFor('unit_price', { integer: true, min: 1 })).toBe('mean');
    expect(combineFor('sales', { integer: false })).toBe('sum');
    expect(combineFor('precipitation')).toBe('sum');
    // txhousing: listings (whole numbers) add up; inventory (months of stock, 6.3) does not.
    expect(combineFor('listings', { integer: true, min: 0 })).toBe('sum');
    expect(combineFor('inventory', { integer: false, min: 0 })).toBe('mean');
  });
});
