/**
 * The app's one zip reader: image sets, Kaggle downloads and bundles to predict with are read entry by entry
 * with yauzl (streamed from disk, never loaded whole), and every limit is checked while inflating: a 1 MB
 * archive that claims a 1 GB entry stops after the first MB past the ratio, with the worker's memory flat.
 * (jszip, used before, read the archive whole and inflated before counting: 1.2 GB RSS for such a bundle.)
 * yauzl's own messages never reach a person: every failure is a CodedError in the app's words.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';
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
/** Below this many bytes a ratio says nothing (tiny files compress oddly but harmlessly). */
const RATIO_FLOOR = 1_000_000;

const mb = (n: number) => `${Math.max(1, Math.round(n / 1024 ** 2))} MB`;

function unreadable(): CodedError {
  return new CodedError(
    'zip-unsafe',
    'The archive could not be read: it is damaged or not a zip file. Make the zip again, or unpack it yourself and choose the folder.',
    { unreadable: true },
  );
}

function unsafePath(name: string): CodedError {
  return new CodedError(
    'zip-unsafe',
    `The archive contains an unsafe path (${name.slice(0, 200)}); nothing was extracted. Unpack it yourself and check its contents.`,
    { entry: name.slice(0, 200) },
  );
}

/** yauzl's errors, in the app's words (its text names offsets and signatures no person can act on). */
function fromYauzl(err: unknown): CodedError {
  if (err instanceof CodedError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const name = /(?:absolute path|invalid relative path|invalid characters in fileName): (.*)$/.exec(text);
  if (name) return unsafePath(name[1]);
  if (/too many bytes in the stream|not enough bytes in the stream/.test(text)) {
    return new CodedError(
      'zip-unsafe',
      'An entry of the archive unpacks to a different size than its header says (a damaged zip or a zip bomb); stopped.',
    );
  }
  if (/encrypted/i.test(text)) {
    return new CodedError('zip-unsafe', 'The archive is password-protected. Unpack it yourself and choose the folder.');
  }
  if (/unsupported compression method/i.test(text)) {
    return new CodedError(
      'zip-unsafe',
      'The archive uses a compression method the app cannot read. Make the zip again with standard (deflate) compression.',
    );
  }
  return unreadable();
}

/** One entry as the archive lists it. */
export interface ZipEntryInfo {
  name: string;
  directory: boolean;
  symlink: boolean;
  compressedSize: number;
  uncompressedSize: number;
}

function infoOf(entry: yauzl.Entry): ZipEntryInfo {
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  return {
    name: entry.fileName,
    directory: entry.fileName.endsWith('/'),
    symlink: mode === S_IFLNK,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
  };
}

async function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CodedError('file-not-found', 'The archive was not found. Check the path and try again.');
    throw fromYauzl(err);
  }
}

/** The entries of an archive (from its central directory; nothing is inflated). */
export async function listZipEntries(zipPath: string): Promise<ZipEntryInfo[]> {
  const zip = await openZip(zipPath);
  try {
    const out: ZipEntryInfo[] = [];
    for await (const entry of zip.eachEntry()) out.push(infoOf(entry));
    return out;
  } catch (err) {
    throw fromYauzl(err);
  } finally {
    zip.close();
  }
}

/**
 * Extracts `zipPath` into `destDir` and returns the relative paths written. Refuses absolute paths, `..`,
 * drive letters, symlinks, too many files, too many bytes and suspicious compression ratios with
 * CodedError('zip-unsafe'); sizes are counted as bytes are inflated, not trusted from headers. On refusal
 * everything written so far is removed. A file that is not a readable zip gets `detail.unreadable`.
 */
