import { CodedError } from '@shared/errors';
import { lit, num, type Db } from '../util/duckdb';
import { narrowQuery, WIDE_COLUMNS, wideQueries, type CheckGroup, type Counts } from './column-checks';
import { MISSING_CELLS } from '../util/missing-cells';
import type { Dialect } from './sniff-dialect';
import { GUESS_FAILED } from './type-checks';

/** A row DuckDB could not read, with its 1-based line number in the file. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** A delimited UTF-8 file (optionally gzipped) and the layout we sniffed for it. */
export interface CsvInput {
  path: string;
  gzip: boolean;
  dialect: Dialect;
}

/** What one scan of the file found: counts per column and check, and the rows DuckDB could not read. */
export interface CsvScan {
  counts: Counts;
  /** Rows read (malformed rows excluded). */
  rows: number;
  rejected: RejectedRow[];
  rejectedTotal: number;
  encodingError: boolean;
}

/**
 * `read_csv(...)` over the file with every column as text, using the dialect we sniffed instead
 * of DuckDB's (its sniffer gives up on ragged files). With `rejects` (a table name) malformed rows go
 * there instead of failing the read; every scan with the same input skips the same rows. Without it the
 * read is strict: the first malformed row, or a line longer than 2 MB, stops it (DuckDB sizes its read buffer
 * from the longest line allowed, and a read of the first rows parses 2–3× less with the smaller one).
 */
export function readCsvSql(src: CsvInput, rejects?: string): string {
  const { dialect } = src;
  const cols = dialect.columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ');
  const opts = [
    'auto_detect = false',
    `delim = ${lit(dialect.delimiter)}`,
    `quote = ${lit(dialect.quote)}`,
    `escape = ${lit(dialect.quote)}`,
    `header = ${dialect.header}`,
    `skip = ${dialect.skipLines}`,
    `columns = {${cols}}`,
    // Missing in every column; the words missing only outside text columns are left to the type checks.
    `nullstr = [${MISSING_CELLS.map(lit).join(', ')}]`,
    `compression = ${src.gzip ? "'gzip'" : "'none'"}`,
    `max_line_size = ${rejects ? MAX_LINE_BYTES : STRICT_MAX_LINE_BYTES}`,
    ...(rejects ? ['store_rejects = true', `rejects_table = '${rejects}'`, `rejects_scan = '${rejects}_scans'`] : []),
  ];
  return `read_csv(${lit(src.path)}, ${opts.join(', ')})`;
}

/** The longest line a file may have (the reader says so in plain words past it). */
const MAX_LINE_BYTES = 16_000_000;
/** The longest line a strict read takes (DuckDB's default); a longer line sends the file to the read with rejects. */
const STRICT_MAX_LINE_BYTES = 2_097_152;

/** DuckDB refuses a file whose line endings change midway (an LF file with one CRLF line or a stray CR). */
export class MixedLineEndings extends Error {}

let scans = 0;

/** The malformed rows a read skipped (see readCsvSql). */
type Rejects = Pick<CsvScan, 'rejected' | 'rejectedTotal' | 'encodingError'>;

/**
 * Runs `run` on a strict read of the file first and, only when that read fails (a malformed row, text that is
 * not UTF-8, line breaks that change midway, anything but a cancel or a type guess that did not hold), again on
 * reads that collect malformed rows in rejects tables. `read()` gives the read_csv SQL (a fresh rejects table
 * each call; the first one's rows are reported). Both reads parse every row the same way, so when the strict
 * one runs through there was nothing to reject; DuckDB's store_rejects costs ~40% of the CPU of a narrow file's
 * COPY (1M rows × 10 columns: 2.6 vs 1.6 CPU-s), and most files have no malformed rows.
 */
async function strictFirst<T>(
  db: Db,
  src: CsvInput,
  name: string,
  run: (read: () => string) => Promise<T>,
): Promise<T & Rejects> {
  try {
    return { ...(await run(() => readCsvSql(src))), rejected: [], rejectedTotal: 0, encodingError: false };
  } catch (err) {
    if (err instanceof CodedError) throw err;
    const failed = csvError(err, name);
    if (failed instanceof GuessFailed) throw failed;
  }
  const tables: string[] = [];
  const read = (): string => {
    tables.push(`rejects_${++scans}`);
    return readCsvSql(src, tables[tables.length - 1]);
  };
  try {
    const result = await run(read);
    return { ...result, ...(await readRejects(db, tables[0])) };
  } catch (err) {
    throw csvError(err, name);
  } finally {
    for (const t of tables) await dropRejects(db, t);
  }
}

/**
 * Runs the checks over every row (or the first `limit` rows) of the file, in DuckDB: rows never
 * enter JavaScript. Collects the malformed rows the scan skipped. Throws MixedLineEndings when
 * DuckDB's strict parser stops on inconsistent line breaks, and a coded error for anything else.
 */
