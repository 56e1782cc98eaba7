import { isCommaNumber } from './infer-types';
import { isMissingText } from '../util/missing-cells';

/** How a delimited text file is laid out, as read from its first megabyte. */
export interface Dialect {
  delimiter: string;
  quote: string;
  header: boolean;
  /** Lines to skip before the header (an Excel `sep=;` line). */
  skipLines: number;
  /** Column names: from the header, or column0..N-1 (DuckDB's own naming) without one. */
  columns: string[];
  /** Parsed records of the head (header row excluded), for previews and type hints. */
  records: string[][];
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * Splits text into records with RFC 4180 quoting (doubled quotes inside quoted fields, newlines
 * allowed inside quotes). When `complete` is false the last, possibly cut, record is dropped.
 */
export function parseRecords(
  text: string,
  delimiter: string,
  quote: string,
  complete: boolean,
  maxRecords = Infinity,
): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  while (i < n && records.length < maxRecords) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === quote && field === '') inQuotes = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      // Blank lines are not records (DuckDB skips them too), and they do not count towards maxRecords.
      if (record.length > 0 || field !== '') {
        record.push(field);
        records.push(record);
      }
      record = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (complete && i >= n && (field !== '' || record.length > 0)) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The most common field count and the share of records that have it. */
export function consistency(records: string[][]): { width: number; share: number } {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let width = 1;
  let best = 0;
  for (const [w, c] of counts) if (c > best || (c === best && w > width)) [width, best] = [w, c];
  return { width, share: records.length ? best / records.length : 0 };
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
export const isNumberLike = (v: string): boolean => NUMBER.test(v);

/**
 * A header row is assumed unless the first row looks like data: every column that is numeric
 * below it is numeric in the first row too, or its values repeat further down.
 */
function hasHeader(first: string[], rest: string[][]): boolean {
  if (rest.length === 0) return true;
  let numericCols = 0;
  let numericInFirst = 0;
  let repeats = 0;
  for (let c = 0; c < first.length; c++) {
    const values = rest.map((r) => r[c]).filter((v) => v !== undefined && v !== '');
    if (values.length && values.filter(isNumberLike).length >= values.length * 0.9) {
      numericCols++;
      if (isNumberLike(first[c])) numericInFirst++;
    }
    if (values.includes(first[c])) repeats++;
  }
  if (numericCols > 0) return numericInFirst < numericCols;
  return repeats < first.length / 2;
}

/**
 * A one-column file of decimal-comma numbers ("Preis\n1,5\n2,5") splits evenly on ',' below its one-name
 * header, which would make it a two-column file with a one-name header: it is one column.
 */
function oneCommaColumn(body: string, complete: boolean): boolean {
  const records = parseRecords(body, ',', '"', complete, 200);
  if (records.length < 2 || records[0].length !== 1) return false;
  const rows = records.slice(1);
  const cell = (r: string[]): string => r.join(',');
  // "1,234" alone could be US thousands written without quotes: some value must show a decimal comma ("1,5").
  return (
    rows.every((r) => r.length <= 2 && (isCommaNumber(cell(r)) || isMissingText(cell(r)))) &&
    rows.some((r) => r.length === 2 && !/^\d{3}$/.test(r[1].trim()))
  );
}

/** Excel's first line naming the delimiter ("sep=;"), with the delimiter it names (if any) in group 1. */
export const EXCEL_SEP_LINE = /^sep=(.?)(\r\n|\r|\n)/i;

/** Picks delimiter, quote and header from the decoded head of the file. */
export function sniffDialect(text: string, complete: boolean, hint?: { delimiter?: string }): Dialect {
  let skipLines = 0;
  let body = text;
  // Excel's "sep=;" line names the delimiter. A line that names none, or a quote mark (which
  // cannot also delimit), is still skipped, and the delimiter is sniffed from the rows below it.
  const sep = EXCEL_SEP_LINE.exec(text);
  const named = sep && /^[\t\x20-\x7e]$/.test(sep[1]) && sep[1] !== '"' ? sep[1] : undefined;
  if (sep) {
    skipLines = 1;
    body = text.slice(sep[0].length);
  }
  let best = { delimiter: named ?? hint?.delimiter ?? ',', score: -1 };
  if (!named && !hint?.delimiter) {
    for (const d of DELIMITERS) {
      const records = parseRecords(body, d, '"', complete, 200);
      const { width, share } = consistency(records);
      // Consistency first; more columns break ties (a comma file rarely splits evenly on ';').
      const score = width > 1 ? share * 1000 + Math.min(width, 100) : 0;
      if (score > best.score) best = { delimiter: d, score };
    }
  }
  if (best.delimiter === ',' && !hint?.delimiter && !named && oneCommaColumn(body, complete)) {
    // Any delimiter the text does not hold reads each line as one field.
    best.delimiter = [';', '\t', '|'].find((d) => !body.includes(d)) ?? ',';
  }
  const all = parseRecords(body, best.delimiter, '"', complete, 2000);
  const first = all[0] ?? [];
  const header = hasHeader(first, all.slice(1, 200));
  const width = consistency(all).width;
  const columns = header
    ? first.map((v) => v.trim())
    : Array.from({ length: Math.max(width, first.length) }, (_, i) => `column${i}`);
  return { delimiter: best.delimiter, quote: '"', header, skipLines, columns, records: header ? all.slice(1) : all };
}
