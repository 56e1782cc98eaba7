import type { Emit, TrainingEvent } from '@shared/events';
import type { LeaderboardRow } from '@shared/project';
import type { MetricName } from '@shared/tasks';

/** Emits the finished row and the whole leaderboard so far. */
export function publishRow(
  emit: Emit<TrainingEvent>,
  rows: LeaderboardRow[],
  row: LeaderboardRow,
  metric: MetricName,
): void {
  emit({ type: 'TRAIN_RUN_FINISHED', payload: { row } });
  emit({ type: 'LEADERBOARD_UPDATED', payload: { rows: rows.slice(), metric } });
}
