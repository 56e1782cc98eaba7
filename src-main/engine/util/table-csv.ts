import { CsvWriter, unescapeCell, type CsvStats, type CsvValue } from './csv-writer';
import { ident, lit, openDb, parquetKv, throwIfAborted, WRITTEN_NAMES_KEY, type Db } from './duckdb';

/** DuckDB types written as numbers (never formula-escaped); wide integers stay exact as bigint. */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;

/**
 * Writes a Parquet table (the project's data copy) as CSV through the app's one CSV writer, in its stored
 * row order, each column headed by its name as written in the person's file (WRITTEN_NAMES_KEY), a DuckDB chunk at a time (the table never sits whole in JS memory). Numbers are written as
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
  try {
    const src = `read_parquet(${lit(parquetPath)})`;
    const columns = await columnsOf(db, src);
    const total = onProgress ? Number((await db.all(`SELECT count(*) AS n FROM ${src}`))[0].n) : 0;
    const sql = `SELECT ${columns.map(asWritten).join(', ') || '1'} FROM ${src}`;
    const written = await parquetKv(db, parquetPath, WRITTEN_NAMES_KEY);
    return await streamCsv(
      db,
      sql,
      columns.map((c) => written[c.name] ?? c.name),
      out,
      signal,
      (done) => {
        if (total > 0) onProgress?.(Math.min(1, done / total));
      },
    );
  } finally {
    db.close();
  }
}

/**
 * The bundle's predictions.csv: the held-out predictions file the trainer wrote (`holdoutCsv`, with its 0-based
 * `row` into the stored data) with the data's id columns first, so the predictions join back to the person's rows.
 * Ids are written as the data copy writes them (parquetToCsv); the held-out cells are copied as they are (read back
 * as text, unescaped, escaped again by the same rule: the same bytes). Rows keep the held-out file's order.
 */
export async function holdoutWithIds(
  holdoutCsv: string,
  parquetPath: string,
  ids: string[],
  out: string,
  signal?: AbortSignal,
): Promise<CsvStats> {
  const db = await openDb({ signal, threads: 1 });
  try {
    const data = `read_parquet(${lit(parquetPath)}, file_row_number = true)`;
    const kept = (await columnsOf(db, data)).filter((c) => ids.includes(c.name));
    const held = `read_csv(${lit(holdoutCsv)}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"')`;
    const heldColumns = (await columnsOf(db, held)).map((c) => c.name);
    const idItems = kept.map((c) => `${asWritten(c)}`);
    const heldItems = heldColumns.map((c) => `h.${ident(c)}`);
    const sql = `SELECT ${[...idItems, ...heldItems].join(', ')} FROM (SELECT *, row_number() OVER () AS __line FROM ${held}) h
      LEFT JOIN ${data} d ON d.file_row_number = TRY_CAST(h."row" AS BIGINT) ORDER BY h.__line`;
    const unescape = (v: CsvValue, i: number): CsvValue =>
      i >= kept.length && typeof v === 'string' ? unescapeCell(v) : v;
    const written = await parquetKv(db, parquetPath, WRITTEN_NAMES_KEY);
    const header = [...kept.map((c) => written[c.name] ?? c.name), ...heldColumns];
    return await streamCsv(db, sql, header, out, signal, undefined, unescape);
  } finally {
    db.close();
  }
}

async function columnsOf(db: Db, src: string): Promise<Array<{ name: string; type: string }>> {
  return (await db.all(`DESCRIBE SELECT * FROM ${src}`)).map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
}

/** A stored column as the bundle's CSV files write it: numbers as numbers, the rest as DuckDB prints it. */
function asWritten({ name, type }: { name: string; type: string }): string {
  if (INTEGER.test(type) || type === 'BOOLEAN') return ident(name);
  if (NUMERIC.test(type)) return `CAST(${ident(name)} AS DOUBLE)`;
  return `CAST(${ident(name)} AS VARCHAR)`;
}

/** Streams a query's rows through the one CSV writer, a DuckDB chunk at a time; `map` adjusts a cell first. */
async function streamCsv(
  db: Db,
  sql: string,
  header: string[],
  out: string,
  signal: AbortSignal | undefined,
  onRows?: (done: number) => void,
  map?: (value: CsvValue, column: number) => CsvValue,
): Promise<CsvStats> {
  const writer = await CsvWriter.open(out, header);
  try {
    let done = 0;
    const result = await db.conn.stream(sql);
    for (;;) {
      throwIfAborted(signal);
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const cols = header.map((_, i) => chunk.getColumnValues(i) as CsvValue[]);
      for (let r = 0; r < chunk.rowCount; r++)
        await writer.row(map ? cols.map((c, i) => map(c[r], i)) : cols.map((c) => c[r]));
      done += chunk.rowCount;
      onRows?.(done);
    }
    return await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
