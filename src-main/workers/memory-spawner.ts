import type { ChildHandle, FromWorker, Handlers, MethodMap, Spawner, ToWorker } from './protocol';
import { serveWorker } from './runtime';

/**
 * An in-process worker over an in-memory port: same protocol, no process. For tests of the protocol,
 * cancellation and event throttling without the cost of a fork.
 */
export function memorySpawner<M extends MethodMap<M>>(handlers: NoInfer<Handlers<M>>): Spawner<M> {
  return () => {
    const toWorker: Array<(m: ToWorker<M>) => void> = [];
    const fromWorker: Array<(m: FromWorker<M>) => void> = [];
    const exits: Array<(info: { code: number | null; signal: string | null; stderrTail: string }) => void> = [];
    let alive = true;
    serveWorker(
      {
        send: (m) => queueMicrotask(() => alive && fromWorker.forEach((l) => l(structuredClone(m)))),
        onMessage: (l) => toWorker.push(l),
      },
      handlers,
    );
    const handle: ChildHandle<M> = {
      send: (m) => queueMicrotask(() => alive && toWorker.forEach((l) => l(structuredClone(m)))),
      onMessage: (l) => fromWorker.push(l),
      onExit: (l) => exits.push(l),
      kill: () => {
        if (!alive) return;
        alive = false;
        exits.forEach((l) => l({ code: null, signal: 'SIGKILL', stderrTail: '' }));
      },
    };
    return handle;
  };
}
