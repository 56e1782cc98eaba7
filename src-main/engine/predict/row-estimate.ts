import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit } from '../util/duckdb';

/** How many rows a table file holds, for a progress fraction; `exact` when counted, not estimated. */
export interface RowEstimate {
  rows: number;
  exact: boolean;
}

/** The head of a CSV read to estimate its rows. */
export const CSV_SAMPLE_BYTES = 256 * 1024;

/**
 * Parquet: the exact count from the footer (no data read). Plain CSV/TSV: the file size over the mean length of the
 * lines in its first and last 256 KB (exact when the whole file fits in the first read): two small reads. Measured
 * on a 28 MB, 300k-row CSV: 9 ms CPU for 300,167 rows; counting every line break took 65 ms CPU (a second pass over
 * the whole file before scoring starts, ~2 ms per MB), DuckDB's count(*) 129 ms. Quoted cells with line breaks make
 * a line count an estimate anyway. null when unknown (JSON, compressed CSV): progress then has no fraction.
 */
export async function estimateRows(path: string, conn: DuckDBConnection): Promise<RowEstimate | null> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet')) {
    const r = await conn.runAndReadAll(`SELECT sum(num_rows)::DOUBLE AS n FROM parquet_file_metadata(${lit(path)})`);
    const n = Number(r.getRowObjectsJS()[0]?.n);
    return Number.isFinite(n) ? { rows: n, exact: true } : null;
  }
  if (/\.(csv|tsv|txt)$/.test(lower)) return csvRowEstimate(path);
  return null;
}

/** Line breaks in `buf` after its first one, and the bytes those lines span. */
function linesAfterFirstBreak(buf: Buffer): { lines: number; bytes: number; first: number; last: number } {
  const first = buf.indexOf(10);
  let lines = 0;
  let last = first;
  for (let i = first + 1; first >= 0 && i < buf.length; i++) {
    if (buf[i] === 10) {
      lines++;
      last = i;
    }
  }
  return { lines, bytes: last - first, first, last };
}

export async function csvRowEstimate(path: string): Promise<RowEstimate | null> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const read = async (at: number): Promise<Buffer> => {
      const buf = Buffer.alloc(Math.min(size - at, CSV_SAMPLE_BYTES));
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      return buf.subarray(0, bytesRead);
    };
    const head = await read(0);
    const h = linesAfterFirstBreak(head);
    if (h.first < 0) return { rows: 0, exact: head.length === size };
    if (head.length === size) {
      // The whole file: data lines, plus a last line without a final line break.
      return { rows: h.lines + (head.length - 1 > h.last ? 1 : 0), exact: true };
    }
    // The head and the tail (lines often grow down a file: ids, dates, running totals).
    const t = size > 2 * CSV_SAMPLE_BYTES ? linesAfterFirstBreak(await read(size - CSV_SAMPLE_BYTES)) : undefined;
    const lines = h.lines + (t ? t.lines : 0);
    if (lines === 0) return null;
    const bytesPerRow = (h.bytes + (t ? t.bytes : 0)) / lines;
    return { rows: Math.max(h.lines, Math.round((size - h.first - 1) / bytesPerRow)), exact: false };
  } finally {
    await fh.close();
  }
}
