import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../services/store/project-lock';

const PREFIX = 'automl-worker-';

/**
 * A private temporary folder for one worker process (TMPDIR, TMP and TEMP point at it), removed when the
 * worker exits. Libraries write scratch files there: onnxruntime's telemetry leaves an empty
 * `mat-debug-<pid>.log` for every process that opens a session, which used to pile up in the system temp
 * folder. Folders left by a parent that was killed are swept the next time a parent starts workers.
 */
export function workerTempDir(): { env: Record<string, string>; remove: () => void } {
  sweepOrphans();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  return {
    env: { TMPDIR: dir, TMP: dir, TEMP: dir },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

let swept = false;
function sweepOrphans(): void {
  if (swept) return;
  swept = true;
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const owner = Number(/^automl-worker-(\d+)-/.exec(name)?.[1]);
    if (owner && owner !== process.pid && !processAlive(owner))
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}
