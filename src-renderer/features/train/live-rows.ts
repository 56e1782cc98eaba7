import { isDescriptiveMetric, lowerIsBetter } from '@shared/charts';
import type { LeaderboardRow } from '@shared/project';
import type { ModelFamily } from '@shared/tasks';
import { humanize } from '../../lib/format';

const FAMILY_LABELS: Partial<Record<ModelFamily, string>> = {
  random_forest: 'Random forest',
  extra_trees: 'Extra trees',
  gradient_boosting: 'Gradient-boosted trees',
  mlp: 'Neural network (MLP)',
  svm: 'Linear SVM',
  naive_bayes: 'Naive Bayes',
  elasticnet: 'Elastic net',
  logistic: 'Logistic regression',
  ridge: 'Ridge regression',
  lasso: 'Lasso regression',
  linear: 'Linear regression',
};

export function familyLabel(family: string): string {
  return FAMILY_LABELS[family as ModelFamily] ?? humanize(family);
}

/** The finished rows plus, while training, a row for the model being trained now (so the table is never silent). */
export function withRunningRow(
  rows: LeaderboardRow[],
  running: boolean,
  modelId: string | null,
  family: ModelFamily | null,
): LeaderboardRow[] {
  if (!running || !modelId || !family || rows.some((r) => r.modelId === modelId)) return rows;
  return [
    ...rows,
    { modelId, family, label: familyLabel(family), params: {}, metrics: {}, fitSeconds: 0, status: 'running' },
  ];
}

/** A readable name for a run's curve: its leaderboard label, else its family, else its id. */
export function runLabel(modelId: string, rows: LeaderboardRow[], families: Record<string, ModelFamily>): string {
  return (
    rows.find((r) => r.modelId === modelId)?.label ?? (families[modelId] ? familyLabel(families[modelId]) : modelId)
  );
}

/** Rows best first by the metric's direction; rows without a score (running, failed) go last. */
export function rankRows(rows: LeaderboardRow[], metric: string | null): LeaderboardRow[] {
  if (!metric || isDescriptiveMetric(metric)) return rows;
  const dir = lowerIsBetter(metric) ? 1 : -1;
  const score = (r: LeaderboardRow) => r.metrics[metric as keyof LeaderboardRow['metrics']];
  return [...rows].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa === undefined || sb === undefined) return sa === undefined ? (sb === undefined ? 0 : 1) : -1;
    return (sa - sb) * dir;
  });
}
