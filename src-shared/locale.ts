/**
 * The person's locale for numbers and dates (Intl), set once per process: the renderer from the browser's language,
 * the export job from the locale the app asked for, the CLI from LANG. Formatters build the English form of a
 * number (their rounding rules stay in one place) and `localize` swaps in the locale's separators, so 1,234.5 reads
 * 1.234,5 in German and 1 234,5 in French. English (en-US) until set.
 */
let current = 'en-US';
let separators = { group: ',', decimal: '.' };

/** Takes a BCP 47 tag ("de-DE", "fr"); an unknown or malformed one leaves the locale as it was. False then. */
export function setLocale(tag: string | null | undefined): boolean {
  if (!tag) return false;
  let supported: string[];
  try {
    supported = Intl.NumberFormat.supportedLocalesOf([tag]);
  } catch {
    return false;
  }
  if (!supported.length) return false;
  current = supported[0];
  const parts = new Intl.NumberFormat(current, { useGrouping: true }).formatToParts(12345.6);
  separators = {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
  return true;
}

export function getLocale(): string {
  return current;
}

/** A locale tag from a POSIX locale name ("de_DE.UTF-8" → "de-DE"); null for "C" and "POSIX". */
export function localeFromPosix(name: string | undefined): string | null {
  const m = /^([a-z]{2,3})(?:_([A-Z]{2}))?/.exec(name ?? '');
  return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : null;
}

/** An English-formatted number ("-1,234.5", "3.2e-4", "12%") with the locale's group and decimal separators. */
export function localize(english: string): string {
  if (separators.group === ',' && separators.decimal === '.') return english;
  return english.replace(/[,.]/g, (c) => (c === ',' ? separators.group : separators.decimal));
}

/** A whole number with the locale's grouping (1,234 / 1.234). */
export function formatInteger(n: number): string {
  return localize(Math.round(n).toLocaleString('en-US'));
}

/** A calendar date in the locale's words ("6 Dec 2026", "6. Dez. 2026"). */
export function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString(current, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A date and time in the locale's form. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(current);
}
