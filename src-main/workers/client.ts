import { randomUUID } from 'node:crypto';
import { CodedError, type ErrorCode } from '@shared/errors';
import {
  STOP_AND_KEEP,
  type JobRunner,
  type MethodMap,
  type RequestOf,
  type RequestOptions,
  type Spawner,
} from './protocol';
import { jobWording } from './job-wording';

/** How long a cancelled worker gets to stop by itself before it is killed. */
const DEFAULT_GRACE_MS = 3000;
/** How long a worker asked to stop and keep its results gets to wrap up (score the holdout, write artifacts). */
const KEEP_GRACE_MS = 120_000;

/**
 * Runs each request in a fresh worker process (own heap: an out-of-memory kills the child, not the app).
 * Cancel is cooperative first, then a kill after the grace period. A child that dies without answering
 * becomes a CodedError with code `oom`, `killed` or `worker-crashed`.
 */
export class WorkerClient<M extends MethodMap<M>> implements JobRunner<M> {
  constructor(
    private readonly spawn: Spawner<M>,
    private readonly graceMs = DEFAULT_GRACE_MS,
  ) {}

  request<K extends keyof M & string>(
    method: K,
    input: M[K]['input'],
    options: RequestOptions<M[K]['event']> = {},
  ): Promise<M[K]['output']> {
    const { signal, onEvent } = options;
    if (signal?.aborted) return Promise.reject(new CodedError('cancelled', 'Cancelled before it started.'));
    const child = this.spawn();
    const id = randomUUID();
    const request: RequestOf<M, K> = { kind: 'request', id, method, input };
    return new Promise<M[K]['output']>((resolve, reject) => {
      let settled = false;
      let cancelRequested = false;
      let killTimer: NodeJS.Timeout | null = null;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        if (killTimer) clearTimeout(killTimer);
        signal?.removeEventListener('abort', onAbort);
        fn();
        // The process is single-use: make sure it goes away.
        setImmediate(() => child.kill());
      };
      const onAbort = () => {
        cancelRequested = true;
        child.send({ kind: 'cancel', id });
        killTimer = setTimeout(
          () => {
            settle(() =>
              reject(new CodedError('cancelled', 'Cancelled (the worker did not stop in time and was stopped).')),
            );
          },
          signal?.reason === STOP_AND_KEEP ? Math.max(this.graceMs, KEEP_GRACE_MS) : this.graceMs,
        );
      };
      signal?.addEventListener('abort', onAbort);

      child.onMessage((message) => {
        if (message.kind === 'ready') return;
        if (message.id !== id) return;
        // The process serves this one request, so its events and result are method K's (one narrowing, here).
        if (message.kind === 'event') {
          if (!settled) onEvent?.(message.event as M[K]['event']);
          return;
        }
        if (message.ok) settle(() => resolve(message.value as M[K]['output']));
        else {
          const e = message.error;
          settle(() => reject(Object.assign(new CodedError(e.code, e.message, e.detail), { stack: e.stack ?? '' })));
        }
      });
      child.onExit(({ code, signal: exitSignal, stderrTail }) => {
        if (settled) return;
        const reason = classifyExit(method, code, exitSignal, stderrTail, cancelRequested);
        settle(() => reject(new CodedError(reason.code, reason.message, { exitCode: code, signal: exitSignal })));
      });
      child.send(request);
    });
  }
}

/** Turns a worker's unexpected exit into a reason a person can act on. */
export function classifyExit(
  method: string,
  code: number | null,
  signal: string | null,
  stderrTail: string,
  cancelRequested: boolean,
): { code: ErrorCode; message: string } {
  const wording = jobWording(method);
  if (cancelRequested) return { code: 'cancelled', message: 'Cancelled.' };
  if (/heap out of memory|Allocation failed|out of memory/i.test(stderrTail)) {
    return {
      code: 'oom',
      message: `${wording.process} ran out of memory and was stopped. Try fewer rows or columns, or a smaller model; the app itself is fine.`,
    };
  }
  if (signal === 'SIGKILL' || signal === 'SIGTERM') {
    return {
      code: 'killed',
      message: `${wording.process} was stopped from outside the app. Start it again when ready.`,
    };
  }
  if (wording.unreadable) return { code: 'file-unreadable', message: wording.unreadable };
  return {
    code: 'worker-crashed',
    message: `${wording.process} stopped unexpectedly. Try again; if it happens again, report it (the app itself is fine).`,
  };
}
