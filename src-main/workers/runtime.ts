import { CodedError, toAppError } from '@shared/errors';
import type { FromWorker, HandlerTable, ToWorker, WorkerPort } from './protocol';
import { createEventThrottle } from './throttle';

/**
 * Serves handler calls over a port. Each request gets its own AbortController; a `cancel` message aborts it
 * and the handler is expected to stop at its next check (trees, epochs, folds).
 */
export function serveWorker(port: WorkerPort, handlers: HandlerTable): void {
  const running = new Map<string, AbortController>();

  port.onMessage(async (message: ToWorker) => {
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    const { id, method, input } = message;
    const handler = handlers[method];
    const reply = (m: FromWorker) => port.send(m);
    if (!handler) {
      const error = toAppError(
        new CodedError(
          'invalid-input',
          `Unknown worker method '${method}'. Known: ${Object.keys(handlers).join(', ')}.`,
        ),
      );
      reply({ kind: 'result', id, ok: false, error });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const throttle = createEventThrottle((event) => reply({ kind: 'event', id, event }));
    try {
      const value = await handler(input as never, { signal: controller.signal, emit: throttle.push });
      throttle.flush();
      reply({ kind: 'result', id, ok: true, value });
    } catch (err) {
      throttle.flush();
      const fallback = controller.signal.aborted ? 'cancelled' : 'internal';
      reply({ kind: 'result', id, ok: false, error: toAppError(err, fallback) });
    } finally {
      running.delete(id);
    }
  });
  port.send({ kind: 'ready' });
}

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** The port of the current process: Electron's utility-process parentPort, or Node's fork IPC channel. */
export function currentProcessPort(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToWorker)),
    };
  }
  if (!process.send) throw new Error('This worker must be started with child_process.fork or utilityProcess.fork.');
  return {
    send: (m) => process.send!(m),
    onMessage: (listener) => process.on('message', (m) => listener(m as ToWorker)),
  };
}
