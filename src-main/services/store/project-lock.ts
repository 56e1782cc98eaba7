/**
 * One lock per project folder, in this process and across processes (the app, a second window, the CLI):
 * every read-modify-write of project.json happens inside `withProjectLock`, and a background run of a stage
 * is claimed in `running.json` so another process can tell a stage that is running elsewhere from one
 * left `running` by a crash.
 *
 * The cross-process lock is a file created exclusively (`wx`) holding `{ pid, token, at }`. A lock whose
 * process is gone, or that is older than STALE_LOCK_MS, is broken (after re-reading it, so a lock that
 * changed hands in between is left alone). Critical sections are short (a read and an fsynced write).
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import type { StageId } from '@shared/stages';
import { writeFileAtomic } from './atomic-write';

const LOCK_FILE = 'project.lock';
const RUN_FILE = 'running.json';
/** A state lock is held for milliseconds; one this old belongs to a process that hung or died. */
const STALE_LOCK_MS = 30_000;
/** How long a caller waits for another process's lock before giving up with `project-busy`. */
const WAIT_MS = 20_000;
/** A run claim's heartbeat; a claim not refreshed for RUN_STALE_MS is treated as dead (pid reuse, hung host). */
const HEARTBEAT_MS = 5_000;
const RUN_STALE_MS = 10 * 60_000;

interface LockRecord {
  pid: number;
  token: string;
  at: number;
}

/** Who runs a stage of a project in the background. */
export interface RunClaim {
  pid: number;
  token: string;
  stage: StageId;
  heartbeatAt: number;
}

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const chains = new Map<string, Promise<unknown>>();
/** Claims made by this process that are still running (another Conductor in the same process may hold one). */
const liveClaims = new Set<string>();

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

function busy(holder: LockRecord | null): CodedError {
  return new CodedError(
    'project-busy',
    `This project is being changed by another AutoML window or command${holder ? ` (process ${holder.pid})` : ''}. Try again in a moment, or close the other one.`,
    holder ? { pid: holder.pid } : undefined,
  );
}

async function acquireFileLock(dir: string): Promise<string> {
  const path = join(dir, LOCK_FILE);
  const token = randomBytes(8).toString('hex');
  const record: LockRecord = { pid: process.pid, token, at: Date.now() };
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(record));
      } finally {
        await handle.close();
      }
      return token;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new CodedError(
          'project-not-found',
          'This project was not found. It may have been deleted; open another from the project list.',
        );
      }
      if (code !== 'EEXIST') throw err;
    }
    const holder = await readJson<LockRecord>(path);
    const stale = holder
      ? !processAlive(holder.pid) || Date.now() - holder.at > STALE_LOCK_MS
      : // Created but not yet written, or torn by a crash between open and write: judge it by its age below.
        attempt > 50;
    if (stale) {
      // Break it only if it is still the same lock we judged (another process may have broken it and taken it).
      const again = await readJson<LockRecord>(path);
      if ((again?.token ?? null) === (holder?.token ?? null)) await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw busy(holder);
    await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20)));
  }
}

async function releaseFileLock(dir: string, token: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  const holder = await readJson<LockRecord>(path);
  if (holder?.token === token) await rm(path, { force: true });
}

/**
 * Runs `fn` while holding the project's lock: queued behind other holders in this process, and exclusive
 * against other processes through the lock file in `dir`.
 */
export function withProjectLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(dir) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const token = await acquireFileLock(dir);
      try {
        return await fn();
      } finally {
        await releaseFileLock(dir, token);
      }
    });
  const tail = run.catch(() => undefined);
  chains.set(dir, tail);
  void tail.then(() => {
    if (chains.get(dir) === tail) chains.delete(dir);
  });
  return run;
}

/** The current run claim of a project folder, if any. */
export async function readRunClaim(dir: string): Promise<RunClaim | null> {
  return readJson<RunClaim>(join(dir, RUN_FILE));
}

/** True when the claim belongs to a run that is still going (in this process or another). */
export function claimIsLive(claim: RunClaim | null): boolean {
  if (!claim) return false;
  if (claim.pid === process.pid) return liveClaims.has(claim.token);
  return processAlive(claim.pid) && Date.now() - claim.heartbeatAt < RUN_STALE_MS;
}

export interface HeldRun {
  /** Records the stage now running (call under the project lock). */
  stage(stage: StageId): Promise<void>;
  /** Removes the claim (call under the project lock). */
  release(): Promise<void>;
}

/** Claims the background run of a project for this process; the claim is refreshed until released. */
export async function claimRun(dir: string, stage: StageId): Promise<HeldRun> {
  const path = join(dir, RUN_FILE);
  const token = randomBytes(8).toString('hex');
  let current: RunClaim = { pid: process.pid, token, stage, heartbeatAt: Date.now() };
  let released = false;
  // Writes go one after another (atomic each), so a heartbeat never lands after the release removed the file.
  let writes: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    writes = writes.then(() => (released ? undefined : writeFileAtomic(path, JSON.stringify(current))));
    return writes;
  };
  liveClaims.add(token);
  await write();
  const timer = setInterval(() => {
    current = { ...current, heartbeatAt: Date.now() };
    // A heartbeat that fails (the project was deleted) is harmless: the run ends on its own.
    void write().catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    stage: async (s) => {
      current = { ...current, stage: s, heartbeatAt: Date.now() };
      await write();
    },
    release: async () => {
      clearInterval(timer);
      await writes.catch(() => undefined);
      released = true;
      liveClaims.delete(token);
      const now = await readRunClaim(dir);
      if (now?.token === token) await rm(path, { force: true });
    },
  };
}
