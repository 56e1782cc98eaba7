import { CodedError } from '@shared/errors';
import { lit, num, type Db } from '../util/duckdb';
import type { Dialect } from './sniff-dialect';

/** A row DuckDB could not read, with its 1-based line number in the file. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** Strings read as missing values in text files. */
export const NULL_STRINGS = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'NULL', 'null', 'None', '?', '#N/A'];

/**
 * Loads a delimited UTF-8 file (optionally gzipped) into `table` with every column as text,
 * using the dialect we sniffed instead of DuckDB's (its sniffer gives up on ragged files).
 * Malformed rows go to a rejects table instead of failing the load.
 */
export async function loadCsvAsText(
  db: Db,
  path: string,
  dialect: Dialect,
  gzip: boolean,
  table: string,
): Promise<{ rejected: RejectedRow[]; rejectedTotal: number; encodingError: boolean }> {
  const cols = dialect.columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ');
  const opts = [
    'auto_detect = false',
    `delim = ${lit(dialect.delimiter)}`,
    `quote = ${lit(dialect.quote)}`,
    `escape = ${lit(dialect.quote)}`,
    `header = ${dialect.header}`,
    `skip = ${dialect.skipLines}`,
    `columns = {${cols}}`,
    `nullstr = [${NULL_STRINGS.map(lit).join(', ')}]`,
    `compression = ${gzip ? "'gzip'" : "'none'"}`,
    'max_line_size = 16000000',
    'store_rejects = true',
    `rejects_table = '${table}_rejects'`,
    `rejects_scan = '${table}_scans'`,
  ];
  await db.exec(`CREATE TABLE ${table} AS SELECT * FROM read_csv(${lit(path)}, ${opts.join(', ')})`);
  const rows = await db.all(`SELECT line, error_type, error_message FROM ${table}_rejects ORDER BY line LIMIT 50`);
  const [{ total, enc }] = await db.all(
    `SELECT count(DISTINCT line) AS total, count_if(error_type = 'INVALID ENCODING' OR error_type ILIKE '%UNICODE%') AS enc FROM ${table}_rejects`,
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

/** DuckDB's reject reasons in words a person can act on. */
function explainReject(type: string, message: string): string {
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(message);
  if ((type === 'MISSING COLUMNS' || type === 'TOO MANY COLUMNS') && counts) {
    return `expected ${counts[1]} fields, found ${counts[2]}`;
  }
  if (type === 'UNQUOTED VALUE') return 'a quoted value is not closed properly (unbalanced " quote)';
  if (type === 'LINE SIZE OVER MAXIMUM') return 'the line is longer than 16 MB';
  if (type === 'INVALID ENCODING' || /unicode/i.test(type)) return 'the line is not valid UTF-8 text';
  return message || type.toLowerCase();
}

/** Refuses duplicate or case-clashing column names (DuckDB would silently rename them). */
export function checkColumnNames(columns: string[]): string[] {
  const named = columns.map((c, i) => (c === '' ? `column${i}` : c));
  const seen = new Map<string, string>();
  const dupes = new Set<string>();
  for (const c of named) {
    const key = c.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined) dupes.add(prev === c ? `'${c}'` : `'${prev}'/'${c}'`);
    else seen.set(key, c);
  }
  if (dupes.size > 0) {
    throw new CodedError(
      'dataset-invalid',
      `Duplicate column names: ${[...dupes].join(', ')}. Rename the columns so each name is unique (names are compared ignoring case), then import again.`,
      { duplicates: [...dupes] },
    );
  }
  return named;
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
