export type DatePart = 'year' | 'month' | 'day' | 'dayofweek' | 'hour' | 'epoch_days';

/**
 * One calendar part of an epoch-ms timestamp, UTC, with pandas conventions (the notebook uses pandas):
 * month 1-12, day 1-31, dayofweek Monday=0..Sunday=6, hour 0-23, epoch_days = ms / 86 400 000 (fractional).
 * A missing timestamp (NaN) gives NaN, which trees route by their missing direction.
 */
export function datePart(ms: number, part: DatePart): number {
  if (!Number.isFinite(ms)) return NaN;
  if (part === 'epoch_days') return ms / 86_400_000;
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'dayofweek':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours();
  }
}
