/**
 * One reading of a leaderboard for every place that shows it (the live table, the review, the curves' legend,
 * the bar chart and the report): the ranking, the name of each run and the grouping by family.
 */
import { isDescriptiveMetric, lowerIsBetter } from './charts/labels';
import type { LeaderboardRow } from './project';

const score = (r: LeaderboardRow, metric: string): number | undefined => {
  const v = (r.metrics as Record<string, number | undefined>)[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * Rows best first by the metric's direction; rows without a score (running, failed, cancelled) last. Descriptive
 * metrics (an anomaly rate, a mean sentiment) grade nothing: their rows keep the engine's order.
 */
export function rankRows(rows: LeaderboardRow[], metric: string | null): LeaderboardRow[] {
  if (!metric || isDescriptiveMetric(metric)) return rows;
  const dir = lowerIsBetter(metric) ? 1 : -1;
  return [...rows].sort((a, b) => {
    const sa = score(a, metric);
    const sb = score(b, metric);
    if (sa === undefined || sb === undefined) return sa === undefined ? (sb === undefined ? 0 : 1) : -1;
    return (sa - sb) * dir;
  });
}

/**
 * A name per run that tells runs of one family apart and never changes while training goes on: the label when it
 * is unique, else the label and the run's number in the order the runs started ("Gradient-boosted trees 3").
 * The table, the curves' legend, the chart and the report all use it.
 */
export function runNames(rows: LeaderboardRow[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.label, (count.get(r.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const r of rows) {
    const k = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, k);
    out.set(r.modelId, (count.get(r.label) ?? 0) > 1 ? `${r.label} ${k}` : r.label);
  }
  return out;
}

export interface FamilyGroup {
  family: string;
  /** The family's runs, best first (ranked as `rankRows`). */
  rows: LeaderboardRow[];
}

/**
 * Runs grouped by model family, the family with the best run first, each family's runs best first: a search that
 * tried ten boosted-tree settings shows one line for boosting and folds the other nine under it.
 */
export function familyGroups(rows: LeaderboardRow[], metric: string | null): FamilyGroup[] {
  const ranked = rankRows(rows, metric);
  const groups = new Map<string, LeaderboardRow[]>();
  for (const r of ranked) groups.set(r.family, [...(groups.get(r.family) ?? []), r]);
  return [...groups].map(([family, list]) => ({ family, rows: list }));
}
