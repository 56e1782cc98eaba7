import { ProgressReporter, type ProgressDetail } from '../util/progress';

/**
 * Tabular training's use of the one progress helper: the overall fraction is the share of the time budget spent
 * (the budget is the plan). `_boundary` is accepted for the callers in train.ts and means nothing any more: every
 * update is sent, the worker runtime throttles.
 */
export class Progress extends ProgressReporter {
  update(message: string, detail: ProgressDetail = {}, _boundary = false): void {
    this.reportByTime(message, detail);
  }
}

/** Curve decimation: every step up to 20, then every 5th up to 100, then every 20th. */
export function keepStep(step: number): boolean {
  return step <= 20 || (step <= 100 && step % 5 === 0) || step % 20 === 0;
}
