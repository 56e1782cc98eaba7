import { fork } from 'node:child_process';
import type { ChildHandle, FromWorker, MethodMap, Spawner } from './protocol';
import { workerTempDir } from './worker-temp';

export interface ForkOptions {
  /** Heap limit for the child in MiB (its own heap: running out kills only the child). */
  maxOldSpaceMb?: number;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

const STDERR_TAIL_BYTES = 8192;

/** Spawns a worker with child_process.fork (Node host, CLI, tests). */
export function forkSpawner<M extends MethodMap<M>>(entry: string, options: ForkOptions = {}): Spawner<M> {
  return () => {
    const execArgv = [...(options.execArgv ?? [])];
    if (options.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
    const temp = workerTempDir();
    const child = fork(entry, [], {
      execArgv,
      env: { ...(options.env ?? process.env), ...temp.env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    child.once('exit', temp.remove);
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (process.env.AUTOML_DEBUG) process.stderr.write(text);
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_BYTES);
    });
    const handle: ChildHandle<M> = {
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (m) => listener(m as FromWorker<M>)),
      onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal, stderrTail })),
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
    return handle;
  };
}
