import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Quotes a CSV cell when it holds a comma, quote or newline (RFC 4180). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(round(value)) : '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function round(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toPrecision(10));
}

/** Writes a header and rows as CSV (creating the folder), returns the path. */
export async function writeCsv(path: string, header: string[], rows: Iterable<unknown[]>): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  await writeFile(path, lines.join('\n') + '\n', 'utf8');
  return path;
}
