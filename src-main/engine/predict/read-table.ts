/**
 * Streams a table file a DuckDB chunk at a time, so a file of any length scores in constant memory. Numbers
 * are parsed by DuckDB (as the training loader parsed them) and copied from its vectors into Float64Arrays;
 * a cell that does not parse is kept as text so it can be reported with its row number. Text columns
 * (categories, dates) arrive as strings (null = empty / missing) for convert-cells.ts.
 */
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBResult,
  type DuckDBValue,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { access } from 'node:fs/promises';
import { CodedError } from '@shared/errors';
import { numberReadings, numberReadingsOfHead, type NumberReadings } from '../ingest/decimal-commas';
import type { TextHead } from '../ingest/encoding';
import { anyFormattedToDouble } from '../ingest/formatted-numbers';
import { commaToDouble } from '../ingest/infer-types';
import { estimateRows, type RowEstimate } from './row-estimate';
import { writtenHeader, type TableNames } from './written-header';
import { ident, lit } from '../util/duckdb';

/** The SQL reading the file, and whether every column arrives as text (CSV) or typed (Parquet, JSON). */
export function sourceOf(path: string): { sql: string; varcharAlready: boolean } {
  const lower = path.toLowerCase();
  const p = lit(path);
  if (/\.(csv|tsv|txt)(\.gz)?$/.test(lower))
    return { sql: `read_csv(${p}, all_varchar = true, header = true)`, varcharAlready: true };
  if (lower.endsWith('.parquet')) return { sql: `read_parquet(${p})`, varcharAlready: false };
  if (/\.(jsonl|ndjson|json)$/.test(lower)) return { sql: `read_json_auto(${p})`, varcharAlready: false };
  throw new CodedError('unsupported-format', `Cannot read '${path}': use a .csv, .tsv, .parquet or .jsonl file.`, {
    path,
  });
}

const NUMERIC_DB =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

/**
 * How a column is read: raw text (null = missing), text with missing as '' (`cell`, cheaper for model
 * inputs, where both mean missing), or a number / yes-no value parsed by DuckDB (as the training loader parses).
 */
export type ReadAs = 'text' | 'cell' | 'number' | 'boolean';

/**
 * A numeric column of a batch: values (NaN = missing), and the first cell of the batch that did not read
 * as a number (its row in the batch and raw text), or null when all did.
 */
export interface NumberColumn {
  values: Float64Array;
  bad: { row: number; text: string } | null;
}

/** Batches of columns, row-aligned, in file order. */
export interface TableStream {
  /** Next batch of at least `rows` rows (or what is left) as columns in the requested order, or null at the end. */
  next(rows: number): Promise<{ columns: Array<Array<string | null> | NumberColumn>; rows: number } | null>;
}

/** An open table file: its column names; `read` streams some of them. Always `close()` it. */
export interface OpenTable extends TableNames {
  read(wanted: Array<{ name: string; as: ReadAs }>): Promise<TableStream>;
  /** How many rows the file holds (row-estimate.ts), for a progress fraction; null when unknown. */
  estimateRows(): Promise<RowEstimate | null>;
  close(): void;
}

/**
 * The words that mean missing in a number column, as a list for list_contains. (Written `x IN ('', 'na', ...)`
 * DuckDB plans the 8 constants as a join that runs on every row, whatever CASE it sits in: reading 1M rows of 10
 * numbers from CSV took 1.9 CPU-s instead of 0.8.)
 */
const NA_LIST = "['', 'na', 'n/a', 'nan', 'null', 'none', '?', '#n/a']";

/**
 * SQL for one wanted column over its raw value `r`: the value the batch gets (numbers as DOUBLE with NaN for
 * missing, so DuckDB's vectors carry no NULLs: reading a vector with NULLs costs a BigInt test per value in
 * node-api), and for numbers the test that a cell did not read as one. A column the file already stores as
 * a number (Parquet) is cast directly; a column written with decimal commas ("1.234,56", judged as ingest judges
 * it) is read as ingest reads it, and so is a column of formatted numbers ("$220,000", "22%" as 0.22, "€1.234,50"):
 * there a cell that is not a plain number is read in any unit with the column's decimal mark. DuckDB's cast skips
 * surrounding whitespace; NA-like words do not read
 * as numbers ('nan' reads as NaN, missing too), so the NA list is consulted only for cells that did not parse.
 */
