/** Small formatting helpers for what a person reads, in the person's locale (@shared/locale). Unit-tested. */
import { formatDay, formatInteger, localize } from '@shared/locale';

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

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then a date. */
export function formatRelative(ts: number, now = Date.now()): string {
  const diff = Math.max(0, now - ts) / 1000;
  if (diff < 45) return 'just now';
  if (diff < 3600) return `${Math.round(diff / 60)} min ago`;
  if (diff < 86_400) return `${Math.round(diff / 3600)} h ago`;
  if (diff < 7 * 86_400) {
    const days = Math.round(diff / 86_400);
    return `${days} day${days === 1 ? '' : 's'} ago`;
  }
  return formatDay(ts);
}

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
