import { utilityProcess } from 'electron';
import type { ChildHandle, FromWorker, Spawner } from '../../workers/protocol';

/** Spawns a worker as an Electron utility process (own heap; a crash or OOM takes only the child). */
export function utilitySpawner(entry: string, maxOldSpaceMb = 8192): Spawner {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'AutoML trainer',
      stdio: ['ignore', 'inherit', 'pipe'],
      execArgv: [`--max-old-space-size=${maxOldSpaceMb}`],
    });
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-8192);
    });
    let alive = true;
    const handle: ChildHandle = {
      send: (message) => {
        if (alive) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as FromWorker)),
      onExit: (listener) =>
        child.once('exit', (code: number) => {
          alive = false;
          listener({ code, signal: code === null ? 'SIGKILL' : null, stderrTail });
        }),
      kill: () => {
        if (alive) child.kill();
      },
    };
    return handle;
  };
}
