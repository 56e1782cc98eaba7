import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** A readable stream of the file's bytes, gunzipped when `gzip` is set. */
export function openBytes(path: string, gzip: boolean): Readable {
  const raw = createReadStream(path);
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/**
 * The first `maxBytes` bytes (after gunzip) and whether that is the whole file.
 * Sniffing only looks at this head, so a 1 GB file costs one small read here.
 */
export async function readHead(
  path: string,
  gzip: boolean,
  maxBytes = 1 << 20,
): Promise<{ bytes: Buffer; complete: boolean }> {
  const stream = openBytes(path, gzip);
  const chunks: Buffer[] = [];
  let total = 0;
  let complete = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= maxBytes) {
        complete = false;
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  const bytes = Buffer.concat(chunks);
  return { bytes: complete ? bytes : bytes.subarray(0, maxBytes), complete };
}
