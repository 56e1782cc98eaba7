/**
 * How the registry claims a version number and publishes it (see ModelRegistry.prepare): a claimed number is
 * a folder `.claim-<n>` holding the version's files and `.owner` (the writing process); publishing renames it
 * to `<n>` after every file was flushed to disk.
 */
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../store/project-lock';

/** A claimed version number is a folder `.claim-<n>` holding the files and `.owner` (the writing process). */
const CLAIM = /^\.claim-([1-9][0-9]*)$/;
export const CLAIM_OWNER = '.owner';
/** A claim folder with no owner file this old was left by a crash between creating it and naming its owner. */
const UNOWNED_STALE_MS = 10 * 60_000;

/** Claims the next number above every version and every live claim, by creating its claim folder. */
export async function claimVersion(modelDir: string, existing: number[]): Promise<{ version: number; claim: string }> {
  const claimed = (await readdir(modelDir)).map((n) => Number(CLAIM.exec(n)?.[1] ?? 0)).filter((v) => v > 0);
  let version = Math.max(0, ...existing, ...claimed) + 1;
  for (let attempt = 0; ; attempt++, version++) {
    const claim = join(modelDir, `.claim-${version}`);
    try {
      await mkdir(claim);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 50) throw err;
      continue;
    }
    if ((await readdir(modelDir)).includes(String(version))) {
      await rm(claim, { recursive: true, force: true });
      continue;
    }
    await writeFile(join(claim, CLAIM_OWNER), JSON.stringify({ pid: process.pid }));
    return { version, claim };
  }
}

/** Removes claims (and old-style staging folders) whose writer is gone: an export killed half-way. */
export async function sweepDeadClaims(modelDir: string): Promise<void> {
  for (const name of await readdir(modelDir)) {
    if (!CLAIM.test(name) && !name.startsWith('.staging-')) continue;
    const dir = join(modelDir, name);
    const owner = await readFile(join(dir, CLAIM_OWNER), 'utf8')
      .then((t) => (JSON.parse(t) as { pid?: number }).pid ?? 0)
      .catch(() => null);
    // A claim without its owner file yet may be one another process is creating this very moment.
    const dead =
      owner === null
        ? Date.now() -
            (await stat(dir).then(
              (s) => s.mtimeMs,
              () => 0,
            )) >
          UNOWNED_STALE_MS
        : !processAlive(owner);
    if (dead) await rm(dir, { recursive: true, force: true });
  }
}

/** Writes a file and flushes it to disk before the folder holding it is published. */
export async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (a rename into it) to disk; not supported everywhere, so best effort. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
