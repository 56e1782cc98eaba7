import type { LeaderboardRow } from '@shared/project';
import type { ModelFamily } from '@shared/tasks';
import { humanize } from '../../lib/format';
import { t } from '../../strings';

const FAMILY_LABELS: Partial<Record<ModelFamily, string>> = t.train.families;

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
