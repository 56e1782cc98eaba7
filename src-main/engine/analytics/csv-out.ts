import { writeCsvFile, type CsvValue } from '../util/csv-writer';

/** Writes a header and rows with the app's one CSV writer (creating the folder), returns the path. */
export async function writeCsv(path: string, header: string[], rows: Iterable<readonly CsvValue[]>): Promise<string> {
  await writeCsvFile(path, header, rows);
  return path;
}
