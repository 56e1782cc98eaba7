import { utilityProcess } from 'electron';
import type { ChildHandle, FromWorker, MethodMap, Spawner } from '../../workers/protocol';
import { workerTempDir } from '../../workers/worker-temp';

/** Spawns a worker as an Electron utility process (own heap; a crash or OOM takes only the child). */
export function utilitySpawner<M extends MethodMap<M>>(entry: string, maxOldSpaceMb = 8192): Spawner<M> {
  return () => {
    const temp = workerTempDir();
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'AutoML trainer',
      env: { ...process.env, ...temp.env },
      stdio: ['ignore', 'inherit', 'pipe'],
      execArgv: [`--max-old-space-size=${maxOldSpaceMb}`],
    });
    child.once('exit', temp.remove);
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-8192);
    });
    let alive = true;
    const handle: ChildHandle<M> = {
      send: (message) => {
        if (alive) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as FromWorker<M>)),
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
