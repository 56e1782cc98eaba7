import { budgetNow } from '../util/budget-clock';

/**
 * Time budget for a forecast run (wall clock; CPU time in benchmarks, see budget-clock). Model fits are
 * synchronous, so a timer-driven AbortSignal could not fire mid-fit; instead the long loops (backtest folds,
 * the ARIMA order grid, boosting rounds) compare budgetNow() with an absolute deadline and throw
 * BudgetExceeded, which the run turns into an 'out_of_time' row.
 */
export class BudgetExceeded extends Error {
  constructor() {
    super('Stopped: the time budget ran out before this method finished.');
    this.name = 'BudgetExceeded';
  }
}

/** Throws BudgetExceeded once `deadline` (budgetNow() ms) has passed; no deadline means no limit. */
export function checkBudget(deadline: number | undefined): void {
  if (deadline !== undefined && budgetNow() > deadline) throw new BudgetExceeded();
}
