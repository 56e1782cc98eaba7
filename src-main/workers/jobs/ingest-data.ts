import { stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { CodedError } from '@shared/errors';
import type { JobProgressEvent } from '@shared/events';
import { formatBytes } from '@shared/locale';
import type { JobContext } from '../protocol';
import type { DatasetInfo } from '@shared/project';
import type { IngestJobInput } from '../trainer-methods';
import { ingestFile } from '../../engine/ingest/ingest-file';
import { KaggleClient } from '../../engine/kaggle/kaggle-client';
import { pickDataFile } from '../../engine/kaggle/pick-data-file';
import { listZipEntries } from '../../engine/util/safe-unzip';
import { JobProgress } from '../../engine/util/progress';

/** Downloads a Kaggle dataset with progress and returns its likeliest data file or folder. */
async function downloadFromKaggle(
  k: NonNullable<IngestJobInput['kaggle']>,
  dest: string,
  ctx: JobContext<JobProgressEvent>,
): Promise<string> {
  const client = new KaggleClient({ username: k.username, key: k.key }, { baseUrl: k.baseUrl });
  const progress = new JobProgress('download', ctx.emit);
  progress.report(null, `Connecting to Kaggle for ${k.ref}…`);
  const { dir, files } = await client.download(k.ref, dest, {
    signal: ctx.signal,
    // Without a Content-Length the amount is not known: the message counts what arrived.
    onProgress: (received, total) =>
      progress.report(
        total ? received / total : null,
        `Downloading ${k.ref}: ${formatBytes(received)}${total ? ` of ${formatBytes(total)}` : ''}`,
      ),
  });
  progress.done(`Downloaded ${k.ref}.`);
  const picked = pickDataFile(dir, files);
  return picked ? resolve(dir, picked) : dir;
}

const IMAGE_EXT = /\.(jpe?g|png|webp|gif|bmp|tiff?)$/i;

/** A zip is an image set when most of its files are pictures inside folders. */
async function zipHoldsImages(path: string): Promise<boolean> {
  // The names come from the central directory: nothing is read whole or inflated to decide.
  const files = (await listZipEntries(path)).filter((f) => !f.directory);
  const images = files.filter((f) => IMAGE_EXT.test(f.name));
  return images.length > 0 && images.length >= files.length / 2;
}

/** DATA_SOURCE's job: a table file becomes the project's Parquet copy; a folder (or zip) of class folders an image set. */
export async function ingestData(input: IngestJobInput, ctx: JobContext<JobProgressEvent>): Promise<DatasetInfo> {
  if (input.kaggle)
    input = { ...input, srcPath: await downloadFromKaggle(input.kaggle, join(input.destDir, 'download'), ctx) };
  const progress = new JobProgress('ingest', ctx.emit);
  let info;
  try {
    info = await stat(input.srcPath);
  } catch {
    throw new CodedError('file-not-found', `No file or folder at ${input.srcPath}. Check the path and try again.`);
  }
  if (
    info.isDirectory() ||
    (extname(input.srcPath).toLowerCase() === '.zip' && (await zipHoldsImages(input.srcPath)))
  ) {
    // Imported here so a table ingest never loads sharp.
    const { ingestImageFolder } = await import('../../engine/image/ingest-images');
    const images = await ingestImageFolder(input.srcPath, input.destDir, {
      signal: ctx.signal,
      onProgress: (f, message) => progress.report(f, message),
    });
    progress.done('Imported.');
    return images;
  }
  const table = await ingestFile(input.srcPath, input.destDir, {
    skipBadRows: input.skipBadRows,
    originalName: input.originalName,
    signal: ctx.signal,
    onProgress: (f, message) => progress.report(f, message),
  });
  progress.done('Imported.');
  return table;
}
