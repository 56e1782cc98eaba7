import { createReadStream } from 'node:fs';
import { CodedError } from '@shared/errors';

/** Deeper than this, a JSON file is not a table: DuckDB's reader stalls or crashes on thousands of levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Streams a JSON or JSON-lines file once, counting bracket depth outside strings, and refuses one nested deeper
 * than MAX_JSON_DEPTH before any reader sees it (constant memory, about 100 MB/s).
 */
export async function assertJsonDepth(path: string, name: string): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
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
