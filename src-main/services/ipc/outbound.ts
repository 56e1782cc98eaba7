import { isAppError, type AppError } from '@shared/errors';

/** An error as the renderer may see it: name, code, message and our own structured detail; never a stack. */
export function publicError(error: AppError): AppError {
  return {
    name: error.name,
    code: error.code,
    message: error.message,
    ...(error.detail ? { detail: error.detail } : {}),
  };
}

function strip(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > 64 || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      const stripped = strip(item, depth + 1);
      if (stripped !== item) (copy ??= value.slice())[i] = stripped;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  if ('stack' in record && isAppError(record)) copy = { ...publicError(record) };
  for (const [key, item] of Object.entries(record)) {
    if (item === null || typeof item !== 'object') continue;
    const stripped = strip(item, depth + 1);
    if (stripped !== item) (copy ??= { ...record })[key] = stripped;
  }
  return copy ?? value;
}

/**
 * `value` with every error in it reduced to `publicError` (stacks hold server file paths): for everything that
 * goes to the renderer, results and events alike. Returns the same object when nothing needed removing.
 */
export function withoutStacks<T>(value: T): T {
  return strip(value, 0) as T;
}
