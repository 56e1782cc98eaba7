import type { AppError } from '@shared/errors';
import type { EngineEvent } from '@shared/events';

/** One method of a worker: what goes in, what comes back, and the events it sends while it runs. */
export interface MethodSpec {
  input: unknown;
  output: unknown;
  event: EngineEvent;
}

/** A worker's methods by name (e.g. `TrainerMethods`). Everything in them is plain data: it crosses a process. */
export type MethodMap<M> = { [K in keyof M]: MethodSpec };

/** What a handler gets besides its input: a signal that aborts on cancel, and a sink for its events. */
export interface JobContext<E extends EngineEvent> {
  signal: AbortSignal;
  emit: (event: E) => void;
}

/** A worker-side handler of one method. */
export type Handler<S extends MethodSpec> = (input: S['input'], ctx: JobContext<S['event']>) => Promise<S['output']>;

/** One handler per method; a worker's table `satisfies Handlers<ItsMethods>`. */
export type Handlers<M extends MethodMap<M>> = { [K in keyof M]: Handler<M[K]> };

/** A request for method K: the method name and its input travel together. */
export type RequestOf<M extends MethodMap<M>, K extends keyof M = keyof M> = {
  [P in K]: { kind: 'request'; id: string; method: P; input: M[P]['input'] };
}[K];

/** Messages between the app and a worker process. Plain data only: they cross a process boundary. */
export type ToWorker<M extends MethodMap<M>> = RequestOf<M> | { kind: 'cancel'; id: string };

export type FromWorker<M extends MethodMap<M>> =
  | { kind: 'ready' }
  | { kind: 'event'; id: string; event: M[keyof M]['event'] }
  | { kind: 'result'; id: string; ok: true; value: M[keyof M]['output'] }
  | { kind: 'result'; id: string; ok: false; error: AppError };

/**
 * The abort reason that asks a job to stop early and return what it has (training keeps the models finished so
 * far): the worker gets longer to wrap up than after a plain cancel.
 */
export const STOP_AND_KEEP = 'stop-and-keep';

export interface RequestOptions<E extends EngineEvent = EngineEvent> {
  /** Aborting cancels the job; `abort(STOP_AND_KEEP)` asks it to stop and keep its results. */
  signal?: AbortSignal;
  onEvent?: (event: E) => void;
}

/** Anything that runs a worker's methods with cancel and events: the WorkerClient, or a test double. */
export interface JobRunner<M extends MethodMap<M>> {
  request<K extends keyof M & string>(
    method: K,
    input: M[K]['input'],
    options?: RequestOptions<M[K]['event']>,
  ): Promise<M[K]['output']>;
}

/** The transport a worker runtime speaks over: a forked child, a utility process, or an in-memory pair. */
export interface WorkerPort<M extends MethodMap<M>> {
  send(message: FromWorker<M>): void;
  onMessage(listener: (message: ToWorker<M>) => void): void;
}

/** The parent side of one worker process. */
export interface ChildHandle<M extends MethodMap<M>> {
  send(message: ToWorker<M>): void;
  onMessage(listener: (message: FromWorker<M>) => void): void;
  /** Called once when the process exits; `signal` is set when it was killed by one. */
  onExit(listener: (info: { code: number | null; signal: string | null; stderrTail: string }) => void): void;
  kill(): void;
}

export type Spawner<M extends MethodMap<M>> = () => ChildHandle<M>;
