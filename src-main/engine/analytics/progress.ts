import type { Emit, TrainingEvent } from '@shared/events';
import type { LeaderboardRow } from '@shared/project';
import type { MetricName, ModelFamily } from '@shared/tasks';

/**
 * Emits TRAIN_PROGRESS with a fraction that never decreases and throttles chatty updates to ~100 ms
 * (boundaries, i.e. fraction 0 and 1, are always sent).
 */
export class ProgressReporter {
  private last = 0;
  private lastSent = 0;
  private readonly started = Date.now();

  constructor(private readonly emit: Emit<TrainingEvent>) {}

  report(fraction: number, message: string, extra: { modelId?: string; family?: ModelFamily } = {}): void {
    const f = Math.min(1, Math.max(this.last, fraction));
    const now = Date.now();
    const boundary = f === 0 || f === 1;
    if (!boundary && now - this.lastSent < 100 && f !== this.last) {
      this.last = f;
      return;
    }
    this.last = f;
    this.lastSent = now;
    const elapsed = (now - this.started) / 1000;
    const etaSeconds = f > 0.02 && f < 1 ? (elapsed * (1 - f)) / f : undefined;
    this.emit({ type: 'TRAIN_PROGRESS', payload: { fraction: f, message, ...extra, etaSeconds } });
  }

  get fraction(): number {
    return this.last;
  }

  elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}

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
