import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { throwIfAborted } from '../util/duckdb';
import { openBytes } from './read-head';

/** Text encodings we read. `windows-1252` covers Latin-1 (it is Latin-1 plus printable 0x80–0x9F). */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decides the encoding from a BOM, NUL-byte patterns (BOM-less UTF-16), then UTF-8 validity. */
export function detectEncoding(head: Buffer, complete: boolean): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const probe = head.subarray(0, 4000);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < probe.length; i++) {
    if (probe[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = probe.length / 2;
  if (oddNul > half * 0.3 && evenNul < half * 0.05) return 'utf-16le';
  if (evenNul > half * 0.3 && oddNul < half * 0.05) return 'utf-16be';
  try {
    // stream:true lets a multi-byte character cut at the end of the head pass as valid.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Decodes the head to a JS string (BOM removed) for sniffing. */
export function decodeHead(head: Buffer, encoding: TextEncoding): string {
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  return new TextDecoder(label).decode(head, { stream: true }).replace(/^\uFEFF/, '');
}

/** True when DuckDB can read the bytes as they are (it understands UTF-8 with or without a BOM). */
export function isUtf8(encoding: TextEncoding): boolean {
  return encoding === 'utf-8' || encoding === 'utf-8-bom';
}

/**
 * Streams `src` (gunzipped if asked) through a decoder into a UTF-8 file at `dest`, chunk by chunk,
 * so memory stays flat whatever the file size. Used for UTF-16 and Latin-1 files.
 */
export async function transcodeToUtf8(
  src: string,
  gzip: boolean,
  encoding: TextEncoding,
  dest: string,
  signal?: AbortSignal,
): Promise<void> {
  const decoder = new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding);
  const input = openBytes(src, gzip);
  const out = createWriteStream(dest);
  let first = true;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      throwIfAborted(signal);
      let text = decoder.decode(chunk, { stream: true });
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      if (!out.write(text, 'utf8')) await once(out, 'drain');
    }
    out.write(decoder.decode(), 'utf8');
  } finally {
    input.destroy();
    out.end();
    await once(out, 'close');
  }
}
