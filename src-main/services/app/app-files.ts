import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute } from 'node:path';
import { CodedError } from '@shared/errors';
import { realPathOrNull } from '../files/confine';

/** The largest file handed to the page for a download (it travels base64-encoded over the bridge). */
const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.zip': 'application/zip',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
};

/**
 * A file the app wrote (an export, a predictions file), for a browser download. Served only from a folder the
 * file manager may show (`openableFolder`: the app's data folder, folders of files written where the person asked),
 * after resolving links, so a page cannot read anything else on the machine.
 */
export async function readAppFile(
  path: string,
  openableFolder: (folder: string) => Promise<string | null>,
): Promise<{ name: string; base64: string; mime: string }> {
  const notServed = new CodedError(
    'file-not-found',
    `${basename(path)} is not a file this app wrote, or it is gone. Export or predict again.`,
  );
  const real = isAbsolute(path) ? await realPathOrNull(path) : null;
  if (!real || !(await openableFolder(dirname(real)))) throw notServed;
  const info = await stat(real);
  if (!info.isFile()) throw notServed;
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
