/** Small formatting helpers for what a person reads, in the person's locale (@shared/locale). Unit-tested. */
import { formatInteger, getLocale, localize } from '@shared/locale';

// One implementation each, shared with the report and the CLI.
export { formatBytes, formatDecimal, formatDuration, formatRelative, formatSeconds } from '@shared/locale';

export function formatCount(n: number): string {
  return Number.isFinite(n) ? formatInteger(n) : '–';
}

export function formatPercent(fraction: number, decimals = 0): string {
  return Number.isFinite(fraction) ? `${localize((fraction * 100).toFixed(decimals))}%` : '–';
}

/** "regression" → "Regression"; "random_forest" → "Random forest". */
export function humanize(id: string): string {
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A counted noun in both forms, from the strings file (`t.nouns.row`). */
export interface Noun {
  one: string;
  other: string;
}

/** plural(3, t.nouns.row) → "3 rows": the form by the locale's plural rules, the number in the locale. */
export function plural(n: number, noun: Noun): string {
  const form = new Intl.PluralRules(getLocale()).select(n) === 'one' ? noun.one : noun.other;
  return `${formatCount(n)} ${form}`;
}
