import { stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { CodedError } from '@shared/errors';
import type { ProgressEvent } from '@shared/events';
import type { JobContext } from '../protocol';
import type { DatasetInfo } from '@shared/project';
import type { IngestJobInput } from '../trainer-methods';
import { ingestFile } from '../../engine/ingest/ingest-file';
import { KaggleClient } from '../../engine/kaggle/kaggle-client';
import { pickDataFile } from '../../engine/kaggle/pick-data-file';
import { listZipEntries } from '../../engine/util/safe-unzip';
import { ProgressReporter } from '../../engine/util/progress';

/** Downloads a Kaggle dataset with progress and returns its likeliest data file or folder. */
async function downloadFromKaggle(
  k: NonNullable<IngestJobInput['kaggle']>,
  dest: string,
  ctx: JobContext<ProgressEvent>,
): Promise<string> {
  const client = new KaggleClient({ username: k.username, key: k.key }, { baseUrl: k.baseUrl });
  const mb = (n: number) =>
    n < 2 ** 20 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 2 ** 20).toFixed(1)} MB`;
  const progress = new ProgressReporter(ctx.emit);
  const { dir, files } = await client.download(k.ref, dest, {
    signal: ctx.signal,
    // Without a Content-Length the fraction stays where it was and the message counts what arrived.
    onProgress: (received, total) =>
      progress.report(
        total ? received / total : 0,
        `Downloading ${k.ref}: ${mb(received)}${total ? ` of ${mb(total)}` : ''}`,
      ),
  });
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
export async function ingestData(input: IngestJobInput, ctx: JobContext<ProgressEvent>): Promise<DatasetInfo> {
  if (input.kaggle)
    input = { ...input, srcPath: await downloadFromKaggle(input.kaggle, join(input.destDir, 'download'), ctx) };
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
    return ingestImageFolder(input.srcPath, input.destDir, ctx);
  }
  return ingestFile(input.srcPath, input.destDir, {
    skipBadRows: input.skipBadRows,
    originalName: input.originalName,
    signal: ctx.signal,
  });
}
