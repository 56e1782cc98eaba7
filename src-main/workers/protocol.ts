import type { AppError } from '@shared/errors';
import type { EngineEvent } from '@shared/events';

/** Messages between the app and a worker process. Plain data only: they cross a process boundary. */
export type ToWorker = { kind: 'request'; id: string; method: string; input: unknown } | { kind: 'cancel'; id: string };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'event'; id: string; event: EngineEvent }
  | { kind: 'result'; id: string; ok: true; value: unknown }
  | { kind: 'result'; id: string; ok: false; error: AppError };

/** A worker-side handler: receives the input plus a signal that aborts on cancel, and emits events. */
export type Handler = (
  input: never,
  ctx: { signal: AbortSignal; emit: (event: EngineEvent) => void },
) => Promise<unknown>;
export type HandlerTable = Record<string, Handler>;

/** The transport a worker runtime speaks over: a forked child, a utility process, or an in-memory pair. */
export interface WorkerPort {
  send(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

/** The parent side of one worker process. */
export interface ChildHandle {
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Called once when the process exits; `signal` is set when it was killed by one. */
  onExit(listener: (info: { code: number | null; signal: string | null; stderrTail: string }) => void): void;
  kill(): void;
}

export type Spawner = () => ChildHandle;
