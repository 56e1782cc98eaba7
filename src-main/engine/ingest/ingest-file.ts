import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CodedError } from '@shared/errors';
import type { DatasetInfo } from '@shared/project';
import { DATE_FORMATS_KEY, lit, num, openDb, throwIfAborted, type Db } from '../util/duckdb';
import { detectFormat, type FileFormat } from './detect-format';
import { decodeHead, detectEncoding, isUtf8, transcodeToUtf8, type TextEncoding } from './encoding';
import { castList, inferTypes, looksBoolean, looksDecimalComma, looksLikeDates, type ColumnType } from './infer-types';
import { badRowsError, checkColumnNames, loadCsvAsText, type RejectedRow } from './load-csv';
import { loadJson, loadParquet } from './load-other';
import { readHead } from './read-head';
import { sniffDialect } from './sniff-dialect';

export interface IngestOptions {
  /** Leave malformed rows out (listed in DatasetInfo.rejectedRows) instead of refusing the file. */
  skipBadRows?: boolean;
  /** The name the person knows the file by (e.g. the dropped file's name); defaults to the source's base name. */
  originalName?: string;
  signal?: AbortSignal;
}

/**
 * Copies `srcPath` into `destDir/original/`, works out its format, encoding and layout, and
 * converts it to `destDir/data.parquet` inside DuckDB (rows never enter JavaScript).
 * The source file is only read.
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

  await mkdir(join(destDir, 'original'), { recursive: true });
  const copy = join(destDir, 'original', name);
  if (resolve(copy) !== resolve(srcPath)) await copyFile(srcPath, copy);
  const work = join(destDir, '.ingest-tmp');
  await mkdir(work, { recursive: true });
  const db = await openDb({ signal: opts.signal, tempDir: work });
  try {
    const loaded = await loadAny(db, copy, name, work, opts);
    const out = join(destDir, 'data.parquet');
    const tmpOut = join(work, 'data.parquet');
    const dateFormats = Object.fromEntries(
      (loaded.types ?? []).filter((t) => t.dateFormat).map((t) => [t.name, t.dateFormat]),
    );
    const kv = Object.keys(dateFormats).length
      ? `, KV_METADATA {${DATE_FORMATS_KEY}: ${lit(JSON.stringify(dateFormats))}}`
      : '';
    const select = loaded.types ? castList(loaded.types) : '*';
    await db.exec(`COPY (SELECT ${select} FROM staged) TO ${lit(tmpOut)} (FORMAT parquet${kv})`);
    await rename(tmpOut, out);
    return {
      ...(await describeParquet(db, out)),
      originalName: name,
      format: loaded.format,
      bytes: info.size,
      ...(loaded.rejected.length ? { rejectedRows: loaded.rejected } : {}),
    };
  } finally {
    db.close();
    await rm(work, { recursive: true, force: true });
  }
}

interface Loaded {
  format: FileFormat;
  types?: ColumnType[];
  rejected: RejectedRow[];
}

/** Loads any supported file into the table `staged`. */
async function loadAny(db: Db, copy: string, name: string, work: string, opts: IngestOptions): Promise<Loaded> {
  const raw = await readFirstBytes(copy, 4);
  const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
  const head = await readHead(copy, gzip).catch((err: Error) => {
    throw new CodedError('dataset-invalid', `${name} looks gzipped but could not be decompressed (${err.message}).`);
  });
  const { format } = detectFormat(name, raw, head.bytes);
  if (format === 'parquet') {
    await loadParquet(db, copy, 'staged');
    await assertRows(db, name);
    return { format, rejected: [] };
  }
  const encoding = detectEncoding(head.bytes, head.complete);
  const text = decodeHead(head.bytes, encoding);
  if (text.trim() === '')
    throw new CodedError(
      'dataset-empty',
      `${name} contains only blank space. Choose a file with a header row and data rows.`,
    );
  let path = copy;
  let readGzip = gzip;
  const transcode = async (enc: TextEncoding): Promise<void> => {
    path = join(work, 'utf8.txt');
    readGzip = false;
    await transcodeToUtf8(copy, gzip, enc, path, opts.signal);
  };
  if (!isUtf8(encoding)) await transcode(encoding);
  throwIfAborted(opts.signal);

  if (format === 'json' || format === 'jsonl') {
    await loadJson(db, path, format === 'jsonl', readGzip, opts.skipBadRows ?? false, 'staged');
    await assertRows(db, name);
    return { format, rejected: [] };
  }

  const dialect = sniffDialect(text, head.complete, format === 'tsv' ? { delimiter: '\t' } : undefined);
  dialect.columns = checkColumnNames(dialect.columns);
  if (dialect.records.length === 0 && head.complete) {
    throw new CodedError(
      'dataset-empty',
      `${name} has a header row (${dialect.columns.slice(0, 8).join(', ')}) but no data rows. Add rows below the header and import again.`,
    );
  }
  let result = await loadCsvAsText(db, path, dialect, readGzip, 'staged');
  if (result.encodingError && isUtf8(encoding)) {
    // Valid UTF-8 in the first megabyte but not further down: the file is really Latin-1 / Windows-1252.
    await db.exec('DROP TABLE staged');
    await transcode('windows-1252');
    result = await loadCsvAsText(db, path, dialect, false, 'staged');
  }
  if (result.rejectedTotal > 0 && !opts.skipBadRows) throw badRowsError(result.rejected, result.rejectedTotal);
  await assertRows(db, name, result.rejectedTotal);
  const headValues = (i: number): string[] => dialect.records.slice(0, 500).map((r) => r[i] ?? '');
  const dateCandidates = new Set(dialect.columns.filter((_, i) => looksLikeDates(headValues(i))));
  const boolCandidates = new Set(dialect.columns.filter((_, i) => looksBoolean(headValues(i))));
  // A comma cannot be the decimal point in a comma-delimited file, so only other delimiters qualify.
  const commaCandidates = new Set(
    dialect.delimiter === ',' ? [] : dialect.columns.filter((_, i) => looksDecimalComma(headValues(i))),
  );
  const types = await inferTypes(db, 'staged', dialect.columns, dateCandidates, boolCandidates, commaCandidates);
  return { format: dialect.delimiter === '\t' ? 'tsv' : 'csv', types, rejected: result.rejected };
}

async function assertRows(db: Db, name: string, rejected = 0): Promise<void> {
  const [{ n }] = await db.all('SELECT count(*) AS n FROM staged');
  if ((num(n) ?? 0) > 0) return;
  if (rejected > 0)
    throw new CodedError(
      'dataset-invalid',
      `None of the rows of ${name} could be read (${rejected} malformed). Check the delimiter and quoting.`,
    );
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
