import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `path` is `root` or lies inside it (both resolved; no `..` escapes). Purely lexical. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * `path` with every symlink followed, or null when it does not exist. Containment checks on paths that exist
 * use this on both sides, so a link inside the app's folder cannot point the check elsewhere.
 */
export async function realPathOrNull(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}
