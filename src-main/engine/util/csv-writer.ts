/**
 * The one CSV writer of the app: every CSV it writes (predict output, the bundle's predictions.csv and
 * data.csv, segments, anomaly scores, forecasts, analytics tables) goes through here, with one rule:
 *
 * - values are written exactly as read: numbers in full precision, text untouched, RFC 4180 quoting
 *   (a cell holding `,`, `"`, CR or LF is quoted, quotes doubled), `\n` line ends, UTF-8 without BOM;
 * - formula protection only where a spreadsheet would run the cell as a formula (OWASP's advice: a
 *   leading `'`): text starting with `=`, `@`, tab or CR; with `+` unless it is a plain number (`+5`); with
 *   `-` when what follows reads as an expression (a name, a call, a reference, an operator: `-A1`,
 *   `-2+3+cmd|' /C calc'!A0`, `-sum(…)`), never for numbers (`-1e5`), dashes (`-`, `--`) or labels such as
 *   `-10.000)`. Numbers (JS numbers) are never escaped.
 * - The escape is reversible: text that already starts with `'` followed by a cell that would be escaped
 *   gets one more `'`, so `unescapeCell` gives back exactly the value (see CSV_ESCAPE_NOTE).
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempBeside } from './temp-beside';

/** A cell as callers hand it over: text is escaped by the rule, numbers never; null/undefined/NaN are empty. */
export type CsvValue = string | number | bigint | boolean | null | undefined;

