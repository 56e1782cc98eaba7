import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes one problem (a message and, for errors, the stack) to the log. Never throws. */
export type HostLog = (message: string, err?: unknown) => void;

/** Past this size the log moves to `host.log.1` (one old copy is kept). */
const MAX_LOG_BYTES = 2 * 2 ** 20;

/** Where the hosts log: `<dataDir>/logs/host.log`. Stacks go here, never to the window. */
export function hostLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'host.log');
}

/**
 * An append-only log file for what a person should not read but a developer needs (stacks, unexpected errors,
 * refused frames). Writes are queued so lines never interleave; a failing disk loses log lines, nothing else.
 */
export function fileLog(path: string, echo: (line: string) => void = (line) => process.stderr.write(line)): HostLog {
  let queue = Promise.resolve();
  const write = async (text: string) => {
    await mkdir(dirname(path), { recursive: true });
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size > MAX_LOG_BYTES) await rename(path, `${path}.1`);
    await appendFile(path, text);
  };
  return (message, err) => {
    const detail =
      err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : err === undefined ? '' : String(err);
    const text = `${new Date().toISOString()} ${message}${detail ? `\n${detail}` : ''}\n`;
    echo(text);
    queue = queue.then(() => write(text)).catch(() => undefined);
  };
}
