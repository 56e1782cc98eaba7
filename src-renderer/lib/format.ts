/** Small formatting helpers for what a person reads, in the person's locale (@shared/locale). Unit-tested. */
import { formatInteger, localize } from '@shared/locale';

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

/** Plural helper: plural(3, 'row') → "3 rows". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}
