/**
 * The clock that training budgets are measured on (epoch milliseconds). Normally it is the wall clock, Date.now().
 *
 * For benchmarks on a shared machine only: with AUTOML_BUDGET_CLOCK=cpu in the environment it counts this process's
 * CPU time (user + system, all threads, process.cpuUsage) from the first call on, so a 60 s budget buys about as much
 * work under load as it would on an idle machine. It is conservative when worker threads run in parallel (their CPU
 * seconds all count). The app never sets it; this is the one place the variable is read.
 */
const cpuClock = process.env.AUTOML_BUDGET_CLOCK === 'cpu';
let origin: { wall: number; cpu: NodeJS.CpuUsage } | null = null;

/** Milliseconds on the budget clock: compare deadlines made from it only with it. */
export function budgetNow(): number {
  if (!cpuClock) return Date.now();
  if (!origin) origin = { wall: Date.now(), cpu: process.cpuUsage() };
  const used = process.cpuUsage(origin.cpu);
  return origin.wall + (used.user + used.system) / 1000;
}

/** Whether budgets run on CPU time (benchmarks), for reports that say which clock a run used. */
export function budgetClockIsCpu(): boolean {
  return cpuClock;
}
