import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { throwIfAborted, type Db } from '../util/duckdb';
import { isUtf8, transcodeToUtf8, type TextEncoding } from './encoding';
import {
  castList,
  dateFormatsOnSlice,
  looksBoolean,
  looksDecimalComma,
  looksLikeDates,
  typeChecks,
  type ColumnType,
} from './infer-types';
import { normalizeLineEndings } from './line-endings';
import {
  badRowsError,
  copyCsv,
  MixedLineEndings,
  onSlice,
  scanCsv,
  type CsvInput,
  type CsvScan,
  type RejectedRow,
} from './load-csv';
import type { Dialect } from './sniff-dialect';

/** A delimited file ready to be written as Parquet: its types (decided over all rows) and skipped rows. */
export interface PreparedCsv {
  types: ColumnType[];
  rejected: RejectedRow[];
  /** Writes the typed rows to `out` with COPY options `opts` (one streaming pass over the file). */
  write(out: string, opts: string): Promise<void>;
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
 * Reads a delimited text file with DuckDB in two streaming passes and no table in memory:
 * one scan decides every column's type over all rows and finds malformed rows (with their line
 * numbers); a COPY then writes the typed rows. Text that is not UTF-8 is transcoded in a stream
 * first, and a file whose line breaks change midway is read from an LF-normalised copy.
 */
export async function prepareCsv(db: Db, src: CsvSource): Promise<PreparedCsv> {
  let latin1 = false;
  let normalized = false;
  for (;;) {
    const input = await readableCopy(src, latin1, normalized);
    try {
      const { scan, types } = await inferCsv(db, input, src);
      if (scan.encodingError && isUtf8(src.encoding) && !latin1) {
        // Valid UTF-8 in the first megabyte but not further down: the file is really Latin-1 / Windows-1252.
        latin1 = true;
        continue;
      }
      if (scan.rejectedTotal > 0 && !src.skipBadRows) throw badRowsError(scan.rejected, scan.rejectedTotal);
      assertRows(scan, src.name);
      const select = castList(types);
      return {
        types,
        rejected: scan.rejected,
        write: (out, opts) => copyCsv(db, input, select, out, opts, src.name),
      };
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

/** Rows looked at, per column, to choose the type checks worth running over every row. */
const HINT_ROWS = 500;
/** Values of a date-like column on which every date format is tried before the winners are checked on all rows. */
const DATE_SLICE = 2000;

async function inferCsv(db: Db, input: CsvInput, src: CsvSource): Promise<{ scan: CsvScan; types: ColumnType[] }> {
  const { dialect } = input;
  const headValues = (i: number): string[] => dialect.records.slice(0, HINT_ROWS).map((r) => r[i] ?? '');
  const dateCandidates = dialect.columns.filter((_, i) => looksLikeDates(headValues(i)));
  const boolCandidates = new Set(dialect.columns.filter((_, i) => looksBoolean(headValues(i))));
  // A comma cannot be the decimal point in a comma-delimited file, so only other delimiters qualify.
  const commaCandidates = new Set(
    dialect.delimiter === ',' ? [] : dialect.columns.filter((_, i) => looksDecimalComma(headValues(i))),
  );
  const dateFormats = new Map<string, Array<string | null>>();
  for (const column of dateCandidates) {
    const formats = await onSlice(db, input, column, DATE_SLICE, src.name, (sql) => dateFormatsOnSlice(db, sql));
    if (formats.length) dateFormats.set(column, formats);
  }
  const checks = typeChecks(dialect.columns, dateFormats, boolCandidates, commaCandidates);
  const scan = await scanCsv(db, input, checks.parts, src.name);
  return { scan, types: checks.decide(scan.row) };
}

function assertRows(scan: CsvScan, name: string): void {
  if (scan.rows > 0) return;
  if (scan.rejectedTotal > 0)
    throw new CodedError(
      'dataset-invalid',
      `None of the rows of ${name} could be read (${scan.rejectedTotal} malformed). Check the delimiter and quoting.`,
    );
  throw new CodedError('dataset-empty', `${name} has no data rows. Choose a file with at least one row of data.`);
}
