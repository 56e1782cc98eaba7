import type { Emit, TrainingEvent } from '@shared/events';
import type { ModelFamily } from '@shared/tasks';

/**
 * TRAIN_PROGRESS and METRIC_SCALAR with the house rules: overall fraction never decreases, chatty events
 * throttled to ~100 ms, boundaries always sent. The overall fraction is time-based (the budget is the plan).
 */
export class Progress {
  private last = 0;
  private lastSent = 0;
  private readonly start = Date.now();

  constructor(
    private readonly emit: Emit<TrainingEvent>,
    private readonly budgetMs: number,
  ) {}

  elapsedSeconds(): number {
    return (Date.now() - this.start) / 1000;
  }

  update(
    message: string,
    extra: { modelId?: string; family?: ModelFamily; modelFraction?: number } = {},
    force = false,
  ): void {
    const now = Date.now();
    if (!force && now - this.lastSent < 100) return;
    this.lastSent = now;
    const byTime = Math.min(0.99, (now - this.start) / this.budgetMs);
    this.last = Math.max(this.last, byTime);
    const etaSeconds = Math.max(0, (this.budgetMs - (now - this.start)) / 1000);
    this.emit({
      type: 'TRAIN_PROGRESS',
      payload: { fraction: this.last, message, ...extra, etaSeconds: Math.round(etaSeconds * 10) / 10 },
    });
  }

  done(message: string): void {
    this.last = 1;
    this.emit({ type: 'TRAIN_PROGRESS', payload: { fraction: 1, message, etaSeconds: 0 } });
  }
}

/** Curve decimation: every step up to 20, then every 5th up to 100, then every 20th. */
export function keepStep(step: number): boolean {
  return step <= 20 || (step <= 100 && step % 5 === 0) || step % 20 === 0;
}
