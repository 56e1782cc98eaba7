import { formatMetric, metricLabel } from '@shared/charts';

/**
 * Names for the analytics "metrics" the shared label table does not know yet (the lead may add
 * them to @shared/charts labels; the shared label wins as soon as it exists).
 */
const EXTRA_LABELS: Record<string, string> = {
  association: 'Association',
  missing_rate: 'Missing cells',
};

/** Metrics that are fractions 0..1 here but not in the shared rate list. */
const EXTRA_RATES = new Set(['missing_rate']);

/** A metric's display name: the shared label, else a known analytics name, else the id in words. */
export function metricText(name: string): string {
  const shared = metricLabel(name);
  if (shared !== name) return shared;
  return EXTRA_LABELS[name] ?? name.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** A metric's value as shown in the UI (the shared format, plus percentages for the extra rates). */
export function metricValue(name: string, v: number | undefined | null): string {
  if (EXTRA_RATES.has(name) && metricLabel(name) === name && v !== undefined && v !== null && Number.isFinite(v)) return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`;
  return formatMetric(name, v);
}
