import { Worker } from 'node:worker_threads';

/** How often the watcher looks at the parent process. */
const POLL_MS = 200;

/**
 * Ends this worker process at once when its parent (the app, the host or the CLI) is gone, even while the
 * main thread is busy in a long synchronous fit and cannot see the closed IPC channel: a small thread polls
 * the parent process id (it changes when the parent dies and the child is re-parented) and kills the process.
 * Without it an orphaned trainer kept working, and writing, for 15-30 s after a kill -9 of its parent.
 */
export function exitWithParent(): void {
  const parent = process.ppid;
  const watcher = new Worker(
    `const parent = ${parent};
const alive = () => { try { process.kill(parent, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => { if (process.ppid !== parent || !alive()) process.kill(process.pid, 'SIGKILL'); }, ${POLL_MS});`,
    { eval: true, stdout: false, stderr: false },
  );
  watcher.unref();
  // The IPC channel closing is the quick path when the main thread is free.
  process.once('disconnect', () => process.exit(0));
}
