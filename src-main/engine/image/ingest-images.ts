import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import sharp from 'sharp';
import { CodedError } from '@shared/errors';
import type { DatasetInfo } from '@shared/project';
import { IMAGE_EXTENSIONS } from './preprocess';
import { extractZipSafely, type UnzipLimits } from '../util/safe-unzip';
import type { PartProgress } from '../util/progress';

export { makeThumbnail } from './thumbnail';

/** Fewer images than this in a class is reported (training still uses classes with at least 2). */
export const MIN_IMAGES_PER_CLASS = 5;
const MAX_LISTED = 50;

/** Limits for a zip of pictures: many small files are normal, one huge entry is not. macOS resource forks are skipped. */
export const IMAGE_ZIP_LIMITS: UnzipLimits = {
  maxFiles: 100_000,
  maxBytes: 4 * 1024 ** 3,
  maxFileBytes: 200 * 1024 ** 2,
  maxRatio: 200,
  skipEntry: (name) => name.startsWith('__MACOSX/'),
};

/** One image after ingest: path relative to destDir/images, and its class. */
export interface ImageEntry {
  file: string;
  label: string;
}

/**
 * Ingests a folder of class subfolders (or a .zip of one) into destDir/images/<class>/...: every picture is
 * decode-checked with sharp; unreadable files and classes with fewer than 5 images are listed in
 * `rejectedRows` (line 0) with a reason a person can act on. Returns the DatasetInfo for DATA_SOURCE.
 * The pictures are copied into a scratch folder that replaces destDir/images only when the import succeeded: a
 * cancelled or failed import leaves the project's earlier pictures as they were. Progress counts pictures checked.
 */
