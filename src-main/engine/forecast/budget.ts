/**
 * Wall-clock budget for a forecast run. Model fits are synchronous, so a timer-driven AbortSignal could
 * not fire mid-fit; instead the long loops (backtest folds, the ARIMA order grid, boosting rounds) compare
 * Date.now() with an absolute deadline and throw BudgetExceeded, which the run turns into a failed row.
 */
export class BudgetExceeded extends Error {
  constructor() {
    super('Stopped: the time budget ran out before this method finished.');
    this.name = 'BudgetExceeded';
  }
}

/** Throws BudgetExceeded once `deadline` (epoch ms) has passed; no deadline means no limit. */
export function checkBudget(deadline: number | undefined): void {
  if (deadline !== undefined && Date.now() > deadline) throw new BudgetExceeded();
}