export async function extractZipSafely(zipPath: string, destDir: string, limits: UnzipLimits = {}): Promise<string[]> {
  const lim = { ...DEFAULTS, ...limits };
  let zipBytes: number;
  try {
    zipBytes = (await stat(zipPath)).size;
  } catch {
    throw new CodedError('file-not-found', 'The archive was not found. Check the path and try again.');
  }
  if (zipBytes > lim.maxBytes)
    throw new CodedError(
      'zip-unsafe',
      `The archive is larger than ${mb(lim.maxBytes)}, the most the app unpacks here. Unpack it yourself and choose the folder.`,
    );
  // First pass, over the central directory only: every name, link and declared size is judged before
  // anything is written.
  const root = resolve(destDir);
  const cap = Math.min(lim.maxBytes, lim.maxFileBytes);
  const wanted = new Map<string, string>();
  let files = 0;
  for (const info of await listZipEntries(zipPath)) {
    if (info.directory || lim.skipEntry(info.name)) continue;
    if (++files > lim.maxFiles) tooManyFiles(files, lim.maxFiles);
    if (info.symlink) {
      throw new CodedError(
        'zip-unsafe',
        `The archive contains a symbolic link (${info.name.slice(0, 200)}); links are not extracted for safety.`,
      );
    }
    if (info.uncompressedSize > cap) throw entryTooBig(info.name, cap);
    const rel = info.name.replace(/\\/g, '/');
    wanted.set(info.name, safeTarget(root, rel));
  }
  // Second pass: inflate entry by entry, counting real bytes (headers can lie).
  const zip = await openZip(zipPath);
  const written: string[] = [];
  let total = 0;
  // When the folder is ours, a refusal takes it away whole (with the sub-folders made for entries).
  const made = await mkdir(root, { recursive: true });
  const dirs = new Set<string>([root]);
  try {
    for await (const entry of zip.eachEntry()) {
      const info = infoOf(entry);
      const target = wanted.get(info.name);
      if (info.directory || !target) continue;
      const rel = info.name.replace(/\\/g, '/');
      if (!dirs.has(dirname(target))) {
        await mkdir(dirname(target), { recursive: true });
        dirs.add(dirname(target));
      }
      let entryBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          entryBytes += chunk.length;
          total += chunk.length;
          if (total > lim.maxBytes)
            return done(new CodedError('zip-unsafe', `The archive unpacks to more than ${mb(lim.maxBytes)}; stopped.`));
          if (entryBytes > lim.maxFileBytes) return done(entryTooBig(info.name, lim.maxFileBytes));
          if (entryBytes > RATIO_FLOOR && entryBytes > Math.max(info.compressedSize, 1) * lim.maxRatio)
            return done(bomb(`${info.name.slice(0, 200)} expands`, lim.maxRatio));
          if (total > RATIO_FLOOR && total > zipBytes * lim.maxRatio)
            return done(bomb('The archive expands', lim.maxRatio));
          done(null, chunk);
        },
      });
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (err) {
        throw fromYauzl(err);
      }
      written.push(rel);
      try {
        await pipeline(stream, counter, createWriteStream(target));
      } catch (err) {
        throw fromYauzl(err);
      }
    }
  } catch (err) {
    if (made) await rm(made, { recursive: true, force: true });
    else await Promise.all(written.map((rel) => rm(join(root, rel), { force: true })));
    throw fromYauzl(err);
  } finally {
    zip.close();
  }
  return written;
}

function tooManyFiles(count: number, max: number): never {
  throw new CodedError('zip-unsafe', `The archive holds ${count} files or more; the limit is ${max}.`, {
    files: count,
  });
}

function entryTooBig(name: string, cap: number): CodedError {
  return new CodedError('zip-unsafe', `${name.slice(0, 200)} unpacks to more than ${mb(cap)}; stopped.`);
}

function bomb(what: string, ratio: number): CodedError {
  return new CodedError('zip-unsafe', `${what} more than ${ratio}× (a zip bomb?); stopped.`);
}

/** The absolute output path for an entry name, refusing anything that would land outside `root`. */
function safeTarget(root: string, norm: string): string {
  if (
    /[\u0000-\u001f]/.test(norm) ||
    norm.startsWith('/') ||
    /^[A-Za-z]:/.test(norm) ||
    norm.split('/').includes('..')
  ) {
    throw unsafePath(norm);
  }
  const target = resolve(root, norm);
  if (!target.startsWith(root + sep)) throw unsafePath(norm);
  return target;
}
