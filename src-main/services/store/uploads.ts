import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** A name from the renderer made safe as one file name: no folders, no odd characters, bounded length. */
export function safeFileName(name: string, fallback = 'upload.csv'): string {
  return (
    basename(name)
      .replace(/[^\w.\- ]+/g, '_')
      .slice(0, 120) || fallback
  );
}

/** Writes bytes that came over the bridge into `dir` under a safe version of their name; returns the path. */
export async function saveUpload(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, safeFileName(name));
  await writeFile(path, bytes);
  return path;
}
