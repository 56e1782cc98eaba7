import { CsvWriter, type CsvStats, type CsvValue } from './csv-writer';
import { ident, lit, openDb, throwIfAborted } from './duckdb';

/** DuckDB types written as numbers (never formula-escaped); wide integers stay exact as bigint. */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;

/**
 * Writes a Parquet table (the project's data copy) as CSV through the app's one CSV writer, in its stored
 * row order, a DuckDB chunk at a time (the table never sits whole in JS memory). Numbers are written as
 * numbers; text, dates and everything else as DuckDB prints them, under the writer's escaping rule.
 * `onProgress` gets the share of the rows written (the row count is the Parquet footer's, exact).
 */
export async function parquetToCsv(
  parquetPath: string,
  out: string,
  signal?: AbortSignal,
  onProgress?: (fraction: number) => void,
): Promise<CsvStats> {
  const db = await openDb({ signal, threads: 1 });
  let writer: CsvWriter | undefined;
  try {
    const src = `read_parquet(${lit(parquetPath)})`;
    const columns = (await db.all(`DESCRIBE SELECT * FROM ${src}`)).map((r) => ({
      name: String(r.column_name),
      type: String(r.column_type),
    }));
    const items = columns.map(({ name, type }) => {
      if (INTEGER.test(type) || type === 'BOOLEAN') return ident(name);
      if (NUMERIC.test(type)) return `CAST(${ident(name)} AS DOUBLE)`;
      return `CAST(${ident(name)} AS VARCHAR)`;
    });
    writer = await CsvWriter.open(
      out,
      columns.map((c) => c.name),
    );
    const total = onProgress ? Number((await db.all(`SELECT count(*) AS n FROM ${src}`))[0].n) : 0;
    let done = 0;
    const result = await db.conn.stream(`SELECT ${items.join(', ') || '1'} FROM ${src}`);
    for (;;) {
      throwIfAborted(signal);
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const cols = columns.map((_, i) => chunk.getColumnValues(i) as CsvValue[]);
      for (let r = 0; r < chunk.rowCount; r++) await writer.row(cols.map((c) => c[r]));
      done += chunk.rowCount;
      if (total > 0) onProgress?.(Math.min(1, done / total));
    }
    return await writer.close();
  } catch (err) {
    await writer?.abort();
    throw err;
  } finally {
    db.close();
  }
}
