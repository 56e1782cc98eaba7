/**
 * Lets the event loop run once (a `setImmediate` turn, after pending I/O). A worker's fits are synchronous: without
 * a turn between them, a `cancel` message from the app waits in the IPC pipe until the whole job has finished.
 * Call it where a job checks its abort signal between long steps (models, folds).
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