function columnSql(
  r: string,
  as: ReadAs,
  typed: boolean,
  decimalComma: boolean,
  formatted: boolean,
): { parsed?: string; value: (x: string) => string } {
  if (as === 'text') return { value: () => r };
  if (as === 'cell') return { value: () => `coalesce(${r}, '')` };
  if (typed) return { value: () => `coalesce(CAST(${r} AS DOUBLE), 'NaN'::DOUBLE)` };
  const plain = decimalComma ? commaToDouble(r) : `TRY_CAST(${r} AS DOUBLE)`;
  // Only where the head shows formatted numbers: trying them on every column cost 13-19% more CPU in this read.
  const num = formatted ? `coalesce(${plain}, ${anyFormattedToDouble(r, decimalComma)})` : plain;
  const t = `lower(trim(${r}))`;
  return {
    parsed:
      as === 'number'
        ? num
        : `CASE WHEN ${t} IN ('true', 't', 'yes', 'y', '1') THEN 1.0 WHEN ${t} IN ('false', 'f', 'no', 'n', '0') THEN 0.0 ELSE ${num} END`,
    value: (x) => `coalesce(${x}, 'NaN'::DOUBLE)`,
  };
}

/**
 * SQL testing that raw cell `r`, parsed as `x`, is neither a number nor empty / NA-like. The string test sits
 * in a CASE branch so it runs only on the cells that did not parse (in a plain AND it ran on every cell).
 */
const unreadable = (r: string, x: string): string =>
  `CASE WHEN ${x} IS NULL AND ${r} IS NOT NULL THEN NOT list_contains(${NA_LIST}, lower(trim(${r}))) ELSE false END`;

export interface OpenTableOptions {
  /** The file's head when the caller has read it already (readableText): how it writes its numbers is judged on it,
   * so the file's head is not read a second time. */
  head?: TextHead;
}

