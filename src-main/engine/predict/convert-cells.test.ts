import { describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import type { ModelFeature } from '../pipeline/model-json';
import { convertColumn, parseDate, strptime } from './convert-cells';

const f = (kind: ModelFeature['kind'], extra: Partial<ModelFeature> = {}): ModelFeature => ({
  name: 'c',
  kind,
  onnxType: kind === 'categorical' || kind === 'text' ? 'string' : 'double',
  ...extra,
});

describe('convertColumn', () => {
  it('reads numbers with NA-like cells as missing and names the row of a bad value', () => {
    expect(Array.from(convertColumn(f('numeric'), ['1.5', ' -2e3 ', 'NA', null, '.5'], 1) as Float64Array)).toEqual([
      1.5,
      -2000,
      NaN,
      NaN,
      0.5,
    ]);
    try {
      convertColumn(f('numeric'), ['1', '0x10'], 41);
      expect.unreachable();
    } catch (e) {
      expect((e as CodedError).code).toBe('column-type');
      expect((e as CodedError).detail).toEqual({ row: 42, column: 'c', value: '0x10' });
    }
  });

  it('reads yes/no values as 1/0', () => {
    expect(Array.from(convertColumn(f('boolean'), ['Yes', 'false', '1', 'T', ''], 1) as Float64Array)).toEqual([
      1,
      0,
      1,
      1,
      NaN,
    ]);
    expect(() => convertColumn(f('boolean'), ['maybe'], 1)).toThrow(/Row 1: column 'c' holds "maybe"/);
  });

  it('prints categories the way the training column type printed them', () => {
    expect(convertColumn(f('categorical', { dbType: 'BIGINT' }), ['007', '+3', 'x', ''], 1)).toEqual([
      '7',
      '3',
      'x',
      null,
    ]);
    expect(convertColumn(f('categorical', { dbType: 'DOUBLE' }), ['3', '2.50'], 1)).toEqual(['3.0', '2.5']);
    expect(convertColumn(f('categorical', { dbType: 'VARCHAR' }), ['007'], 1)).toEqual(['007']);
  });
});

describe('dates', () => {
  it('parses ISO timestamps as UTC, honouring offsets, and refuses impossible dates', () => {
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('2024-02-29 13:05:07.25')).toBe(Date.UTC(2024, 1, 29, 13, 5, 7, 250));
    expect(parseDate('2024-02-29T13:05:00+02:00')).toBe(Date.UTC(2024, 1, 29, 11, 5));
    expect(parseDate('1931-12-31T23:59:59Z')).toBe(Date.UTC(1931, 11, 31, 23, 59, 59));
    expect(parseDate('2024-02-29 13:05:00-03')).toBe(Date.UTC(2024, 1, 29, 16, 5));
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('')).toBeNaN();
  });

  it('parses the training strptime format', () => {
    expect(strptime('03/15/2020', '%m/%d/%Y')).toBe(Date.UTC(2020, 2, 15));
    expect(strptime('15-Mar-99 7:30 PM', '%d-%b-%y %I:%M %p')).toBe(Date.UTC(1999, 2, 15, 19, 30));
    expect(parseDate('15/03/2020', '%d/%m/%Y')).toBe(Date.UTC(2020, 2, 15));
    expect(() => convertColumn(f('datetime', { dateFormat: '%d/%m/%Y' }), ['2020/03/15x'], 7)).toThrow(
      /Row 7.*expected %d\/%m\/%Y/,
    );
  });
});
