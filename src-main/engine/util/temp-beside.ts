import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temporary name beside `path` for a write renamed into place: `<path>.<pid>-<8 hex>.tmp`. */
export function tempBeside(path: string): string {
  return `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Removes the temporary files `tempBeside(path)` named, left when their writer was killed mid-write (a cancel that
 * did not stop in time, a crash). Nothing else in the folder is touched.
 */
export async function removeTempsBeside(path: string): Promise<void> {
  const base = basename(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const ours = names.filter((n) => n.startsWith(`${base}.`) && /^\d+-[0-9a-f]{8}\.tmp$/.test(n.slice(base.length + 1)));
  await Promise.all(ours.map((n) => rm(join(dirname(path), n), { force: true })));
}
