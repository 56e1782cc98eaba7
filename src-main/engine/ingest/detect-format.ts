import { CodedError } from '@shared/errors';
import type { DatasetInfo } from '@shared/project';
import { utf32Bom } from './encoding';

export type FileFormat = Exclude<DatasetInfo['format'], 'images'>;

/** What a file holds, decided from its magic bytes first and its name second. */
export interface FormatGuess {
  format: FileFormat;
  gzip: boolean;
}

const UNSUPPORTED_EXT = new Set([
  'xlsx',
  'xls',
  'ods',
  'sav',
  'dta',
  'sas7bdat',
  'feather',
  'arrow',
  'pkl',
  'h5',
  'pdf',
  'docx',
]);

const TEXT_EXT: Record<string, FileFormat> = {
  csv: 'csv',
  txt: 'csv',
  dat: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
};

/**
 * `rawHead` is the undecoded start of the file; `textHead` is the start after gunzip (same as
 * rawHead when not gzipped). Unknown binary content is refused rather than guessed.
 */
export function detectFormat(name: string, rawHead: Buffer, textHead: Buffer): FormatGuess {
  const gzip = rawHead.length >= 2 && rawHead[0] === 0x1f && rawHead[1] === 0x8b;
  const lower = name.toLowerCase().replace(/\.(gz|gzip)$/, '');
  const ext = lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : '';
  if (textHead.subarray(0, 4).toString('latin1') === 'PAR1') {
    if (gzip)
      throw new CodedError(
        'unsupported-format',
        `${name} is a gzipped Parquet file. Unzip it first, then import the .parquet file.`,
      );
    return { format: 'parquet', gzip: false };
  }
  if (UNSUPPORTED_EXT.has(ext)) {
    throw new CodedError(
      'unsupported-format',
      `.${ext} files are not supported. Save the data as CSV and import that.`,
    );
  }
  if (looksBinary(textHead)) {
    const what =
      rawHead.subarray(0, 2).toString('latin1') === 'PK'
        ? 'a zip archive (unpack it and choose the data file inside)'
        : 'not a text table';
    throw new CodedError(
      'unsupported-format',
      `${name} is ${what}. Supported formats: CSV, TSV, JSON, JSON lines, Parquet (optionally .gz).`,
    );
  }
  const byExt = TEXT_EXT[ext];
  if (byExt && byExt !== 'parquet') {
    if (byExt === 'json' || byExt === 'jsonl') return { format: jsonKind(textHead) ?? byExt, gzip };
    return { format: byExt, gzip };
  }
  const json = jsonKind(textHead);
  if (json) return { format: json, gzip };
  if (byExt === 'parquet')
    throw new CodedError('unsupported-format', `${name} is named .parquet but is not a Parquet file.`);
  return { format: 'csv', gzip };
}

/** JSON array vs JSON lines, from the first non-blank characters; null when it is not JSON. */
function jsonKind(head: Buffer): FileFormat | null {
  const text = head
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    const firstLine = text.split('\n', 1)[0].trim();
    return firstLine.endsWith('}') ? 'jsonl' : 'json';
  }
  return null;
}

/** Binary if it has NUL bytes that UTF-16 would not explain, or many control bytes. */
function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, 8192);
  if (sample.length === 0) return false;
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return false;
  if (utf32Bom(sample)) return false;
  let nul = 0;
  let control = 0;
  for (const b of sample) {
    if (b === 0) nul++;
    else if (b < 9 || (b > 13 && b < 32)) control++;
  }
  // UTF-16 without a BOM: about half the bytes are NUL, in a regular pattern.
  if (nul > sample.length * 0.3 && nul < sample.length * 0.7 && control < sample.length * 0.01) return false;
  return nul > 0 || control > sample.length * 0.02;
}
