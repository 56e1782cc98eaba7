import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { throwIfAborted } from '../util/duckdb';
import { openBytes } from './read-head';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Copies a delimited UTF-8 file (gunzipped if `gzip`) to `dest` with every line break outside
 * quotes made a single LF: CRLF becomes LF and a lone CR becomes LF (as editors and our own sniffer
 * read it). Line breaks inside quoted values are kept byte for byte, and nothing else changes.
 * DuckDB's strict CSV parser refuses a file whose line endings change midway; this is the copy it reads then.
 */
export async function normalizeLineEndings(
  src: string,
  gzip: boolean,
  dest: string,
  quote: string,
  delimiter: string,
  signal?: AbortSignal,
): Promise<void> {
  const q = quote.charCodeAt(0);
  const d = delimiter.charCodeAt(0);
  // RFC 4180: a quote opens a quoted value only at the start of a field; inside, a doubled quote is a quote.
  let atFieldStart = true;
  let quoted = false;
  let quoteSeen = false;
  let pendingCr = false;
  const input = openBytes(src, gzip);
  const out = createWriteStream(dest);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      throwIfAborted(signal);
      const buf = Buffer.allocUnsafe(chunk.length + 1);
      let n = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (pendingCr) {
          pendingCr = false;
          buf[n++] = LF;
          if (b === LF) continue;
        }
        if (quoted) {
          if (quoteSeen) {
            quoteSeen = false;
            if (b === q) {
              buf[n++] = b;
              continue;
            }
            quoted = false;
          } else {
            if (b === q) quoteSeen = true;
            buf[n++] = b;
            continue;
          }
        }
        if (b === CR) {
          pendingCr = true;
          atFieldStart = true;
          continue;
        }
        if (b === LF || b === d) atFieldStart = true;
        else if (b === q && atFieldStart) {
          quoted = true;
          atFieldStart = false;
        } else atFieldStart = false;
        buf[n++] = b;
      }
      if (!out.write(buf.subarray(0, n))) await once(out, 'drain');
    }
    if (pendingCr) out.write(Buffer.from([LF]));
  } finally {
    input.destroy();
    out.end();
    await once(out, 'close');
  }
}
