import { DAY_MS } from '@shared/time';
export const DATE_PARTS = ['year', 'month', 'day', 'dayofweek', 'hour', 'epoch_days'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export const isDatePart = (part: string): part is DatePart => (DATE_PARTS as readonly string[]).includes(part);

/**
 * One calendar part of an epoch-ms timestamp, UTC, with pandas conventions (the notebook uses pandas):
 * month 1-12, day 1-31, dayofweek Monday=0..Sunday=6, hour 0-23, epoch_days = ms / 86 400 000 (fractional).
 * A missing timestamp (NaN) gives NaN, which trees route by their missing direction. Training and scoring in JS
 * both read parts here; the ONNX graph (onnx/datetime-to-onnx.ts) floors the milliseconds the same way.
 */
export function datePart(ms: number, part: DatePart): number {
  if (Number.isNaN(ms)) return NaN;
  if (part === 'epoch_days') return ms / DAY_MS;
  const d = new Date(Math.floor(ms));
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
