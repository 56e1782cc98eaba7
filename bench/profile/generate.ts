import { existsSync, statSync } from 'node:fs';
import { lit, openDb } from '../../src-main/engine/util/duckdb';

/**
 * Writes a synthetic CSV of `rows` rows (if not already there): an id, four numeric columns
 * with skew and missing values, two categoricals, a yes/no flag, a date, and a class target that
 * depends on the features. DuckDB writes it, so 10M rows take seconds, not minutes.
 */
export async function generateCsv(path: string, rows: number): Promise<number> {
  if (existsSync(path)) return statSync(path).size;
  const db = await openDb();
  try {
    await db.exec(`COPY (
      SELECT i AS id,
        round(random() * 100, 3) AS x1,
        CASE WHEN i % 50 = 0 THEN NULL ELSE round(exp(random() * 5), 4) END AS x2,
        round(sqrt(-2 * ln(random() + 1e-12)) * cos(2 * pi() * random()) * 10 + 50, 4) AS x3,
        (i * 7919) % 1000 AS x4,
        ['north', 'south', 'east', 'west', 'centre'][1 + (i % 5)] AS region,
        ['basic', 'plus', 'pro'][1 + ((i * 31) % 3)] AS plan,
        CASE WHEN i % 3 = 0 THEN 'yes' ELSE 'no' END AS promo,
        DATE '2015-01-01' + CAST(i % 3650 AS INTEGER) AS day,
        CASE WHEN random() * 100 + (i % 5) * 10 > 80 THEN 'churned' ELSE 'stayed' END AS outcome
      FROM range(${rows}) t(i)
    ) TO ${lit(path)} (HEADER, DELIMITER ',')`);
  } finally {
    db.close();
  }
  return statSync(path).size;
}
