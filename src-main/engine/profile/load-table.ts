import { CodedError } from '@shared/errors';
import { existsSync } from 'node:fs';
import { DATE_FORMATS_KEY, lit, num, type Db } from '../util/duckdb';

/** A column as DuckDB stores it. */
export interface DbColumn {
  name: string;
  dbType: string;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
export const isNumericType = (t: string): boolean => NUMERIC.test(t);
export const isIntegerType = (t: string): boolean => INTEGER.test(t);
export const isDateType = (t: string): boolean => /^(DATE|TIMESTAMP.*|TIME)$/.test(t);

/**
 * Makes `t` the data to profile. Parquet is scanned in place (columnar, cheap to re-read);
 * text files are parsed once into a DuckDB table (spilling to disk if large) so later passes
 * do not re-parse the text.
 */
export async function loadTable(db: Db, dataPath: string): Promise<{ columns: DbColumn[]; dateFormats: Record<string, string> }> {
  if (!existsSync(dataPath)) throw new CodedError('file-not-found', `Data file not found: ${dataPath}. Import the data again.`);
  const lower = dataPath.toLowerCase();
  let dateFormats: Record<string, string> = {};
  if (lower.endsWith('.parquet')) {
    await db.exec(`CREATE VIEW t AS SELECT * FROM read_parquet(${lit(dataPath)})`);
    const kv = await db.all(`SELECT decode(value) AS v FROM parquet_kv_metadata(${lit(dataPath)}) WHERE decode(key) = ${lit(DATE_FORMATS_KEY)}`);
    if (kv.length) dateFormats = JSON.parse(String(kv[0].v)) as Record<string, string>;
  } else if (/\.(json|jsonl|ndjson)(\.gz)?$/.test(lower)) {
    await db.exec(`CREATE TABLE t AS SELECT * FROM read_json_auto(${lit(dataPath)})`);
  } else {
    await db.exec(`CREATE TABLE t AS SELECT * FROM read_csv(${lit(dataPath)}, sample_size = 20480)`);
  }
  const cols = await db.all('DESCRIBE t');
  return { columns: cols.map((c) => ({ name: String(c.column_name), dbType: String(c.column_type) })), dateFormats };
}

export async function countRows(db: Db): Promise<number> {
  const [{ n }] = await db.all('SELECT count(*) AS n FROM t');
  return num(n) ?? 0;
}
