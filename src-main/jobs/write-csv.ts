import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Cells that a spreadsheet would run as a formula get a leading quote. */
export function csvCell(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v) && !/^-?\d/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function writeCsv(path: string, columns: string[], rows: string[][]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const lines = [columns.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  await writeFile(path, lines.join('\n') + '\n');
}