export async function ingestImageFolder(
  src: string,
  destDir: string,
  ctx?: { signal?: AbortSignal; onProgress?: PartProgress },
): Promise<DatasetInfo> {
  let info;
  try {
    info = await stat(src);
  } catch {
    throw new CodedError('file-not-found', `No folder or zip at ${src}. Check the path and try again.`);
  }
  let root = src;
  let tmp: string | undefined;
  if (!info.isDirectory()) {
    if (extname(src).toLowerCase() !== '.zip') {
      throw new CodedError(
        'unsupported-format',
        `${basename(src)} is neither a folder nor a .zip. Drop a folder with one subfolder per class.`,
      );
    }
    tmp = join(destDir, '.unzip');
    await rm(tmp, { recursive: true, force: true });
    await extractImageZip(src, tmp);
    root = tmp;
  }
  try {
    return await ingestTree(await classRoot(root), src, destDir, ctx?.signal, ctx?.onProgress);
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

/** Unpacks with the shared guarded extractor; a file that is not a readable zip is a bad dataset, not an attack. */
export async function extractImageZip(src: string, dest: string): Promise<void> {
  try {
    await extractZipSafely(src, dest, IMAGE_ZIP_LIMITS);
  } catch (err) {
    if (err instanceof CodedError && err.detail?.unreadable) {
      throw new CodedError(
        'dataset-invalid',
        `Could not open ${basename(src)} as a zip: it is damaged or not a zip file. Make the zip again, or choose the folder itself.`,
      );
    }
    throw err;
  }
}

/** Zips and downloads often wrap the class folders in one more folder: step into it. */
async function classRoot(dir: string): Promise<string> {
  for (let depth = 0; depth < 3; depth++) {
    const items = (await readdir(dir, { withFileTypes: true })).filter(
      (d) => !d.name.startsWith('.') && d.name !== '__MACOSX',
    );
    const dirs = items.filter((d) => d.isDirectory());
    const files = items.filter((d) => d.isFile() && IMAGE_EXTENSIONS.has(extname(d.name).toLowerCase()));
    if (dirs.length !== 1 || files.length > 0) return dir;
    const inner = join(dir, dirs[0].name);
    const innerDirs = (await readdir(inner, { withFileTypes: true })).filter(
      (d) => d.isDirectory() && !d.name.startsWith('.'),
    );
    if (innerDirs.length === 0) return dir;
    dir = inner;
  }
  return dir;
}

/** Every file under dir (recursively, hidden names skipped), sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const p = join(dir, d.name);
    // A loop, not push(...files): a folder of ~125k+ images would overflow the call stack.
    if (d.isDirectory()) for (const f of await listFiles(p)) out.push(f);
    else if (d.isFile()) out.push(p);
  }
  return out.sort();
}

/** Full decode at reduced size (JPEG shrink-on-load keeps it fast); truncated or corrupt files throw. */
export async function decodeCheck(file: string): Promise<{ width: number; height: number }> {
  const meta = await sharp(file, { failOn: 'error', animated: false }).metadata();
  await sharp(file, { failOn: 'error', animated: false }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  const swap = (meta.orientation ?? 1) >= 5;
  return { width: (swap ? meta.height : meta.width) ?? 0, height: (swap ? meta.width : meta.height) ?? 0 };
}

async function ingestTree(
  root: string,
  src: string,
  destDir: string,
  signal?: AbortSignal,
  onProgress?: PartProgress,
): Promise<DatasetInfo> {
  const top = (await readdir(root, { withFileTypes: true })).filter(
    (d) => !d.name.startsWith('.') && d.name !== '__MACOSX',
  );
  const classDirs = top
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const rejected: Array<{ line: number; reason: string }> = [];
  const looseFiles = top.filter((d) => d.isFile() && IMAGE_EXTENSIONS.has(extname(d.name).toLowerCase()));
  if (looseFiles.length > 0) {
    rejected.push({
      line: 0,
      reason: `${looseFiles.length} image(s) sit directly in the top folder, outside any class folder, and were left out (e.g. ${looseFiles[0].name}).`,
    });
  }
  if (classDirs.length === 0) {
    throw new CodedError(
      'dataset-invalid',
      `No class folders in ${basename(src)}. Put each class's pictures in its own subfolder (e.g. cats/, dogs/).`,
    );
  }
  const imagesDir = join(destDir, 'images');
  const staging = join(destDir, '.images-tmp');
  await rm(staging, { recursive: true, force: true });
  try {
    const info = await copyClasses(root, src, classDirs, { destDir, imagesDir: staging }, rejected, signal, onProgress);
    await rm(imagesDir, { recursive: true, force: true });
    await rename(staging, imagesDir);
    return info;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Decode-checks and copies every class folder's pictures into `to.imagesDir`; the DatasetInfo of the set. */
async function copyClasses(
  root: string,
  src: string,
  classDirs: string[],
  to: { destDir: string; imagesDir: string },
  rejected: Array<{ line: number; reason: string }>,
  signal?: AbortSignal,
  onProgress?: PartProgress,
): Promise<DatasetInfo> {
  const classes: Array<{ name: string; count: number }> = [];
  const sample: Array<Array<string | null>> = [];
  let bytes = 0;
  let skippedOther = 0;
  const listed = await Promise.all(classDirs.map((cls) => listFiles(join(root, cls))));
  const { destDir, imagesDir } = to;
  const all = listed.reduce((n, files) => n + files.length, 0);
  let seen = 0;
  for (const [at, cls] of classDirs.entries()) {
    const files = listed[at];
    let count = 0;
    const queue = files.filter((f) => {
      const ok = IMAGE_EXTENSIONS.has(extname(f).toLowerCase());
      if (!ok) skippedOther += 1;
      return ok;
    });
    // Decode-check a few at a time: sharp works on libuv's thread pool.
    for (let i = 0; i < queue.length; i += 8) {
      if (signal?.aborted) throw new CodedError('cancelled', 'Image import was cancelled.');
      const chunk = queue.slice(i, i + 8);
      onProgress?.(seen / Math.max(1, all), `Checking the pictures: ${seen} of ${all}`);
      seen += chunk.length;
      const checks = await Promise.all(
        chunk.map((f) =>
          decodeCheck(f).then(
            (dims) => ({ f, dims }),
            (err: Error) => ({ f, err }),
          ),
        ),
      );
      for (const c of checks) {
        const rel = relative(join(root, cls), c.f);
        if ('err' in c) {
          rejected.push({
            line: 0,
            reason: `Unreadable image ${cls}/${rel}: ${shortReason(c.err)}. It was left out; replace it or remove it.`,
          });
          continue;
        }
        // Flatten nested folders into one name so every class folder is flat.
        const target = join(imagesDir, cls, rel.split(/[\\/]/).join('__'));
        await mkdir(join(imagesDir, cls), { recursive: true });
        await copyFile(c.f, target);
        bytes += (await stat(target)).size;
        count += 1;
        if (sample.length < 20 && count <= 4)
          sample.push([`${cls}/${basename(target)}`, cls, String(c.dims.width), String(c.dims.height)]);
      }
    }
    seen += files.length - queue.length;
    classes.push({ name: cls, count });
  }
  if (skippedOther > 0)
    rejected.push({ line: 0, reason: `${skippedOther} file(s) that are not pictures (by extension) were skipped.` });
  for (const c of classes) {
    if (c.count < MIN_IMAGES_PER_CLASS) {
      rejected.push({
        line: 0,
        reason: `Class "${c.name}" has only ${c.count} readable image(s); at least ${MIN_IMAGES_PER_CLASS} are needed for a useful model. Add pictures or remove the folder.`,
      });
    }
  }
  const total = classes.reduce((a, c) => a + c.count, 0);
  if (total === 0)
    throw new CodedError(
      'dataset-empty',
      `No readable pictures in ${basename(src)}. Supported: JPEG, PNG, WebP, GIF, BMP, TIFF, AVIF.`,
    );
  if (classes.filter((c) => c.count > 0).length < 2) {
    throw new CodedError(
      'dataset-invalid',
      `Only one class folder has pictures (${classes.find((c) => c.count > 0)?.name}). Add a folder for at least one more class.`,
    );
  }
  return {
    path: destDir,
    originalName: basename(src),
    format: 'images',
    rows: total,
    columns: [
      { name: 'file', dbType: 'VARCHAR' },
      { name: 'label', dbType: 'VARCHAR' },
      { name: 'width', dbType: 'INTEGER' },
      { name: 'height', dbType: 'INTEGER' },
    ],
    sample,
    bytes,
    rejectedRows: rejected.slice(0, MAX_LISTED),
    imageClasses: classes,
  };
}

function shortReason(err: Error): string {
  return (err.message.split('\n')[0] || 'cannot be decoded').replace(/^Input (file|buffer) /, '').slice(0, 160);
}

/** Lists destDir/images (or a folder of class subfolders) as entries, sorted by class then file. */
export async function listImageSet(
  datasetDir: string,
): Promise<{ root: string; entries: ImageEntry[]; labels: string[] }> {
  let root = datasetDir;
  try {
    if ((await stat(join(datasetDir, 'images'))).isDirectory()) root = join(datasetDir, 'images');
  } catch {
    // No images/ subfolder: datasetDir itself holds the class folders.
  }
  const labels = (await readdir(root, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  const entries: ImageEntry[] = [];
  for (const label of labels) {
    for (const f of await listFiles(join(root, label))) {
      if (IMAGE_EXTENSIONS.has(extname(f).toLowerCase())) entries.push({ file: relative(root, f), label });
    }
  }
  return { root, entries, labels };
}
