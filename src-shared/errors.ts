/** Error codes the UI and CLI branch on. Never branch on message text. */
export const ERROR_CODES = [
  'dataset-invalid',
  'dataset-empty',
  'dataset-too-large',
  'file-not-found',
  'unsupported-format',
  'file-unreadable',
  'target-missing',
  'column-missing',
  'column-type',
  'task-unsupported',
  'stage-order',
  'project-not-found',
  'project-busy',
  'model-not-found',
  'schema-mismatch',
  'invalid-id',
  'invalid-input',
  'hyperparameter-range',
  'zip-unsafe',
  'kaggle-auth',
  'kaggle-network',
  'limit-exceeded',
  'worker-crashed',
  'oom',
  'killed',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** How an error crosses a process or network boundary: plain data only. */
export interface AppError {
  name: string;
  code: ErrorCode;
  /** Says what went wrong and what to do next. */
  message: string;
  stack?: string;
  /** Optional structured detail (e.g. the available columns, a line number). */
  detail?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** A thrown error that carries a code. Serialise with `toAppError` before it crosses a boundary. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

export function toAppError(err: unknown, fallback: ErrorCode = 'internal'): AppError {
  if (err instanceof CodedError) {
    return { name: err.name, code: err.code, message: err.message, stack: err.stack, detail: err.detail };
  }
  if (isAppError(err)) return err;
  if (err instanceof Error) return { name: err.name, code: fallback, message: err.message, stack: err.stack };
  return { name: 'Error', code: fallback, message: String(err) };
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).code === 'string' &&
    typeof (value as AppError).message === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as AppError).code)
  );
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(err: unknown, fallback: ErrorCode = 'internal'): Result<T> {
  return { ok: false, error: toAppError(err, fallback) };
}
