import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import JSZip from 'jszip';
import { CodedError } from '@shared/errors';

/** Limits against zip bombs and path tricks. */
export interface ZipLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
  /** Largest allowed uncompressed/compressed ratio for one entry. */
  maxRatio: number;
}

export const IMAGE_ZIP_LIMITS: ZipLimits = {
  maxFiles: 100_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxFileBytes: 200 * 1024 ** 2,
  maxRatio: 200,
};

interface EntryData {
  uncompressedSize?: number;
  compressedSize?: number;
}

/**
 * Extracts a zip into destDir, refusing absolute paths, `..` segments, symlinks and sizes past the limits
 * (checked against the central directory before anything is written, and again on the actual bytes).
 * Skips macOS resource forks (`__MACOSX/`). Returns the written file paths.
 */
export async function extractZipGuarded(zipPath: string, destDir: string, limits: ZipLimits = IMAGE_ZIP_LIMITS): Promise<string[]> {
  const size = (await stat(zipPath)).size;
  if (size > limits.maxTotalBytes) throw new CodedError('zip-unsafe', `The zip is larger than ${limits.maxTotalBytes} bytes.`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await readFile(zipPath));
  } catch (err) {
    throw new CodedError('dataset-invalid', `Could not open ${zipPath} as a zip (${(err as Error).message}).`);
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir && !f.name.startsWith('__MACOSX/'));
  if (entries.length > limits.maxFiles) {
    throw new CodedError('zip-unsafe', `The zip holds ${entries.length} files; at most ${limits.maxFiles} are accepted.`);
  }
  let declared = 0;
  const plan: Array<{ entry: JSZip.JSZipObject; target: string }> = [];
  for (const entry of entries) {
    // JSZip strips `../` from `name`; judge the name as stored, so a hostile zip is refused rather than rewritten.
    const stored = ((entry as unknown as { unsafeOriginalName?: string }).unsafeOriginalName ?? entry.name).replace(/\\/g, '/');
    const name = entry.name.replace(/\\/g, '/');
    const target = normalize(join(destDir, name));
    const rel = relative(destDir, target);
    if (isAbsolute(stored) || /^[a-zA-Z]:/.test(stored) || stored.split('/').includes('..') || /^[a-zA-Z]:/.test(name) || rel.startsWith('..') || rel.split(sep).includes('..') || isAbsolute(rel)) {
      throw new CodedError('zip-unsafe', `The zip entry "${entry.name}" would be written outside the target folder.`);
    }
    if (entry.unixPermissions && (Number(entry.unixPermissions) & 0o170000) === 0o120000) {
      throw new CodedError('zip-unsafe', `The zip entry "${entry.name}" is a symbolic link; links are not accepted.`);
    }
    const data = (entry as unknown as { _data?: EntryData })._data;
    const u = data?.uncompressedSize ?? 0;
    const c = data?.compressedSize ?? 0;
    if (u > limits.maxFileBytes) throw new CodedError('zip-unsafe', `"${entry.name}" unpacks to ${u} bytes, over the ${limits.maxFileBytes} limit.`);
    if (c > 0 && u / c > limits.maxRatio && u > 1024 * 1024) {
      throw new CodedError('zip-unsafe', `"${entry.name}" compresses ${Math.round(u / c)}:1, which looks like a zip bomb.`);
    }
    declared += u;
    if (declared > limits.maxTotalBytes) throw new CodedError('zip-unsafe', `The zip unpacks to more than ${limits.maxTotalBytes} bytes.`);
    plan.push({ entry, target });
  }
  const written: string[] = [];
  let actual = 0;
  for (const { entry, target } of plan) {
    const bytes = await entry.async('uint8array');
    actual += bytes.byteLength;
    // The central directory can lie; count the real bytes too.
    if (bytes.byteLength > limits.maxFileBytes || actual > limits.maxTotalBytes) {
      throw new CodedError('zip-unsafe', `The zip unpacks to more than the allowed size.`);
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    written.push(target);
  }
  return written;
}
