import { CodedError, isAppError, toAppError, type AppError, type ErrorCode } from './errors';

/** What a person reads when a system call failed, by errno code (never the errno text itself). */
const SYSTEM_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  ENOSPC: { code: 'internal', message: 'The disk is full. Free some space and try again; nothing was lost.' },
  EDQUOT: { code: 'internal', message: 'Your disk quota is used up. Free some space and try again; nothing was lost.' },
  EACCES: {
    code: 'invalid-input',
    message:
      'The app is not allowed to read or write a file it needs. Check the folder permissions, or choose another place.',
  },
  EPERM: {
    code: 'invalid-input',
    message:
      'The app is not allowed to read or write a file it needs. Check the folder permissions, or choose another place.',
  },
  EROFS: { code: 'invalid-input', message: 'That place is read-only. Choose a folder the app can write to.' },
  ENAMETOOLONG: {
    code: 'invalid-input',
    message:
      'A file name or path is too long for this system. Rename the file or move it to a shorter path, then try again.',
  },
  ENOENT: {
    code: 'file-not-found',
    message:
      'A file the app needed is not there (moved, renamed or deleted). Choose the file again, or run the step again.',
  },
  ENOTDIR: {
    code: 'invalid-input',
    message: 'Part of that path is a file, not a folder. Check the path and try again.',
  },
  EISDIR: { code: 'invalid-input', message: 'That is a folder; choose a file.' },
  EMFILE: { code: 'internal', message: 'Too many files are open at once. Close other programs and try again.' },
  ENFILE: { code: 'internal', message: 'Too many files are open at once. Close other programs and try again.' },
  EIO: { code: 'file-unreadable', message: 'The disk reported a read or write error. Check the drive and try again.' },
  EBUSY: { code: 'internal', message: 'A file the app needs is in use by another program. Close it and try again.' },
};

/**
 * Any error as a person may read it: the app's own coded errors as they are; a failed system call in plain
 * words by its errno code; anything else (a library's text, a bug's "Cannot read properties of undefined")
 * becomes `fallback`, with the original kept only in `stack` for the log. Used where errors leave a worker,
 * the command line and the conductor, so no third-party text, path of our code or errno reaches a person.
 */
export function plainError(err: unknown, fallback: { code: ErrorCode; message: string }): AppError {
  if (err instanceof CodedError || isAppError(err)) return toAppError(err);
  const errno = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const original = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  const known = typeof errno === 'string' ? SYSTEM_ERRORS[errno] : undefined;
  const chosen = known ?? fallback;
  return { name: 'CodedError', code: chosen.code, message: chosen.message, stack: original };
}
