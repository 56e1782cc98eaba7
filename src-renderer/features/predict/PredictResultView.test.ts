import { describe, expect, it } from 'vitest';
import { shorten } from './PredictResultView';

describe('prediction preview', () => {
  it('trims long decimals only', () => {
    expect(shorten('25.408419799976745')).toBe('25.4084');
    expect(shorten('0.00012345678912')).toBe('0.000123457');
    expect(shorten('3.5')).toBe('3.5');
    expect(shorten('Adelie')).toBe('Adelie');
    expect(shorten(null)).toBeNull();
  });
});
