import type { Emit, ProgressEvent } from '@shared/events';
import type { ModelFamily } from '@shared/tasks';

/** What a progress line may say besides the overall fraction and message. */
export interface ProgressDetail {
  modelId?: string;
  family?: ModelFamily;
  /** The current model's own progress 0..1. */
  modelFraction?: number;
}

/**
 * The one way engine code reports progress (TRAIN_PROGRESS). The overall fraction never runs backwards (a lower
 * one is raised) and ends at 1; `etaSeconds` is the time left, from the time budget when the job has one, else
 * extrapolated from the fraction done so far.
 *
 * It sends every report: throttling happens once, in the worker runtime (workers/throttle.ts), which keeps the
 * latest progress per ~100 ms. Report as often as is natural (per tree, per batch, per file).
 */
export class ProgressReporter {
  private last = 0;
  private readonly started = Date.now();

  /** `budgetMs`: a time budget that is the plan (tabular search): `reportByTime` reads the fraction from it. */
  constructor(
    private readonly emit: Emit<ProgressEvent>,
    private readonly budgetMs?: number,
  ) {}

  report(fraction: number, message: string, detail: ProgressDetail = {}): void {
    const f = Math.min(1, Math.max(this.last, Number.isFinite(fraction) ? fraction : this.last));
    this.last = f;
    const etaSeconds = this.eta(f);
    this.emit({
      type: 'TRAIN_PROGRESS',
      payload: { fraction: f, message, ...detail, ...(etaSeconds === undefined ? {} : { etaSeconds }) },
    });
  }

  /** The share of the time budget spent (at most 0.99 until `done`); without a budget, the last fraction. */
  reportByTime(message: string, detail: ProgressDetail = {}): void {
    const byTime = this.budgetMs ? Math.min(0.99, this.elapsedMs() / this.budgetMs) : this.last;
    this.report(byTime, message, detail);
  }

  done(message: string): void {
    this.report(1, message);
  }

  get fraction(): number {
    return this.last;
  }

  elapsedSeconds(): number {
    return this.elapsedMs() / 1000;
  }

  private elapsedMs(): number {
    return Date.now() - this.started;
  }

  private eta(f: number): number | undefined {
    if (f >= 1) return 0;
    if (this.budgetMs) return Math.round(Math.max(0, this.budgetMs - this.elapsedMs()) / 100) / 10;
    if (f <= 0.02) return undefined;
    return (this.elapsedSeconds() * (1 - f)) / f;
  }
}
