import type { Db } from './duckdb';

/**
 * Reports DuckDB's own measure of the query that is running on `db` (the share of rows or bytes it has read of the
 * total it will read, 0..1) about every `everyMs`, until the returned function is called. DuckDB measures from the
 * query's start (`progress_bar_time = 0`) and prints nothing (`enable_progress_bar_print = false`); between queries
 * nothing is reported. Several long queries in a row (a second pass over a file) each start again from 0: a drop
 * starts a new pass that covers what is left of 0..1, so the fraction reported never runs backwards.
 */
export async function watchQueryProgress(
  db: Db,
  onProgress: (fraction: number) => void,
  everyMs = 200,
): Promise<() => void> {
  await db.exec('SET enable_progress_bar = true');
  await db.exec('SET enable_progress_bar_print = false');
  await db.exec('SET progress_bar_time = 0');
  let last = -1;
  let base = 0;
  let reported = 0;
  const timer = setInterval(() => {
    const { percentage } = db.conn.progress;
    if (percentage < 0 || percentage === last) return;
    if (percentage < last - 20) base = reported;
    last = percentage;
    reported = base + (1 - base) * Math.min(1, percentage / 100);
    onProgress(reported);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
