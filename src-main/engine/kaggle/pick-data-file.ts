import { statSync } from 'node:fs';
import { resolve } from 'node:path';

const DATA_EXT = /\.(csv|tsv|txt|json|jsonl|ndjson|parquet)(\.gz)?$/i;
/** Files that are usually the evaluation half or a template, not the data to learn from. */
const NOT_TRAINING = /(^|[/_-])(test|sample_?submission|submission|solution)[^/]*$/i;

/**
 * The file to import from a downloaded dataset: a "train" file if there is one, otherwise the
 * largest CSV/TSV/JSON/Parquet that is not a test or submission file. Null when none qualifies.
 * `files` may be relative to `dir` or absolute (as KaggleClient.download returns them).
 */
export function pickDataFile(dir: string, files: string[]): string | null {
  const data = files.filter((f) => DATA_EXT.test(f) && !/(^|\/)__MACOSX\//.test(f));
  if (data.length === 0) return null;
  const train = data.filter((f) => /(^|[/_-])train[^/]*$/i.test(f));
  const pool = train.length ? train : data.filter((f) => !NOT_TRAINING.test(f));
  const candidates = pool.length ? pool : data;
  const size = (f: string): number => statSync(resolve(dir, f)).size;
  return candidates.reduce((best, f) => (size(f) > size(best) ? f : best));
}
