import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, relative, isAbsolute } from 'node:path';
import { CodedError } from '@shared/errors';

/** The largest file handed to the page for a download (it travels base64-encoded over the bridge). */
const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.zip': 'application/zip',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
};

/**
 * A file the app wrote, for a browser download. Only files inside the data folder (exports, predictions) are
 * served, after resolving links, so a page cannot read anything else on the machine.
 */
export async function readAppFile(
  dataDir: string,
  path: string,
): Promise<{ name: string; base64: string; mime: string }> {
  const notServed = () =>
    new CodedError('file-not-found', `${basename(path)} is not a file this app wrote. Export or predict again.`);
  const [root, real] = await Promise.all([
    realpath(dataDir),
    realpath(path).catch(() => {
      throw notServed();
    }),
  ]);
  const rel = relative(root, real);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw notServed();
  const info = await stat(real);
  if (!info.isFile()) throw notServed();
  if (info.size > MAX_DOWNLOAD_BYTES)
    throw new CodedError(
      'dataset-too-large',
      `${basename(real)} is ${(info.size / 2 ** 20).toFixed(0)} MB, too big to download through the browser. It is at ${real}.`,
    );
  return {
    name: basename(real),
    base64: (await readFile(real)).toString('base64'),
    mime: MIME[extname(real).toLowerCase()] ?? 'application/octet-stream',
  };
}
