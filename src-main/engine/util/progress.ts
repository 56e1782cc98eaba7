import type { Emit, JobKind, JobProgressEvent, ProgressEvent } from '@shared/events';
import type { ModelFamily } from '@shared/tasks';

/** What a progress line may say besides the overall fraction and message. */
export interface ProgressDetail {
  modelId?: string;
  family?: ModelFamily;
  /** The current model's own progress 0..1. */
  modelFraction?: number;
}

/**
 * The rule every progress report follows: the fraction never runs backwards (a lower one is raised) and ends at 1;
 * the time left comes from a time budget when there is one, else it is extrapolated from the fraction done so far.
 */
class ProgressClock {
  private last = 0;
  private readonly started = Date.now();

  constructor(private readonly budgetMs?: number) {}

  /** The fraction to report for `fraction` (never below the last one), with the time left. */
  advance(fraction: number): { fraction: number; etaSeconds?: number } {
    const f = Math.min(1, Math.max(this.last, Number.isFinite(fraction) ? fraction : this.last));
    this.last = f;
    const etaSeconds = this.eta(f);
    return etaSeconds === undefined ? { fraction: f } : { fraction: f, etaSeconds };
  }

  get fraction(): number {
    return this.last;
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }

  private eta(f: number): number | undefined {
    if (f >= 1) return 0;
    if (this.budgetMs) return Math.round(Math.max(0, this.budgetMs - this.elapsedMs()) / 100) / 10;
    if (f <= 0.02) return undefined;
    return (this.elapsedMs() / 1000) * ((1 - f) / f);
  }
}

/**
 * The one way training code reports progress (TRAIN_PROGRESS); other long jobs use `JobProgress`.
 *
 * It sends every report: throttling happens once, in the worker runtime (workers/throttle.ts), which keeps the
 * latest progress per ~100 ms. Report as often as is natural (per tree, per batch, per file).
 */
export class ProgressReporter {
  private readonly clock: ProgressClock;

  /** `budgetMs`: a time budget that is the plan (tabular search): `reportByTime` reads the fraction from it. */
  constructor(
    private readonly emit: Emit<ProgressEvent>,
    private readonly budgetMs?: number,
  ) {
    this.clock = new ProgressClock(budgetMs);
  }

  report(fraction: number, message: string, detail: ProgressDetail = {}): void {
    const { fraction: f, etaSeconds } = this.clock.advance(fraction);
    this.emit({
      type: 'TRAIN_PROGRESS',
      payload: { fraction: f, message, ...detail, ...(etaSeconds === undefined ? {} : { etaSeconds }) },
    });
  }

  /** The share of the time budget spent (at most 0.99 until `done`); without a budget, the last fraction. */
  reportByTime(message: string, detail: ProgressDetail = {}): void {
    const byTime = this.budgetMs ? Math.min(0.99, this.clock.elapsedMs() / this.budgetMs) : this.clock.fraction;
    this.report(byTime, message, detail);
  }

  done(message: string): void {
    this.report(1, message);
  }

  get fraction(): number {
    return this.clock.fraction;
  }

  elapsedSeconds(): number {
    return this.clock.elapsedMs() / 1000;
  }
}

/** Reports the progress of one part of a job: its own 0..1 (null: not measurable yet) and what it is doing. */
export type PartProgress = (fraction: number | null, message: string) => void;

/**
 * The one way a long job other than training reports progress (JOB_PROGRESS): downloads, imports, profiles, exports
 * and predictions. Same rules as training's (never backwards, ends at 1, time left extrapolated); `part(from, to)`
 * maps a step's own measured fraction into its share of the whole job.
 */
export class JobProgress {
  private readonly clock = new ProgressClock();

  constructor(
    private readonly job: JobKind,
    private readonly emit: Emit<JobProgressEvent>,
  ) {}

  /** `fraction` null: the amount of work is not known (yet); the message still says what is happening. */
  report(fraction: number | null, message: string): void {
    if (fraction === null) {
      this.emit({ type: 'JOB_PROGRESS', payload: { job: this.job, fraction: null, message } });
      return;
    }
    const { fraction: f, etaSeconds } = this.clock.advance(fraction);
    this.emit({
      type: 'JOB_PROGRESS',
      payload: { job: this.job, fraction: f, message, ...(etaSeconds === undefined ? {} : { etaSeconds }) },
    });
  }

  /** A step that is the share [from, to] of the job: its own 0..1 is mapped into it (null stays null). */
  part(from: number, to: number): PartProgress {
    return (fraction, message) =>
      this.report(fraction === null ? null : from + (to - from) * Math.min(1, Math.max(0, fraction)), message);
  }

  done(message: string): void {
    this.report(1, message);
  }

  get fraction(): number {
    return this.clock.fraction;
  }
}
