import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeCsvFile, type CsvValue } from '../util/csv-writer';

/** Writes a header and rows with the app's one CSV writer (creating the folder), returns the path. */
export async function writeCsv(path: string, header: string[], rows: Iterable<readonly CsvValue[]>): Promise<string> {
  await writeCsvFile(path, header, rows);
  return path;
}

/** Writes pretty JSON (creating the folder), returns the path. */
export async function writeJson(path: string, value: unknown): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(value, null, 1), 'utf8');
  return path;
}
