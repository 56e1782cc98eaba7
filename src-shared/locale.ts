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

/** A size in bytes as a person reads it: "512 B", "3.4 KB", "120 MB" (decimal separator of the locale). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : localize(v.toFixed(v < 10 ? 1 : 0))} ${units[i]}`;
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

/** A number with a fixed count of decimals, in the locale's form (3.14 / 3,14). */
export function formatDecimal(n: number, decimals: number): string {
  return Number.isFinite(n) ? localize(n.toFixed(decimals)) : '–';
}

/**
 * A computed value (a prediction) as a person reads it, one rule wherever it is shown: six significant digits but
 * never fewer than the whole part, no grouping, the locale's decimal separator ("24.996" / "24,996", "25.4084" for
 * 25.408419799976745, "1234568" for 1234567.89).
 */
export function formatComputed(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs < 1) return localize(String(Number(n.toPrecision(6))));
  const text = n.toFixed(Math.max(0, 5 - Math.floor(Math.log10(abs))));
  return localize(text.includes('.') ? text.replace(/\.?0+$/, '') : text);
}

type TimeUnit = 'second' | 'minute' | 'hour';
const ENGLISH_UNITS: Record<TimeUnit, string> = { second: 's', minute: 'min', hour: 'h' };

/**
 * An amount of time with the locale's unit word: English keeps the app's short forms ("42 s", "3 min"); other
 * locales take Intl's short unit ("42 Sek.", "3 Min.", "1 Std." in German). `amount` is already in its final form.
 */
function withUnit(amount: number, unit: TimeUnit, decimals = 0): string {
  if (current.startsWith('en')) return `${formatDecimal(amount, decimals)} ${ENGLISH_UNITS[unit]}`;
  return new Intl.NumberFormat(current, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(amount);
}

/** Seconds with one decimal ("8.1 s", "8,1 Sek."): fit times. */
export function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) && seconds >= 0 ? withUnit(seconds, 'second', 1) : '–';
}

/** A duration a person waits: "42 s", "3 min 05 s", "1 h 02 min" (German "3 Min. 05 Sek."). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return withUnit(s, 'second');
  const m = Math.floor(s / 60);
  const two = (v: number, unit: TimeUnit) => withUnit(v, unit).replace(/^\d+/, String(v).padStart(2, '0'));
  if (m < 60) return `${withUnit(m, 'minute')} ${two(s % 60, 'second')}`;
  return `${withUnit(Math.floor(m / 60), 'hour')} ${two(m % 60, 'minute')}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then a date; other locales in Intl's words ("vor 5 Minuten"). */
export function formatRelative(ts: number, now = Date.now()): string {
  const diff = Math.max(0, now - ts) / 1000;
  if (diff >= 7 * 86_400) return formatDay(ts);
  const english = current.startsWith('en');
  const rel = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  if (diff < 45) return english ? 'just now' : rel.format(0, 'second');
  if (diff < 3600) return english ? `${Math.round(diff / 60)} min ago` : rel.format(-Math.round(diff / 60), 'minute');
  if (diff < 86_400) return english ? `${Math.round(diff / 3600)} h ago` : rel.format(-Math.round(diff / 3600), 'hour');
  const days = Math.round(diff / 86_400);
  return english ? `${days} day${days === 1 ? '' : 's'} ago` : rel.format(-days, 'day');
}
