import { describe, expect, it } from 'vitest';
import { bundleName } from './bundle';

describe('bundleName', () => {
  it('turns a goal sentence into one dash-separated name, punctuation and all', () => {
    // The host wrote what-would-a-diamond-sell-for_-without-using_-<time>.zip (commas became "_").
    expect(bundleName('What would a diamond sell for, without using x, y and z?')).toBe(
      'what-would-a-diamond-sell-for-without-using-x-y-and-z',
    );
    expect(bundleName('  predict   price!! ')).toBe('predict-price');
  });

  it('keeps letters of any script (the page dropped them and named the bundle "model")', () => {
    expect(bundleName('Цена квартир, Москва')).toBe('цена-квартир-москва');
    expect(bundleName('価格を予測')).toBe('価格を予測');
  });

  it('never names a folder or an empty file, and stays short', () => {
    for (const name of ['', '..', '/', '***']) expect(bundleName(name)).toBe('model');
    expect(bundleName('a '.repeat(100)).length).toBeLessThanOrEqual(80);
    expect(bundleName('x'.repeat(200))).toMatch(/^x{80}$/);
  });
});