export async function openTable(path: string, options: OpenTableOptions = {}): Promise<OpenTable> {
  try {
    await access(path);
  } catch {
    throw new CodedError('file-not-found', `File '${path}' was not found. Check the path and try again.`, { path });
  }
  const src = sourceOf(path);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  let closed = false;
  // A stream reads ahead on DuckDB's side: the connection is closed once the fetch under way (if any) is done.
  const reading: Reading = { settled: Promise.resolve(), stopped: false };
  const close = (): void => {
    if (closed) return;
    closed = true;
    reading.stopped = true;
    void reading.settled.then(() => {
      conn.closeSync();
      instance.closeSync();
    });
  };
  let columns: string[];
  let written: string[];
  let types: Map<string, string>;
  try {
    const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src.sql}`);
    const described = d.getRowObjectsJS() as Array<{ column_name: string; column_type: string }>;
    columns = described.map((r) => r.column_name);
    types = new Map(described.map((r) => [r.column_name, r.column_type]));
    written = await writtenHeader(conn, path, src.sql, columns);
  } catch {
    close();
    throw new CodedError('dataset-invalid', `Could not read '${path}' as a table. ${TABLE_ADVICE}`, { path });
  }
  // How numbers are written matters only to numbers read from text, so a read of text alone (a preview) judges
  // nothing. A file the head of which cannot be read as text has no decimal-comma or formatted-number columns;
  // DuckDB's read says what is wrong.
  const none: NumberReadings = { comma: new Set(), formatted: new Map() };
  let readings: Promise<NumberReadings> | undefined;
  const readingsFor = (wanted: Array<{ as: ReadAs }>): Promise<NumberReadings> => {
    if (!src.varcharAlready || !wanted.some((w) => w.as === 'number' || w.as === 'boolean'))
      return Promise.resolve(none);
    const { head } = options;
    readings ??= (head ? Promise.resolve().then(() => numberReadingsOfHead(head, path)) : numberReadings(path)).catch(
      () => none,
    );
    return readings;
  };
  return {
    columns,
    written,
    read: async (wanted) => streamColumns(path, src, types, conn, wanted, await readingsFor(wanted), reading),
    estimateRows: () => estimateRows(path, conn).catch(() => null),
    close,
  };
}

/** Fetches of an open table: the last one's settling (the connection closes after it), and whether it was closed. */
interface Reading {
  settled: Promise<void>;
  stopped: boolean;
}

/** DuckDB chunks (2,048 rows each) read ahead of the rows handed out: one batch of 8,192 rows. */
const READ_AHEAD = 4;

/** The reader's own text (DuckDB's sniffer and parser errors) is not for people; this is what they can do. */
const TABLE_ADVICE =
  'Check that it is a well-formed table: one header row, the same number of cells on every row, quotes closed, one kind of line ending. Saving it again as CSV (UTF-8) from a spreadsheet usually fixes it.';

async function streamColumns(
  path: string,
  src: { sql: string; varcharAlready: boolean },
  types: Map<string, string>,
  conn: DuckDBConnection,
  wanted: Array<{ name: string; as: ReadAs }>,
  numbers: NumberReadings,
  reading: Reading,
): Promise<TableStream> {
  const typed = (w: { name: string; as: ReadAs }): boolean =>
    !src.varcharAlready && w.as === 'number' && NUMERIC_DB.test(types.get(w.name) ?? '');
  const raw = wanted.map(
    (w, i) => `${src.varcharAlready || typed(w) ? ident(w.name) : `CAST(${ident(w.name)} AS VARCHAR)`} AS r${i}`,
  );
  const sql = wanted.map((w, i) => {
    const format = numbers.formatted.get(w.name);
    return columnSql(`r${i}`, w.as, typed(w), numbers.comma.has(w.name) || !!format?.decimalComma, !!format);
  });
  // Each cell is parsed once (x<i>, a level below), then read by the value and by the checks. One column says
  // which wanted column (if any) holds the row's first cell that did not read as a number (-1: none), one holds
  // that cell's text: two vectors to look at per chunk, whatever the width.
  const parsed = sql.flatMap((c, i) => (c.parsed ? [`${c.parsed} AS x${i}`] : []));
  const bads = sql.flatMap((c, i) => (c.parsed ? [i] : []));
  // Almost every row parses: a cheap null test per cell decides whether the row needs the string test at all.
  const suspect = bads.map((i) => `(x${i} IS NULL AND r${i} IS NOT NULL)`).join(' OR ');
  const which = bads.map((i) => `WHEN ${unreadable(`r${i}`, `x${i}`)} THEN ${i}`).join(' ');
  const badIndex = bads.length ? `CASE WHEN ${suspect} THEN CASE ${which} ELSE -1 END ELSE -1 END` : '-1';
  const badText = bads.length ? `CASE __bad ${bads.map((i) => `WHEN ${i} THEN r${i}`).join(' ')} END` : 'NULL';
  const values = sql.map((c, i) => `${c.value(`x${i}`)} AS v${i}`);
  const rows = `SELECT ${[...raw, '1 AS __one'].join(', ')} FROM ${src.sql}`;
  const withParsed = `SELECT *${parsed.length ? `, ${parsed.join(', ')}` : ''} FROM (${rows})`;
  const withBad = `SELECT *, ${badIndex} AS __bad FROM (${withParsed})`;
  const items = [...sql.map((_, i) => `v${i}`), '__bad', `${badText} AS __bad_text`];
  let result: DuckDBResult;
  try {
    result = await conn.stream(`SELECT ${items.join(', ')} FROM (SELECT *, ${values.join(', ')} FROM (${withBad}))`);
  } catch {
    throw new CodedError('dataset-invalid', `Could not read '${path}' as a table. ${TABLE_ADVICE}`, { path });
  }
  // Numbers are copied from DuckDB's memory as doubles, the bad-cell column as int32: the SQL above types them so.
  wanted.forEach((w, i) => {
    if (w.as !== 'text' && w.as !== 'cell') expectType(result, i, DuckDBTypeId.DOUBLE);
  });
  expectType(result, wanted.length, DuckDBTypeId.INTEGER);
  let done = false;
  // The DuckDB chunk (up to 2048 rows) being handed out, and how many of its rows are already out.
  let chunk: DuckDBDataChunk | null = null;
  let used = 0;
  // Rows in the chunks fetched so far (a failed fetch failed after them).
  let fetched = 0;
  let end = false;
  const fetch = async (): Promise<DuckDBDataChunk | null> => {
    if (end || reading.stopped) return null;
    try {
      const c = await result.fetchChunk();
      fetched += c?.rowCount ?? 0;
      return c && c.rowCount > 0 ? c : null;
    } catch {
      throw new CodedError('dataset-invalid', `Could not read '${path}' after row ${fetched}. ${TABLE_ADVICE}`, {
        path,
        row: fetched,
      });
    }
  };
  // Chunks read ahead: DuckDB parses the next ones on its own thread while this thread converts, scores and writes
  // the rows it has (one fetch at a time, each after the previous one settled).
  const ahead: Array<Promise<DuckDBDataChunk | null>> = [];
  const readAhead = (): void => {
    while (!end && ahead.length < READ_AHEAD) {
      const next = reading.settled.then(fetch);
      next.catch(() => undefined);
      reading.settled = next.then(
        (c) => {
          if (!c) end = true;
        },
        () => {
          end = true;
        },
      );
      ahead.push(next);
    }
  };
  const nextChunk = async (): Promise<DuckDBDataChunk | null> => {
    readAhead();
    const c = (await ahead.shift()) ?? null;
    readAhead();
    return c;
  };
  return {
    async next(rows) {
      // Columns of the batch, filled straight from DuckDB's vectors: numbers never become JS strings.
      const out = wanted.map((w): Array<string | null> | NumberColumn =>
        w.as === 'text' || w.as === 'cell'
          ? new Array<string | null>(rows)
          : { values: new Float64Array(rows), bad: null },
      );
      let filled = 0;
      while (filled < rows && !done) {
        if (!chunk || used === chunk.rowCount) {
          chunk = await nextChunk();
          used = 0;
          if (!chunk) {
            done = true;
            break;
          }
        }
        const take = Math.min(rows - filled, chunk.rowCount - used);
        const c = chunk;
        out.forEach((col, item) => {
          if (!Array.isArray(col)) return readDoubles(c, item, used, take, col.values, filled);
          const v = c.getColumnVector(item);
          for (let r = 0; r < take; r++) col[filled + r] = textOf(v.getItem(used + r));
        });
        const bad = chunkInts(c, out.length).subarray(used, used + take);
        for (let r = 0; r < take; r++) {
          if (bad[r] < 0) continue;
          const col = out[bad[r]];
          if (!col || Array.isArray(col) || col.bad) continue;
          col.bad = { row: filled + r, text: String(c.getColumnVector(out.length + 1).getItem(used + r)) };
        }
        used += take;
        filled += take;
      }
      if (filled === 0) return null;
      const columns = out.map((c) =>
        Array.isArray(c) ? (filled < rows ? c.slice(0, filled) : c) : { ...c, values: c.values.subarray(0, filled) },
      );
      return { columns, rows: filled };
    },
  };
}

function textOf(v: DuckDBValue): string | null {
  return v === null ? null : String(v);
}

/**
 * Copies `take` values of DOUBLE column `item` from row `from` into `to` at `at` (NULL as NaN): one copy of DuckDB's
 * vector memory (node-api's getItem per value cost ~0.2 CPU-s per 10M values, see docs/engineering/speed.md).
 */
function readDoubles(chunk: DuckDBDataChunk, item: number, from: number, take: number, to: Float64Array, at: number) {
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, item);
  const n = chunk.rowCount;
  const bytes = duckdb.vector_get_data(vector, n * Float64Array.BYTES_PER_ELEMENT);
  to.set(new Float64Array(bytes.buffer, bytes.byteOffset + from * Float64Array.BYTES_PER_ELEMENT, take), at);
  // DuckDB's validity mask: absent when every value is valid, else bit r of byte r >> 3 set when row r is.
  const valid = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
  if (!valid) return;
  for (let r = 0; r < take; r++) if (!(valid[(from + r) >> 3] & (1 << ((from + r) & 7)))) to[at + r] = NaN;
}

function expectType(result: DuckDBResult, column: number, type: DuckDBTypeId): void {
  if (result.columnTypeId(column) !== type)
    throw new Error(
      `read-table: column ${column} is ${result.columnType(column).toString()}, not ${DuckDBTypeId[type]}`,
    );
}

/** INTEGER column `item` of a chunk as an Int32Array over DuckDB's memory (read it before the next fetch). */
function chunkInts(chunk: DuckDBDataChunk, item: number): Int32Array {
  const bytes = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk.chunk, item), chunk.rowCount * 4);
  return new Int32Array(bytes.buffer, bytes.byteOffset, chunk.rowCount);
}