/** What model.json and the app say wherever CSV cells may carry the escape. */
export const CSV_ESCAPE_NOTE =
  "Text cells that a spreadsheet would run as a formula (starting with =, +, @, a tab or a carriage return, or with - followed by something other than a number) are written with a leading ' so they open as text. Remove that one leading ' to get the value exactly as it was; numbers are never changed.";

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** After a leading `-`: characters that make a spreadsheet read the rest as an expression, not a label. */
const EXPRESSION_CHAR = /[\p{L}_(=+*/^&|!"$@[{\\]/u;

/** True when a spreadsheet would run this text as a formula. */
export function formulaRisk(text: string): boolean {
  if (text === '') return false;
  switch (text[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
      return !PLAIN_NUMBER.test(text);
    case '-': {
      if (PLAIN_NUMBER.test(text)) return false;
      const rest = text.replace(/^[-\s]+/, '');
      return rest !== '' && EXPRESSION_CHAR.test(rest);
    }
    case "'":
      // Keeps the escape reversible: "'=x" is written "''=x".
      return formulaRisk(text.slice(1));
    default:
      return false;
  }
}

/** Text as it goes into a cell: with the leading `'` when a spreadsheet would run it. */
export function escapeFormula(text: string): string {
  return formulaRisk(text) ? `'${text}` : text;
}

/** The value back from an escaped cell (the inverse of escapeFormula). */
export function unescapeCell(cell: string): string {
  return cell.startsWith("'") && formulaRisk(cell.slice(1)) ? cell.slice(1) : cell;
}

/** RFC 4180 quoting: only when the cell holds a comma, a quote or a line break. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One cell as written: numbers in full precision (empty when missing), text escaped and quoted. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(escapeFormula(value));
}

/** One line (without its line end). */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** Distinct text cells of one column remembered per batch (labels, categories); rarer text is written as it comes. */
const TEXT_CELLS_KEPT = 4096;

export interface CsvStats {
  rows: number;
  /** Text cells that got the leading `'` (0: the file holds every value exactly as read). */
  escapedCells: number;
}

/**
 * Streams a CSV to a temporary file beside `path`; `close()` renames it into place, `abort()` removes it,
 * so a crash or a cancel never leaves a half-written file under the final name.
 */
export class CsvWriter {
  private readonly tmp: string;
  private readonly out: WriteStream;
  private readonly failed: Promise<never>;
  private stats: CsvStats = { rows: 0, escapedCells: 0 };
  private buffer: string[] = [];
  private bufferBytes = 0;

  private constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.tmp = tempBeside(path);
    this.out = createWriteStream(this.tmp);
    this.failed = new Promise<never>((_, reject) => this.out.on('error', reject));
    this.failed.catch(() => undefined);
    this.push(header);
    this.stats.rows = 0;
  }

  static async open(path: string, header: readonly string[]): Promise<CsvWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new CsvWriter(path, header);
  }

  private push(cells: readonly CsvValue[]): void {
    for (const c of cells) if (typeof c === 'string' && formulaRisk(c)) this.stats.escapedCells++;
    const line = `${csvLine(cells)}\n`;
    this.buffer.push(line);
    this.bufferBytes += line.length;
    this.stats.rows++;
  }

  /** Adds one row; resolves when the stream can take more (back-pressure every ~64 KB). */
  async row(cells: readonly CsvValue[]): Promise<void> {
    this.push(cells);
    if (this.bufferBytes >= 1 << 16) await this.flush();
  }

  /**
   * Adds `n` rows given column by column (cell r of each column makes row r): the same cells as `row`,
   * without an array per row, for large outputs such as predictions. Each column is turned into cells in one loop
   * of its own kind (a Float64Array: numbers only; repeated text such as class labels: escaped and quoted once).
   */
  async columns(columns: ReadonlyArray<ArrayLike<CsvValue>>, n: number): Promise<void> {
    const cells = columns.map((col) => this.cellsOf(col, n));
    const lines = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      let line = cells[0][r];
      for (let c = 1; c < cells.length; c++) line += `,${cells[c][r]}`;
      lines[r] = line;
    }
    const text = n > 0 ? `${lines.join('\n')}\n` : '';
    this.buffer.push(text);
    this.bufferBytes += text.length;
    this.stats.rows += n;
    if (this.bufferBytes >= 1 << 16) await this.flush();
  }

  /** The first `n` cells of one column as csvCell writes them, counting the escaped ones. */
  private cellsOf(col: ArrayLike<CsvValue>, n: number): string[] {
    const out = new Array<string>(n);
    if (col instanceof Float64Array) {
      for (let r = 0; r < n; r++) {
        const v = col[r];
        out[r] = Number.isNaN(v) ? '' : String(v);
      }
      return out;
    }
    // Text cells by value: a label repeats on most rows, its escape test and quoting need to run once.
    const seen = new Map<string, string>();
    for (let r = 0; r < n; r++) {
      const v = col[r];
      if (typeof v !== 'string') {
        out[r] = csvCell(v);
        continue;
      }
      let cell = seen.get(v);
      if (cell === undefined) {
        cell = csvCell(v);
        if (seen.size < TEXT_CELLS_KEPT) seen.set(v, cell);
      }
      if (cell.length !== v.length && formulaRisk(v)) this.stats.escapedCells++;
      out[r] = cell;
    }
    return out;
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.bufferBytes = 0;
    if (!this.out.write(text)) await Promise.race([once(this.out, 'drain'), this.failed]);
  }

  /** Finishes the file under its final name. */
  async close(): Promise<CsvStats> {
    try {
      await this.flush();
      await Promise.race([
        new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve()))),
        this.failed,
      ]);
      await rename(this.tmp, this.path);
    } catch (err) {
      await this.abort();
      throw err;
    }
    return this.stats;
  }

  /**
   * Drops the partial file. The stream opens its file asynchronously: it is closed (and its file created, if the
   * open was still under way) before the file is removed, so an abort right after `open` leaves nothing behind.
   */
  async abort(): Promise<void> {
    if (!this.out.closed) {
      const closed = new Promise<void>((resolve) => this.out.once('close', () => resolve()));
      this.out.destroy();
      await closed;
    }
    await rm(this.tmp, { force: true });
  }
}

/** Writes a whole CSV (header + rows) atomically; returns the path and what was escaped. */
export async function writeCsvFile(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CsvValue[]>,
): Promise<CsvStats> {
  const writer = await CsvWriter.open(path, header);
  try {
    for (const r of rows) await writer.row(r);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return writer.close();
}
