import { describe, expect, it } from 'vitest';
import { horizonText, metricUnit, plainType, unitOfColumn, withUnit } from './units';

describe('units and words from the data', () => {
  it('reads a unit from a column name where it says one', () => {
    expect(unitOfColumn('price ($)')).toBe('$');
    expect(unitOfColumn('weight [kg]')).toBe('kg');
    expect(unitOfColumn('body_mass_g')).toBe('g');
    expect(unitOfColumn('bill_length_mm')).toBe('mm');
    expect(unitOfColumn('salary_usd')).toBe('USD');
    expect(unitOfColumn('growth_pct')).toBe('%');
    expect(unitOfColumn('price')).toBeNull();
    expect(unitOfColumn('births')).toBeNull();
    expect(unitOfColumn('rooms')).toBeNull();
  });

  it('puts error metrics in the target unit', () => {
    expect(metricUnit('rmse', 'body_mass_g')).toBe('g');
    expect(metricUnit('mae', 'price')).toBe('price');
    expect(metricUnit('mse', 'weight [kg]')).toBe('kg²');
    expect(metricUnit('r2', 'price')).toBeNull();
    expect(metricUnit('mase', 'births')).toBeNull();
    expect(withUnit('RMSE', metricUnit('rmse', 'body_mass_g'))).toBe('RMSE (g)');
  });

  it('names types and horizons in plain words', () => {
    expect(['BIGINT', 'DOUBLE', 'VARCHAR', 'TIMESTAMP WITH TIME ZONE', 'BOOLEAN', 'DATE'].map(plainType)).toEqual([
      'whole number',
      'number',
      'text',
      'date and time',
      'yes/no',
      'date',
    ]);
    expect(horizonText(24, 'month')).toBe('24 months');
    expect(horizonText(1, 'day')).toBe('1 day');
    expect(horizonText(14, null)).toBe('14 periods');
  });
});
