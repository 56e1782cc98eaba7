import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
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
 */
export async function writeBundle(
  zipPath: string,
  files: BundleFile[],
  signal?: AbortSignal,
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
  for (const f of files) {
    if (signal) checkAborted(signal, 'The export');
    const data = 'path' in f ? await readSource(f.path, f.name) : f.data;
    zip.file(f.name, data, { date, binary: typeof data !== 'string' });
  }
  const bytes = await zip.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'UNIX',
  });

  if (signal) checkAborted(signal, 'The export');
  await mkdir(dirname(zipPath), { recursive: true });
  const tmp = tempBeside(zipPath);
  try {
    // Flushed to disk before the rename: a crash right after never leaves a torn zip under the final name.
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(bytes);
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
  return { bytes: bytes.byteLength, files: files.map((f) => f.name) };
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
