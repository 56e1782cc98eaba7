import { dropEmptyNameless, emptyNamelessNote } from './empty-columns';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CodedError } from '@shared/errors';
import type { DatasetInfo, NumberFormat, TextFormat } from '@shared/project';
import { DATE_FORMATS_KEY, lit, WRITTEN_NAMES_KEY, num, openDb, throwIfAborted, type Db } from '../util/duckdb';
import { detectFormat, type FileFormat } from './detect-format';
import { decodeHead, detectEncoding, transcodeToUtf8 } from './encoding';
import type { ColumnType } from './infer-types';
import { writeCsv } from './ingest-csv';
import type { RejectedRow } from './load-csv';
import { fitHeader, keptWritten, shortenLongNames, uniqueColumnNames } from './column-names';
import { formattedNumbersNote } from './formatted-numbers';
import { assertJsonDepth } from './json-depth';
import { loadJson, loadParquet, parquetError } from './load-other';
import { readHead } from './read-head';
import { sniffDialect } from './sniff-dialect';
import type { PartProgress } from '../util/progress';
import { watchQueryProgress } from '../util/query-progress';
import { formatBytes } from '@shared/locale';

export interface IngestOptions {
  /** Leave malformed rows out (listed in DatasetInfo.rejectedRows) instead of refusing the file. */
  skipBadRows?: boolean;
  /** The name the person knows the file by (e.g. the dropped file's name); defaults to the source's base name. */
  originalName?: string;
  signal?: AbortSignal;
  /** Measured progress: the copy by bytes, then DuckDB's own share of the file read while converting. */
  onProgress?: PartProgress;
}

/** Shares of an import: copying the file into the project, converting it, describing the result. */
const COPY_SHARE = 0.1;
const CONVERT_END = 0.97;

/**
 * Copies `srcPath` into `destDir/original/`, works out its format, encoding and layout, and
 * converts it to `destDir/data.parquet` inside DuckDB (rows never enter JavaScript).
 * The source file is only read. Both files are written under temporary names and moved into place only when the
 * import succeeded: a cancelled or failed import leaves the project's earlier data as it was, and nothing half-written.
 */
