import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CodedError } from '@shared/errors';

/** Deeper than this, a JSON file is not a table: DuckDB's reader stalls or crashes on thousands of levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Streams a UTF-8 JSON or JSON-lines file (gzipped or not) once, counting bracket depth outside strings, and
 * refuses one nested deeper than MAX_JSON_DEPTH before any reader sees it (constant memory, about 100 MB/s).
 */
export async function assertJsonDepth(path: string, gzip: boolean, name: string): Promise<void> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const gunzip = gzip ? createGunzip() : null;
  if (gunzip) raw.on('error', (err) => gunzip.destroy(err));
  try {
    await countDepth(gunzip ? raw.pipe(gunzip) : raw, name);
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw new CodedError(
      'dataset-invalid',
      gzip
        ? `${name} looks gzipped but could not be decompressed. Check that the download finished, or unzip it yourself and import the data file.`
        : `${name} could not be read. Check that the file is still there and readable, then import it again.`,
    );
  } finally {
    raw.destroy();
  }
}

async function countDepth(bytes: AsyncIterable<Buffer>, name: string): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for await (const chunk of bytes) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
        continue;
      }
      if (b === 0x22) inString = true;
      else if (b === 0x5b || b === 0x7b) {
        if (++depth > MAX_JSON_DEPTH) {
          throw new CodedError(
            'unsupported-format',
            `${name} is nested more than ${MAX_JSON_DEPTH} levels deep, so it is not a table the app can read. Export the data as a flat table (CSV, or JSON with one object per row) and import that.`,
          );
        }
      } else if (b === 0x5d || b === 0x7d) depth = Math.max(0, depth - 1);
    }
  }
}