export async function scanCsv(
  db: Db,
  src: CsvInput,
  groups: CheckGroup[],
  name: string,
  limit?: number,
): Promise<CsvScan> {
  return strictFirst(db, src, name, async (read) => {
    const from = (): string => (limit === undefined ? read() : `(SELECT * FROM ${read()} LIMIT ${limit})`);
    if (src.dialect.columns.length <= WIDE_COLUMNS) {
      const q = narrowQuery(from(), groups);
      const [row] = await db.all(q.sql);
      return { counts: q.read(row), rows: num(row.__rows) ?? 0 };
    }
    const counts: Counts = new Map();
    let rows = 0;
    for (const [i, q] of wideQueries(from, groups).entries()) {
      const result = await db.all(q.sql);
      if (i === 0) rows = num(result[0]?.__rows) ?? 0;
      q.read(result, counts);
    }
    return { counts, rows };
  });
}

/** What a COPY of the file to Parquet met: the malformed rows it skipped, and the rows it wrote. */
export type CsvCopy = Omit<CsvScan, 'counts'>;

/**
 * Writes the rows of `query(rowSource)` (malformed rows skipped and collected) to a Parquet file
 * `out` with COPY options `opts`, in one streaming pass when no row is malformed. Throws GuessFailed when a
 * guarded cast stops the query (see guardedQuery).
 */
export async function copyCsv(
  db: Db,
  src: CsvInput,
  query: (from: string) => string,
  out: string,
  opts: string,
  name: string,
): Promise<CsvCopy> {
  return strictFirst(db, src, name, async (read) => {
    await db.exec(`COPY (${query(read())}) TO ${lit(out)} (${opts})`);
    const [{ n }] = await db.all(`SELECT count(*) AS n FROM read_parquet(${lit(out)})`);
    return { rows: num(n) ?? 0 };
  });
}

/** A value did not fit the type guessed from the first rows: the types must come from a full scan. */
export class GuessFailed extends Error {}

function csvError(err: unknown, name: string): Error {
  if (err instanceof CodedError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/state machine reached an invalid state/i.test(message)) return new MixedLineEndings(message);
  if (message.includes(GUESS_FAILED)) return new GuessFailed(message);
  // DuckDB's own text names its options and SQL; the person gets their file's name and what to try.
  return new CodedError(
    'dataset-invalid',
    `${name} could not be read as a table. Check that it is a CSV or TSV file with one row per line, then import again.`,
  );
}

async function readRejects(
  db: Db,
  rejects: string,
): Promise<{ rejected: RejectedRow[]; rejectedTotal: number; encodingError: boolean }> {
  const rows = await db.all(`SELECT line, error_type, error_message FROM ${rejects} ORDER BY line LIMIT 50`);
  const [{ total, enc }] = await db.all(
    `SELECT count(DISTINCT line) AS total, count_if(error_type = 'INVALID ENCODING' OR error_type ILIKE '%UNICODE%') AS enc FROM ${rejects}`,
  );
  const seen = new Set<number>();
  const rejected: RejectedRow[] = [];
  for (const r of rows) {
    const line = num(r.line) ?? 0;
    if (seen.has(line)) continue;
    seen.add(line);
    rejected.push({ line, reason: explainReject(String(r.error_type), String(r.error_message ?? '')) });
  }
  return { rejected, rejectedTotal: num(total) ?? 0, encodingError: (num(enc) ?? 0) > 0 };
}

async function dropRejects(db: Db, rejects: string): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${rejects}`);
  await db.exec(`DROP TABLE IF EXISTS ${rejects}_scans`);
}

/** DuckDB's reject reasons in words a person can act on. */
function explainReject(type: string, message: string): string {
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(message);
  if ((type === 'MISSING COLUMNS' || type === 'TOO MANY COLUMNS') && counts) {
    return `expected ${counts[1]} fields, found ${counts[2]}`;
  }
  if (type === 'UNQUOTED VALUE') return 'a quoted value is not closed properly (unbalanced " quote)';
  if (type === 'LINE SIZE OVER MAXIMUM') return 'the line is longer than 16 MB';
  if (type === 'INVALID ENCODING' || /unicode/i.test(type)) return 'the line is not valid UTF-8 text';
  return 'the line could not be read as a row of this table';
}

/** Error for a file with malformed rows when the person has not agreed to skip them. */
export function badRowsError(rejected: RejectedRow[], total: number): CodedError {
  const shown = rejected
    .slice(0, 5)
    .map((r) => `line ${r.line}: ${r.reason}`)
    .join('; ');
  const more = total > 5 ? ` (and ${total - 5} more)` : '';
  return new CodedError(
    'dataset-invalid',
    `${total} row${total === 1 ? '' : 's'} could not be read: ${shown}${more}. Fix these lines, or import again with "skip bad rows" to leave them out.`,
    { rejectedRows: rejected, rejectedTotal: total },
  );
}
