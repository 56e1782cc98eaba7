import { afterEach, describe, expect, it } from 'vitest';
import { formatMetric, formatNumber, formatTicks } from './charts';
import {
  formatComputed,
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

  it('writes a computed value one way: six significant digits, never fewer than the whole part', () => {
    expect(formatComputed(24.996)).toBe('24.996');
    expect(formatComputed(25.408419799976745)).toBe('25.4084');
    expect(formatComputed(0.00012345678912)).toBe('0.000123457');
    expect(formatComputed(1234567.89)).toBe('1234568');
    expect(formatComputed(-3.5)).toBe('-3.5');
    expect(formatComputed(Number.NaN)).toBe('–');
    setLocale('de-DE');
    expect(formatComputed(24.996)).toBe('24,996');
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

  it('one axis, one style: 6k … 14k, not 6000, 8000, 10k', () => {
    expect(formatTicks([6000, 8000, 10000, 12000, 14000], 'auto', 2000)).toEqual(['6k', '8k', '10k', '12k', '14k']);
    expect(formatTicks([0, 250_000, 500_000, 750_000, 1_000_000], 'auto', 250_000)).toEqual([
      '0',
      '0.25M',
      '0.5M',
      '0.75M',
      '1M',
    ]);
    // Below 10,000 nothing is abbreviated.
    expect(formatTicks([0, 2500, 5000, 7500], 'auto', 2500)).toEqual(['0', '2500', '5000', '7500']);
    setLocale('de-DE');
    expect(formatTicks([10000, 12500, 15000], 'auto', 2500)).toEqual(['10k', '12,5k', '15k']);
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
