import { CodedError, toAppError } from '@shared/errors';
import type { FromWorker, Handlers, MethodMap, RequestOf, ToWorker, WorkerPort } from './protocol';
import { plainError } from '@shared/plain-error';
import { createEventThrottle } from './throttle';
import { jobWording } from './job-wording';
import { exitWithParent } from './parent-watch';

/**
 * Serves handler calls over a port. Each request gets its own AbortController; a `cancel` message aborts it
 * and the handler is expected to stop at its next check (trees, epochs, folds).
 */
export function serveWorker<M extends MethodMap<M>>(port: WorkerPort<M>, handlers: Handlers<M>): void {
  const running = new Map<string, AbortController>();
  const reply = (m: FromWorker<M>) => port.send(m);

  /** Runs method K: `handlers[method]` takes exactly the input that travels with that method name. */
  async function run<K extends keyof M>(request: RequestOf<M, K>): Promise<void> {
    const { id } = request;
    const controller = new AbortController();
    running.set(id, controller);
    const throttle = createEventThrottle<M[K]['event']>((event) => reply({ kind: 'event', id, event }));
    try {
      const handler = handlers[request.method];
      const value = await handler(request.input, { signal: controller.signal, emit: throttle.push });
      throttle.flush();
      reply({ kind: 'result', id, ok: true, value });
    } catch (err) {
      throttle.flush();
      // Only the app's own words leave the worker: a library's or a bug's text is kept for the log (stack) only.
      const error = plainError(
        err,
        controller.signal.aborted
          ? { code: 'cancelled', message: 'Cancelled.' }
          : jobWording(String(request.method)).failed,
      );
      if (controller.signal.aborted && error.code !== 'cancelled') error.code = 'cancelled';
      if (error.stack && !(err instanceof CodedError) && process.env.AUTOML_DEBUG)
        process.stderr.write(`${error.stack}\n`);
      reply({ kind: 'result', id, ok: false, error });
    } finally {
      running.delete(id);
    }
  }

  port.onMessage((message: ToWorker<M>) => {
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    // The name came over the wire: check it is one of ours before dispatching on it.
    if (!Object.prototype.hasOwnProperty.call(handlers, message.method)) {
      const known = Object.keys(handlers).join(', ');
      const error = new CodedError(
        'invalid-input',
        `Unknown worker method '${String(message.method)}'. Known: ${known}.`,
      );
      reply({ kind: 'result', id: message.id, ok: false, error: toAppError(error) });
      return;
    }
    void run(message);
  });
  port.send({ kind: 'ready' });
}

/** The port of the current process: Electron's utility-process parentPort, or Node's fork IPC channel. */
export function currentProcessPort<M extends MethodMap<M>>(): WorkerPort<M> {
  exitWithParent();
  // Ctrl-C in a terminal reaches the whole process group: the parent decides (it sends `cancel`, so the job stops
  // at a checkpoint and removes what it half-wrote); a worker killed by the key would leave its files torn.
  process.on('SIGINT', () => undefined);
  // Electron's types declare `process.parentPort` always; it exists only inside a utility process.
  const parentPort: Electron.ParentPort | undefined = process.parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToWorker<M>)),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('This worker must be started with child_process.fork or utilityProcess.fork.');
  return {
    send: (m) => send(m),
    onMessage: (listener) => process.on('message', (m) => listener(m as ToWorker<M>)),
  };
}
