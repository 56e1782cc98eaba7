import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import JSZip from 'jszip';
import { CodedError } from '@shared/errors';
import { assertSafeEntryName } from './entry-name';
import { listZipEntries } from '../../engine/util/safe-unzip';
import { checkAborted } from '../../engine/analytics/task-result';
import { tempBeside } from '../../engine/util/temp-beside';

/** One file to put in the bundle: bytes/text in memory, or a file on disk read at write time. */
export type BundleFile = { name: string; data: Uint8Array | string } | { name: string; path: string };

/**
 * Writes `files` into a DEFLATE zip at `zipPath`. The zip is written to a temporary file beside the target
 * and renamed into place, so a crash or a full disk never leaves a half-written bundle under the final name.
 * Entry names must be safe relative paths (see assertSafeEntryName) and unique; otherwise CodedError('zip-unsafe')
 * is thrown before anything is written. `signal` stops it before the zip is in place (nothing is left behind).
 * `onProgress` gets the share done: files read in, then JSZip's own measure of the compression.
 */
export async function writeBundle(
  zipPath: string,
  files: BundleFile[],
  signal?: AbortSignal,
  onProgress?: (fraction: number) => void,
): Promise<{ bytes: number; files: string[] }> {
  const seen = new Set<string>();
  for (const f of files) {
    assertSafeEntryName(f.name);
    if (seen.has(f.name)) {
      throw new CodedError('zip-unsafe', `The bundle lists "${f.name}" twice. Give each file a different name.`, {
        name: f.name,
      });
    }
    seen.add(f.name);
  }

  const zip = new JSZip();
  // A fixed date keeps bundles of the same content byte-identical (jszip stores local time otherwise).
  const date = new Date(Date.UTC(2020, 0, 1));
  for (const [i, f] of files.entries()) {
    if (signal) checkAborted(signal, 'The export');
    onProgress?.((READ_SHARE * i) / files.length);
    const data = 'path' in f ? await readSource(f.path, f.name) : f.data;
    zip.file(f.name, data, { date, binary: typeof data !== 'string' });
  }

  await mkdir(dirname(zipPath), { recursive: true });
  const tmp = tempBeside(zipPath);
  let bytes = 0;
  try {
    // Streamed into the file as it is compressed (never whole in memory), then flushed to disk before the rename:
    // a crash right after never leaves a torn zip under the final name.
    const handle = await open(tmp, 'w');
    try {
      bytes = await streamZip(zip, handle, signal, (f) => onProgress?.(READ_SHARE + (1 - READ_SHARE) * f));
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (signal) checkAborted(signal, 'The export');
    await rename(tmp, zipPath);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { bytes, files: files.map((f) => f.name) };
}

/** Share of the progress for reading the files in, before compressing. */
const READ_SHARE = 0.1;

/**
 * Compresses `zip` chunk by chunk into `handle` (each chunk written before the next is made), reporting JSZip's own
 * share done; a cancel stops it at the next chunk. Returns the bytes written.
 */
function streamZip(
  zip: JSZip,
  handle: FileHandle,
  signal: AbortSignal | undefined,
  onProgress: (fraction: number) => void,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let bytes = 0;
    let failed = false;
    // The last chunk's write may still be under way when JSZip says 'end'.
    let writing: Promise<void> = Promise.resolve();
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      stream.pause();
      reject(err);
    };
    // streamFiles: each file's compressed bytes go out as they are made (sizes in a data descriptor after them, as
    // zip allows), so the progress moves within a large file and no file is held compressed in memory.
    const stream = zip.generateInternalStream({
      type: 'uint8array',
      compression: 'DEFLATE',
      compressionOptions: { level: 6 },
      platform: 'UNIX',
      streamFiles: true,
    });
    stream.on('data', (chunk, meta) => {
      if (failed) return;
      if (signal?.aborted) return fail(new CodedError('cancelled', 'The export was cancelled.'));
      stream.pause();
      // Chained: one write at a time, in order, even if JSZip sends another chunk before the pause takes.
      writing = writing
        .then(() => handle.write(chunk))
        .then(() => {
          bytes += chunk.byteLength;
          onProgress(meta.percent / 100);
          if (!failed) stream.resume();
        }, fail);
    });
    stream.on('error', fail);
    stream.on('end', () => {
      void writing.then(() => {
        if (!failed) resolve(bytes);
      });
    });
    stream.resume();
  });
}

async function readSource(path: string, name: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    return await readFile(path);
  } catch (err) {
    throw new CodedError(
      'file-not-found',
      `Cannot add "${name}" to the bundle: ${path} could not be read (${(err as Error).message}). Re-run training to recreate it.`,
      { path },
    );
  }
}

/**
 * Lists the file entries of a zip (folders left out), in stored order, streamed from its central directory.
 * Refuses a zip whose entries would escape the folder it is unpacked into, so callers can trust the names.
 */
export async function listBundle(zipPath: string): Promise<string[]> {
  let entries;
  try {
    entries = await listZipEntries(zipPath);
  } catch (err) {
    if (err instanceof CodedError && err.code === 'file-not-found')
      throw new CodedError(
        'file-not-found',
        `Bundle not found: ${zipPath}. Check the path, or export the model again.`,
        {
          path: zipPath,
        },
      );
    if (err instanceof CodedError && err.detail?.unreadable)
      throw new CodedError(
        'unsupported-format',
        `${zipPath} is not a readable zip: it is damaged or not a zip file. Export the model again.`,
        { path: zipPath },
      );
    throw err;
  }
  const names: string[] = [];
  for (const entry of entries) {
    const name = entry.directory ? entry.name.replace(/\/$/, '') : entry.name;
    if (name !== '') assertSafeEntryName(name);
    if (!entry.directory) names.push(entry.name);
  }
  return names;
}
