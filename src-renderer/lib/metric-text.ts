import { formatMetric, metricLabel } from '@shared/charts';

/** A metric's display name: the shared label, else the id in words ("some_new_thing" → "Some new thing"). */
export function metricText(name: string): string {
  const shared = metricLabel(name);
  return shared !== name ? shared : name.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** A metric's value as shown in the UI: the shared format (rates as percentages). */
export function metricValue(name: string, v: number | undefined | null): string {
  return formatMetric(name, v);
}
