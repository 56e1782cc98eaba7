import { afterEach, describe, expect, it } from 'vitest';
import { formatMetric, formatNumber } from './charts';
import {
  formatDay,
  formatDecimal,
  formatDuration,
  formatInteger,
  formatRelative,
  formatSeconds,
  getLocale,
  localeFromPosix,
  localize,
  setLocale,
} from './locale';

afterEach(() => setLocale('en-US'));

describe('locale', () => {
  it('English by default; German decimal commas and dot grouping once set', () => {
    expect(formatMetric('rmse', 3.56)).toBe('3.560');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(setLocale('de-DE')).toBe(true);
    expect(getLocale()).toBe('de-DE');
    expect(formatMetric('rmse', 3.56)).toBe('3,560');
    expect(formatMetric('accuracy', 0.9234)).toBe('92,3%');
    expect(formatMetric('rmse', 859312.4)).toBe('859.312');
    expect(formatInteger(1234567)).toBe('1.234.567');
    expect(formatNumber(0.25, 'decimal2')).toBe('0,25');
    expect(formatNumber(2.5e-5)).toBe('2,50e-5');
    expect(formatDay(Date.UTC(2026, 11, 6, 12))).toMatch(/^6\. Dez\.? 2026$/);
  });

  it('French groups with a narrow space; unknown tags change nothing', () => {
    setLocale('fr-FR');
    expect(localize('1,234.5')).toMatch(/^1\s234,5$/u);
    expect(setLocale('not a locale!')).toBe(false);
    expect(getLocale()).toBe('fr-FR');
    expect(setLocale('')).toBe(false);
  });

  it('reads POSIX locale names', () => {
    expect(localeFromPosix('de_DE.UTF-8')).toBe('de-DE');
    expect(localeFromPosix('fr')).toBe('fr');
    expect(localeFromPosix('C')).toBe(null);
    expect(localeFromPosix(undefined)).toBe(null);
  });
});

describe('tick labels', () => {
  it('a step of 2.5 keeps its decimal (2.5, not 3)', () => {
    expect([-5, -2.5, 0, 2.5, 5].map((v) => formatNumber(v, 'auto', 2.5))).toEqual([
      '-5.0',
      '-2.5',
      '0.0',
      '2.5',
      '5.0',
    ]);
    expect(formatNumber(0.25, 'auto', 0.25)).toBe('0.25');
    expect(formatNumber(40, 'auto', 20)).toBe('40');
  });
});

describe('durations', () => {
  it('English keeps the short forms; German takes Intl unit words and decimal commas', () => {
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatSeconds(8.14)).toBe('8.1 s');
    expect(formatDecimal(1234.5, 2)).toBe('1234.50');
    setLocale('de-DE');
    expect(formatDuration(42.4)).toBe('42 Sek.');
    expect(formatDuration(185)).toBe('3 Min. 05 Sek.');
    expect(formatDuration(3725)).toBe('1 Std. 02 Min.');
    expect(formatSeconds(8.14)).toBe('8,1 Sek.');
    expect(formatDecimal(0.25, 3)).toBe('0,250');
    expect(formatRelative(0, 5 * 60_000)).toBe('vor 5 Minuten');
    expect(formatRelative(0, 2 * 86_400_000)).toBe('vorgestern');
    expect(formatRelative(0, 10_000)).toBe('jetzt');
  });
});