export async function ingestFile(srcPath: string, destDir: string, opts: IngestOptions = {}): Promise<DatasetInfo> {
  const info = await stat(srcPath).catch(() => null);
  if (!info)
    throw new CodedError('file-not-found', `File not found: ${srcPath}. Check the path and try again.`, {
      path: srcPath,
    });
  if (info.isDirectory())
    throw new CodedError(
      'unsupported-format',
      `${srcPath} is a folder. Choose a data file (CSV, TSV, JSON, Parquet), or use image-folder import for folders of images.`,
    );
  const name = basename(opts.originalName ?? srcPath);
  if (info.size === 0)
    throw new CodedError('dataset-empty', `${name} is empty (0 bytes). Choose a file with a header row and data rows.`);

  const report = opts.onProgress ?? (() => undefined);
  const kept = join(destDir, 'original', name);
  const work = join(destDir, '.ingest-tmp');
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, 'original'), { recursive: true });
  const db = await openDb({ signal: opts.signal, tempDir: work });
  try {
    // The copy keeps the file's name (formats are told by it) in the scratch folder until the import is done.
    const inPlace = resolve(kept) === resolve(srcPath);
    const copy = inPlace ? kept : join(work, 'original', name);
    if (!inPlace)
      await copyWithProgress(srcPath, copy, info.size, opts.signal, (done) =>
        report(
          (COPY_SHARE * done) / info.size,
          `Copying ${name} into the project: ${formatBytes(done)} of ${formatBytes(info.size)}`,
        ),
      );
    const out = join(destDir, 'data.parquet');
    const tmpOut = join(work, 'data.parquet');
    report(COPY_SHARE, `Reading ${name}…`);
    const stopWatch = await watchQueryProgress(db, (f) =>
      report(COPY_SHARE + (CONVERT_END - COPY_SHARE) * f, `Reading ${name}…`),
    );
    let loaded: Loaded;
    try {
      loaded = await loadAny(db, copy, name, work, opts, tmpOut);
    } finally {
      stopWatch();
    }
    report(CONVERT_END, `Checking ${name}…`);
    // Described before it is moved into place: after the moves there is nothing left to cancel.
    const described = await describeParquet(db, tmpOut);
    throwIfAborted(opts.signal);
    if (!inPlace) {
      await mkdir(join(destDir, 'original'), { recursive: true });
      await rename(copy, kept);
    }
    await rename(tmpOut, out);
    return {
      ...described,
      columns: described.columns.map((c) =>
        loaded.written[c.name] !== undefined ? { ...c, written: loaded.written[c.name] } : c,
      ),
      path: out,
      originalName: name,
      format: loaded.format,
      bytes: info.size,
      ...(loaded.rejected.length ? { rejectedRows: loaded.rejected } : {}),
      ...(loaded.notes.length ? { notes: loaded.notes } : {}),
      ...(loaded.textFormat ? { textFormat: loaded.textFormat } : {}),
    };
  } finally {
    db.close();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Bytes per read and write of the copy. Large blocks keep its CPU near a kernel copy's: 65 MB took ~30 ms of CPU in
 * 4–16 MB blocks, 100–200 ms through a stream of 64 KB chunks (and 1–2 s at 10M rows).
 */
const COPY_BLOCK = 8 << 20;

/** Copies `src` to `dest` in blocks that `signal` stops between, calling `onBytes` with the bytes copied so far. */
async function copyWithProgress(
  src: string,
  dest: string,
  size: number,
  signal: AbortSignal | undefined,
  onBytes: (done: number) => void,
): Promise<void> {
  const from = await open(src, 'r');
  try {
    const to = await open(dest, 'w');
    try {
      const block = Buffer.allocUnsafe(Math.max(1, Math.min(COPY_BLOCK, size)));
      let done = 0;
      for (;;) {
        throwIfAborted(signal);
        const { bytesRead } = await from.read(block, 0, block.length, null);
        if (bytesRead === 0) break;
        for (let at = 0; at < bytesRead;) at += (await to.write(block, at, bytesRead - at)).bytesWritten;
        done += bytesRead;
        onBytes(Math.min(done, size));
      }
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

/** The most columns a table may have: wider tables are refused with a message, not ground through slowly. */
export const MAX_COLUMNS = 20_000;

interface Loaded {
  format: FileFormat;
  rejected: RejectedRow[];
  /** What the import changed or assumed, one sentence each (DatasetInfo.notes). */
  notes: string[];
  /** How a delimited text file was read (DatasetInfo.textFormat). */
  textFormat?: TextFormat;
  /** App name -> name as written, for columns renamed for case alone (UniqueNames.written). */
  written: Record<string, string>;
}

/**
 * COPY options for the Parquet file: date columns' formats and the written names of columns renamed for case
 * (UniqueNames.written) go in its key-value metadata, where the profile reads them.
 */
function parquetOptions(types: ColumnType[], written: Record<string, string>): string {
  const dateFormats = Object.fromEntries(types.filter((t) => t.dateFormat).map((t) => [t.name, t.dateFormat]));
  const kv = [
    ...(Object.keys(dateFormats).length ? [`${DATE_FORMATS_KEY}: ${lit(JSON.stringify(dateFormats))}`] : []),
    ...(Object.keys(written).length ? [`${WRITTEN_NAMES_KEY}: ${lit(JSON.stringify(written))}`] : []),
  ];
  return `FORMAT parquet${kv.length ? `, KV_METADATA {${kv.join(', ')}}` : ''}`;
}

/** Reads any supported file and writes it to the Parquet file `out`. */
async function loadAny(
  db: Db,
  copy: string,
  name: string,
  work: string,
  opts: IngestOptions,
  out: string,
): Promise<Loaded> {
  const raw = await readFirstBytes(copy, 4);
  const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
  const head = await readHeadLines(copy, gzip).catch((err: unknown) => {
    if (err instanceof CodedError) throw err;
    throw new CodedError(
      'dataset-invalid',
      `${name} looks gzipped but could not be decompressed. Check that the download finished, or unzip it yourself and import the data file.`,
    );
  });
  const { format } = detectFormat(name, raw, head.bytes);
  const writeStaged = (written: Record<string, string>): Promise<void> =>
    db.exec(`COPY (SELECT * FROM staged) TO ${lit(out)} (${parquetOptions([], written)})`);
  if (format === 'parquet') {
    const { notes, written } = await loadParquet(db, copy, 'staged');
    const asCoded = (err: unknown): never => {
      throw err instanceof CodedError ? err : parquetError();
    };
    await assertShape(db, name).catch(asCoded);
    await writeStaged(written).catch(asCoded);
    return { format, rejected: [], notes, written };
  }
  const encoding = detectEncoding(head.bytes, head.complete);
  const text = decodeHead(head.bytes, encoding);
  if (text.trim() === '')
    throw new CodedError(
      'dataset-empty',
      `${name} contains only blank space. Choose a file with a header row and data rows.`,
    );
  if (format === 'json' || format === 'jsonl') {
    let path = copy;
    // DuckDB's JSON reader refuses a byte-order mark, so UTF-8 with a BOM is copied without it too.
    if (encoding !== 'utf-8') {
      path = join(work, 'utf8.txt');
      await transcodeToUtf8(copy, gzip, encoding, path, opts.signal);
    }
    const file = { name, lines: format === 'jsonl', gzip: gzip && path === copy, skipBad: opts.skipBadRows ?? false };
    // Thousands of nesting levels stall DuckDB's JSON reader or crash it: refused before it sees the file.
    await assertJsonDepth(path, file.gzip, name);
    const { notes, written } = await loadJson(db, path, file, 'staged');
    await assertShape(db, name);
    await writeStaged(written);
    return { format, rejected: [], notes, written };
  }
  if (!head.complete && !/[\r\n]/.test(text))
    throw new CodedError(
      'dataset-invalid',
      `The first line of ${name} is longer than ${HEAD_MAX_BYTES >> 20} MB, so it cannot be a header row. Check that this is a CSV or TSV file with one row per line.`,
    );
  const dialect = sniffDialect(text, head.complete, format === 'tsv' ? { delimiter: '\t' } : undefined);
  assertWidth(dialect.columns.length, name);
  const fitted = dialect.header
    ? fitHeader(dialect.columns, dialect.records, name)
    : { names: dialect.columns, notes: [] };
  const unique = uniqueColumnNames(fitted.names);
  const kept = shortenLongNames(unique.names);
  const written = keptWritten(unique.written, unique.names, kept.names);
  dialect.columns = kept.names;
  if (dialect.records.length === 0 && head.complete) {
    throw new CodedError(
      'dataset-empty',
      `${name} has a header row (${dialect.columns.slice(0, 8).join(', ')}) but no data rows. Add rows below the header and import again.`,
    );
  }
  const csv = await writeCsv(
    db,
    {
      copy,
      name,
      gzip,
      encoding,
      dialect,
      work,
      skipBadRows: opts.skipBadRows ?? false,
      signal: opts.signal,
    },
    out,
    (types) => parquetOptions(types, written),
  );
  // Nameless columns no row has a value in (';;' at every line end) are left out, noted.
  const nameless = fitted.names.flatMap((n, i) => (n === '' ? [kept.names[i]] : []));
  const left = new Set(
    await dropEmptyNameless(db, out, nameless, kept.names.length, (gone) =>
      parquetOptions(
        csv.types.filter((t) => !gone.has(t.name)),
        written,
      ),
    ),
  );
  const positions = kept.names.flatMap((n, i) => (left.has(n) ? [i + 1] : []));
  csv.types = csv.types.filter((t) => !left.has(t.name));
  const formats = csv.types.flatMap((t): Array<[string, NumberFormat]> =>
    t.numberFormat ? [[t.name, t.numberFormat]] : [],
  );
  return {
    format: dialect.delimiter === '\t' ? 'tsv' : 'csv',
    rejected: csv.rejected,
    written,
    notes: [
      ...fitted.notes,
      ...unique.notes,
      ...kept.notes,
      ...emptyNamelessNote(positions),
      ...decimalCommaNote(csv.types),
      ...formattedNumbersNote(formats),
    ],
    textFormat: {
      delimiter: dialect.delimiter,
      quote: dialect.quote,
      encoding: csv.encoding,
      gzip,
      skipLines: dialect.skipLines,
      header: dialect.header,
      decimalCommas: csv.types.filter((t) => t.decimalComma).map((t) => t.name),
      dateFormats: Object.fromEntries(csv.types.flatMap((t) => (t.dateFormat ? [[t.name, t.dateFormat]] : []))),
      ...(formats.length ? { numberFormats: Object.fromEntries(formats) } : {}),
    },
  };
}

const HEAD_MAX_BYTES = 16 << 20;

/** Says which columns were read with decimal commas, so a person can tell if the file meant otherwise. */
function decimalCommaNote(types: ColumnType[]): string[] {
  const cols = types
    .filter((t) => t.decimalComma)
    .map((t) => `'${t.name.length > 60 ? `${t.name.slice(0, 60)}…` : t.name}'`);
  if (cols.length === 0) return [];
  const shown = cols.length > 8 ? `${cols.slice(0, 8).join(', ')} and ${cols.length - 8} more` : cols.join(', ');
  return [`Numbers in ${shown} are written with a decimal comma and were read that way ("1.234,56" as 1234.56).`];
}

/**
 * The head of the file for sniffing: the first megabyte, or up to 16 MB when the first line
 * does not end within it (a very wide header).
 */
async function readHeadLines(path: string, gzip: boolean): Promise<{ bytes: Buffer; complete: boolean }> {
  const head = await readHead(path, gzip);
  if (head.complete || head.bytes.includes(0x0a) || head.bytes.includes(0x0d)) return head;
  return readHead(path, gzip, HEAD_MAX_BYTES);
}

function assertWidth(columns: number, name: string): void {
  if (columns > MAX_COLUMNS)
    throw new CodedError(
      'dataset-invalid',
      `${name} has ${columns.toLocaleString('en-US')} columns; the app supports up to ${MAX_COLUMNS.toLocaleString('en-US')}. Keep the columns you need (or split the file) and import again.`,
      { columns, maxColumns: MAX_COLUMNS },
    );
}

/** A JSON or Parquet table must have rows and at most MAX_COLUMNS columns. */
async function assertShape(db: Db, name: string): Promise<void> {
  const [{ n, w }] = await db.all(
    `SELECT (SELECT count(*) FROM staged) AS n, (SELECT count(*) FROM information_schema.columns WHERE table_name = 'staged') AS w`,
  );
  assertWidth(num(w) ?? 0, name);
  if ((num(n) ?? 0) > 0) return;
  throw new CodedError('dataset-empty', `${name} has no data rows. Choose a file with at least one row of data.`);
}

async function readFirstBytes(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Row count, column types and a 100-row text preview of the converted file. */
async function describeParquet(
  db: Db,
  path: string,
): Promise<Pick<DatasetInfo, 'path' | 'rows' | 'columns' | 'sample'>> {
  const scan = `read_parquet(${lit(path)})`;
  const cols = await db.all(`DESCRIBE SELECT * FROM ${scan}`);
  const [{ n }] = await db.all(`SELECT count(*) AS n FROM ${scan}`);
  const columns = cols.map((c) => ({ name: String(c.column_name), dbType: String(c.column_type) }));
  const reader = await db.conn.runAndReadAll(`SELECT CAST(COLUMNS(*) AS VARCHAR) FROM ${scan} LIMIT 100`);
  const sample = reader.getRowsJson().map((row) => row.map((v) => (v === null ? null : String(v))));
  return { path, rows: num(n) ?? 0, columns, sample };
}
