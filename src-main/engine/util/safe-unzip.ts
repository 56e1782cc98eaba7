import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { dirname, join, resolve, sep } from 'node:path';
import JSZip from 'jszip';
import { CodedError } from '@shared/errors';

/** Limits against zip bombs and archives that try to write outside their folder. */
export interface UnzipLimits {
  /** Most entries extracted (default 10,000). */
  maxFiles?: number;
  /** Most bytes written in total (default 4 GiB). */
  maxBytes?: number;
  /** Largest uncompressed/compressed ratio allowed, per entry and overall (default 200). */
  maxRatio?: number;
  /** Most bytes any one entry may unpack to (default: no limit beyond maxBytes). */
  maxFileBytes?: number;
  /** Entries to leave out entirely, by name as stored (default: none); skipped entries count toward no limit. */
  skipEntry?: (name: string) => boolean;
}

const DEFAULTS: Required<UnzipLimits> = {
  maxFiles: 10_000,
  maxBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  maxFileBytes: Infinity,
  skipEntry: () => false,
};
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** What jszip keeps (privately) about an entry's sizes; read defensively because headers can lie. */
interface EntrySizes {
  _data?: { compressedSize?: number; uncompressedSize?: number };
}

/**
 * Extracts `zipPath` into `destDir` and returns the relative paths written. Refuses absolute
 * paths, `..`, drive letters, symlinks, too many files, too many bytes and suspicious compression
 * ratios with CodedError('zip-unsafe'); sizes are counted as bytes are written, not trusted from
 * headers. On refusal everything written so far is removed.
 */
export async function extractZipSafely(zipPath: string, destDir: string, limits: UnzipLimits = {}): Promise<string[]> {
  const lim = { ...DEFAULTS, ...limits };
  const zipBytes = (await stat(zipPath)).size;
  // Refuse before reading it into memory: the archive itself is past the byte limit.
  if (zipBytes > lim.maxBytes)
    throw new CodedError(
      'zip-unsafe',
      `The archive is larger than ${lim.maxBytes} bytes; the limit is ${lim.maxBytes}.`,
    );
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await readFile(zipPath));
  } catch (err) {
    // `unreadable` lets a caller tell a damaged file from a hostile one.
    const reason = (err as Error).message;
    throw new CodedError(
      'zip-unsafe',
      `The archive could not be read (${reason}). It may be damaged or not a zip file.`,
      { unreadable: true, reason },
    );
  }
  const root = resolve(destDir);
  const entries = Object.values(zip.files).filter((f) => !f.dir && !lim.skipEntry(f.name));
  if (entries.length > lim.maxFiles) {
    throw new CodedError('zip-unsafe', `The archive holds ${entries.length} files; the limit is ${lim.maxFiles}.`, {
      files: entries.length,
    });
  }
  // jszip quietly rewrites "../x" to "x"; judge the name as stored in the archive.
  const plan = entries.map((entry) => {
    const raw = (entry as unknown as { unsafeOriginalName?: string }).unsafeOriginalName ?? entry.name;
    return { entry, target: safeTarget(root, raw), rel: raw.replace(/\\/g, '/') };
  });
  for (const { entry } of plan) {
    if (
      entry.unixPermissions !== null &&
      entry.unixPermissions !== undefined &&
      (Number(entry.unixPermissions) & S_IFMT) === S_IFLNK
    ) {
      throw new CodedError(
        'zip-unsafe',
        `The archive contains a symbolic link (${entry.name}); links are not extracted for safety.`,
      );
    }
    const sizes = (entry as unknown as EntrySizes)._data;
    if (
      sizes?.uncompressedSize &&
      sizes.compressedSize !== undefined &&
      sizes.uncompressedSize > Math.min(lim.maxBytes, lim.maxFileBytes)
    ) {
      throw new CodedError(
        'zip-unsafe',
        `${entry.name} would unpack to ${sizes.uncompressedSize} bytes; the limit is ${Math.min(lim.maxBytes, lim.maxFileBytes)}.`,
      );
    }
  }

  await mkdir(root, { recursive: true });
  const written: string[] = [];
  let total = 0;
  try {
    for (const { entry, target, rel } of plan) {
      await mkdir(dirname(target), { recursive: true });
      const compressed = (entry as unknown as EntrySizes)._data?.compressedSize ?? 0;
      let entryBytes = 0;
      const out = createWriteStream(target);
      written.push(rel);
      // jszip hands out an old-style stream; wrap it to iterate with back-pressure.
      const input = new Readable().wrap(entry.nodeStream('nodebuffer'));
      for await (const chunk of input as AsyncIterable<Buffer>) {
        entryBytes += chunk.length;
        total += chunk.length;
        if (total > lim.maxBytes)
          throw new CodedError('zip-unsafe', `The archive unpacks to more than ${lim.maxBytes} bytes; stopped.`);
        // Headers can understate an entry's size; count the real bytes.
        if (entryBytes > lim.maxFileBytes)
          throw new CodedError('zip-unsafe', `${entry.name} unpacks to more than ${lim.maxFileBytes} bytes; stopped.`);
        // Per-entry ratio needs some volume first: tiny files compress oddly but harmlessly.
        if (entryBytes > 1_000_000 && entryBytes > Math.max(compressed, 1) * lim.maxRatio) {
          throw new CodedError(
            'zip-unsafe',
            `${entry.name} expands more than ${lim.maxRatio}× (a zip bomb?); stopped.`,
          );
        }
        if (total > 1_000_000 && total > zipBytes * lim.maxRatio) {
          throw new CodedError(
            'zip-unsafe',
            `The archive expands more than ${lim.maxRatio}× its size (a zip bomb?); stopped.`,
          );
        }
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'close');
    }
  } catch (err) {
    await Promise.all(written.map((rel) => rm(join(root, rel), { force: true })));
    throw err;
  }
  return written;
}

/** The absolute output path for an entry name, refusing anything that would land outside `root`. */
function safeTarget(root: string, name: string): string {
  const norm = name.replace(/\\/g, '/');
  if (norm.includes('\0') || norm.startsWith('/') || /^[A-Za-z]:/.test(norm) || norm.split('/').includes('..')) {
    throw new CodedError('zip-unsafe', `The archive contains an unsafe path (${name}); nothing was extracted.`, {
      entry: name,
    });
  }
  const target = resolve(root, norm);
  if (!target.startsWith(root + sep)) {
    throw new CodedError(
      'zip-unsafe',
      `The archive entry ${name} points outside the target folder; nothing was extracted.`,
      { entry: name },
    );
  }
  return target;
}
