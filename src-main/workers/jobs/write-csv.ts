import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { textCell } from '../../engine/predict/csv-out';

/** Writes a header and text rows as CSV, each cell formula-escaped and quoted like scoreFile's output. */
export async function writeCsv(path: string, columns: string[], rows: string[][]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const lines = [columns.map(textCell).join(','), ...rows.map((r) => r.map(textCell).join(','))];
  await writeFile(path, lines.join('\n') + '\n');
}
