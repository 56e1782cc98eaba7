/** The generated churn rows the monitor benches score (id, tenure, spend, plan), written as CSV by DuckDB. */
import { existsSync } from 'node:fs';
import { lit, openDb } from '../../src-main/engine/util/duckdb';

export async function generateChurnCsv(path: string, rows: number): Promise<void> {
  if (existsSync(path)) return;
  const db = await openDb();
  try {
    await db.exec(`COPY (
      SELECT 'c' || i AS id,
        greatest(0, round(24 + 8 * sqrt(-2 * ln(random() + 1e-12)) * cos(2 * pi() * random())))::INTEGER AS tenure,
        round(50 + 15 * sqrt(-2 * ln(random() + 1e-12)) * cos(2 * pi() * random()), 2) AS spend,
        CASE WHEN random() < 0.5 THEN 'basic' WHEN random() < 0.6 THEN 'plus' ELSE 'pro' END AS plan
      FROM range(${rows}) t(i)
    ) TO ${lit(path)} (HEADER, DELIMITER ',')`);
  } finally {
    db.close();
  }
}
