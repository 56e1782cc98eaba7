import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { throwIfAborted } from '../util/duckdb';
import type { TextEncoding } from '@shared/project';
import { openBytes, readHead } from './read-head';

export type { TextEncoding } from '@shared/project';

/** The UTF-32 encoding a byte-order mark names, if any (checked before UTF-16: FF FE 00 00 starts both). */
export function utf32Bom(head: Uint8Array): 'utf-32le' | 'utf-32be' | null {
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) return 'utf-32le';
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return 'utf-32be';
  return null;
}

/** Decides the encoding from a BOM, NUL-byte patterns (BOM-less UTF-16), then UTF-8 validity. */
export function detectEncoding(head: Buffer, complete: boolean): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  const utf32 = utf32Bom(head);
  if (utf32) return utf32;
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

/** Decodes bytes chunk by chunk; `stream: true` keeps a character cut at a chunk's end for the next chunk. */
interface ChunkDecoder {
  decode(bytes?: Uint8Array, opts?: { stream?: boolean }): string;
}

/**
 * UTF-32 (which TextDecoder does not know): four bytes per code point. A unit that is not a Unicode
 * scalar value becomes U+FFFD, as TextDecoder does for other encodings.
 */
class Utf32Decoder implements ChunkDecoder {
  private rest: Uint8Array = new Uint8Array(0);
  constructor(private readonly bigEndian: boolean) {}

  decode(bytes: Uint8Array = new Uint8Array(0), opts?: { stream?: boolean }): string {
    const all = this.rest.length ? Buffer.concat([this.rest, bytes]) : bytes;
    const whole = all.length - (all.length % 4);
    const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
    const parts: string[] = [];
    let units: number[] = [];
    for (let i = 0; i < whole; i += 4) {
      const cp = view.getUint32(i, !this.bigEndian);
      units.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
      if (units.length === 8192) {
        parts.push(String.fromCodePoint(...units));
        units = [];
      }
    }
    if (units.length) parts.push(String.fromCodePoint(...units));
    this.rest = all.slice(whole);
    if (!opts?.stream && this.rest.length) {
      this.rest = new Uint8Array(0);
      parts.push('\uFFFD');
    }
    return parts.join('');
  }
}

function decoderFor(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return new Utf32Decoder(encoding === 'utf-32be');
  return new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding);
}

/** Decodes the head to a JS string (BOM removed) for sniffing. */
export function decodeHead(head: Buffer, encoding: TextEncoding): string {
  return decoderFor(encoding)
    .decode(head, { stream: true })
    .replace(/^\uFEFF/, '');
}

/** True when DuckDB can read the bytes as they are (it understands UTF-8 with or without a BOM). */
export function isUtf8(encoding: TextEncoding): boolean {
  return encoding === 'utf-8' || encoding === 'utf-8-bom';
}

/**
 * Streams `src` (gunzipped if asked) through a decoder into a UTF-8 file at `dest`, chunk by chunk,
 * so memory stays flat whatever the file size. Used for UTF-16, UTF-32 and Latin-1 files, and (dropFirstLine) for
 * files to score that start with Excel's "sep=;" line.
 */
export async function transcodeToUtf8(
  src: string,
  gzip: boolean,
  encoding: TextEncoding,
  dest: string,
  signal?: AbortSignal,
  dropFirstLine = false,
): Promise<void> {
  const decoder = decoderFor(encoding);
  const input = openBytes(src, gzip);
  const out = createWriteStream(dest);
  let first = true;
  // With dropFirstLine (an Excel "sep=;" line), text is held back until the first line break is seen.
  let dropping = dropFirstLine;
  let held = '';
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      throwIfAborted(signal);
      let text = decoder.decode(chunk, { stream: true });
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      if (dropping) {
        held += text;
        const end = /\r\n|\n|\r(?=[^\n])/.exec(held);
        if (!end) continue;
        text = held.slice(end.index + end[0].length);
        dropping = false;
        held = '';
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

/** The head of a text file as ingest sniffs it (readTextHead). */
export interface TextHead {
  gzip: boolean;
  bytes: Buffer;
  /** The head is the whole file. */
  complete: boolean;
  encoding: TextEncoding;
  text: string;
}

/** The head of a text file as ingest sniffs it: gzip told by its first bytes, then the encoding and decoded text. */
export async function readTextHead(path: string): Promise<TextHead> {
  const first = await readHead(path, false, 4);
  const gzip = first.bytes[0] === 0x1f && first.bytes[1] === 0x8b;
  const head = await readHead(path, gzip);
  const encoding = detectEncoding(head.bytes, head.complete);
  return { gzip, ...head, encoding, text: decodeHead(head.bytes, encoding) };
}
