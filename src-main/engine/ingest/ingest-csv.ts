import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { throwIfAborted, type Db } from '../util/duckdb';
import { isUtf8, transcodeToUtf8, type TextEncoding } from './encoding';
import { WIDE_COLUMNS } from './column-checks';
import { looksBoolean, looksLikeDates, type ColumnType } from './infer-types';
import { decimalCommaCandidates, headColumns } from './decimal-commas';
import { formattedNumberColumns } from './formatted-numbers';
import { normalizeLineEndings } from './line-endings';
import {
  badRowsError,
  copyCsv,
  GuessFailed,
  MixedLineEndings,
  scanCsv,
  type CsvCopy,
  type CsvInput,
  type CsvScan,
  type RejectedRow,
} from './load-csv';
import {
  castList,
  decideTypes,
  guardedQuery,
  headCandidates,
  pruneCandidates,
  typeChecks,
  type Candidates,
} from './type-checks';
import type { Dialect } from './sniff-dialect';

/** A delimited file written as Parquet: its types (as decided over all rows) and the rows left out. */
export interface WrittenCsv {
  types: ColumnType[];
  rejected: RejectedRow[];
  /** The encoding the whole file was read with. */
  encoding: TextEncoding;
}

export interface CsvSource {
  /** The project's copy of the file (only read). */
  copy: string;
  name: string;
  gzip: boolean;
  encoding: TextEncoding;
  dialect: Dialect;
  /** A scratch folder for transcoded or line-break-normalised copies. */
  work: string;
  skipBadRows: boolean;
  signal?: AbortSignal;
}

/**
 * Converts a delimited text file to the Parquet file `out` with DuckDB, streaming (no table in
 * memory, rows never in JavaScript). The types are guessed from the first rows and checked on every
 * row while the Parquet is written (one pass); when a later value breaks the guess, one scan decides
 * the types over all rows and a second pass writes. Malformed rows are found with their line
 * numbers. Text that is not UTF-8 is transcoded in a stream first, and a file whose line breaks
 * change midway is read from an LF-normalised copy. `opts(types)` gives the COPY options.
 */
export async function writeCsv(
  db: Db,
  src: CsvSource,
  out: string,
  opts: (types: ColumnType[]) => string,
): Promise<WrittenCsv> {
  let latin1 = false;
  let normalized = false;
  for (;;) {
    const input = await readableCopy(src, latin1, normalized);
    try {
      const { types, copy } = await convert(db, input, src, out, opts);
      if (copy.encodingError && isUtf8(src.encoding) && !latin1) {
        // Valid UTF-8 in the first megabyte but not further down: the file is really Latin-1 / Windows-1252.
        latin1 = true;
        continue;
      }
      return { types, rejected: copy.rejected, encoding: latin1 ? 'windows-1252' : src.encoding };
    } catch (err) {
      if (!(err instanceof MixedLineEndings)) throw err;
      if (normalized)
        throw new CodedError(
          'dataset-invalid',
          `${src.name} could not be read: its line breaks or quotes are malformed. Open it in a spreadsheet or text editor, save it as CSV, and import again.`,
        );
      normalized = true;
    }
  }
}

/** The file DuckDB reads: the copy itself, or a UTF-8 and/or LF-only version of it in the scratch folder. */
async function readableCopy(src: CsvSource, latin1: boolean, normalized: boolean): Promise<CsvInput> {
  let path = src.copy;
  let gzip = src.gzip;
  const encoding: TextEncoding = latin1 ? 'windows-1252' : src.encoding;
  if (!isUtf8(encoding)) {
    path = join(src.work, `utf8-${encoding}.txt`);
    await transcodeToUtf8(src.copy, src.gzip, encoding, path, src.signal);
    gzip = false;
  }
  if (normalized) {
    const lf = join(src.work, `lf-${encoding}.txt`);
    await normalizeLineEndings(path, gzip, lf, src.dialect.quote, src.dialect.delimiter, src.signal);
    path = lf;
    gzip = false;
  }
  throwIfAborted(src.signal);
  return { path, gzip, dialect: src.dialect };
}

/** Rows DuckDB reads to guess the types (and to rule out checks for the full scan). */
const HEAD_ROWS = 2048;

async function convert(
  db: Db,
  input: CsvInput,
  src: CsvSource,
  out: string,
  opts: (types: ColumnType[]) => string,
): Promise<{ types: ColumnType[]; copy: CsvCopy }> {
  const { dialect } = input;
  const { columns } = dialect;
  const hints = headColumns(dialect);
  const dates = columns.filter((_, i) => looksLikeDates(hints[i]));
  const bool = new Set(columns.filter((_, i) => looksBoolean(hints[i])));
  const commaAt = decimalCommaCandidates(hints, dialect.delimiter);
  const comma = new Set(columns.filter((_, i) => commaAt.has(i)));
  const formatted = new Map(
    [...formattedNumberColumns(hints, dialect.delimiter, commaAt)].map(([i, f]) => [columns[i], f]),
  );
  const tryAll = headCandidates(columns, { bool, comma, formatted }, dates);
  const head = await scanCsv(db, input, typeChecks(columns, tryAll), src.name, HEAD_ROWS);
  /** Types decided from counts over all rows, then one COPY with plain casts. */
  const decided = async (scan: CsvScan, candidates: Candidates) => {
    if (scan.encodingError) return { types: [], copy: scan };
    check(scan, src);
    const types = decideTypes(columns, candidates, scan.counts);
    const select = (from: string): string => `SELECT ${castList(types)} FROM ${from}`;
    return { types, copy: await copyCsv(db, input, select, out, opts(types), src.name) };
  };
  // The first rows were all the rows: their counts decide the types.
  if (head.rows < HEAD_ROWS) return decided(head, tryAll);
  if (columns.length <= WIDE_COLUMNS) {
    const guess = decideTypes(columns, tryAll, head.counts);
    const unseen = new Set(columns.filter((c) => (head.counts.get(c)?.get('n') ?? 0) === 0));
    try {
      const copy = await copyCsv(
        db,
        input,
        (from) => guardedQuery(guess, unseen, comma, from),
        out,
        opts(guess),
        src.name,
      );
      if (!copy.encodingError) check(copy, src);
      return { types: guess, copy };
    } catch (err) {
      if (!(err instanceof GuessFailed)) throw err;
    }
  }
  const candidates = pruneCandidates(columns, tryAll, head.counts);
  return decided(await scanCsv(db, input, typeChecks(columns, candidates), src.name), candidates);
}

/** Refuses malformed rows (unless the person agreed to skip them) and a file with no rows left. */
function check(scan: CsvCopy, src: CsvSource): void {
  if (scan.rejectedTotal > 0 && !src.skipBadRows) throw badRowsError(scan.rejected, scan.rejectedTotal);
  assertRows(scan, src.name);
}

function assertRows(scan: CsvCopy, name: string): void {
  if (scan.rows > 0) return;
  if (scan.rejectedTotal > 0)
    throw new CodedError(
      'dataset-invalid',
      `None of the rows of ${name} could be read (${scan.rejectedTotal} malformed). Check the delimiter and quoting.`,
    );
  throw new CodedError('dataset-empty', `${name} has no data rows. Choose a file with at least one row of data.`);
}
