import { CodedError } from '@shared/errors';

/**
 * Checks that a zip entry name is a plain relative path that stays inside the folder it is unpacked into.
 * Refuses absolute paths (`/x`, `\x`, `C:x`), any `..` segment, backslashes (Windows tools treat them as
 * separators), empty segments and control characters. Returns the name unchanged when safe.
 */
export function assertSafeEntryName(name: string): string {
  const why = unsafeReason(name);
  if (why) {
    throw new CodedError(
      'zip-unsafe',
      `Refusing zip entry "${name}": ${why}. Use a plain relative name such as "model.onnx" or "data/profile.json".`,
      { name },
    );
  }
  return name;
}

function unsafeReason(name: string): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'the name is empty';
  if (/[\u0000-\u001f]/.test(name)) return 'the name contains control characters';
  if (name.includes('\\')) return 'the name contains a backslash';
  if (name.startsWith('/')) return 'the name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'the name starts with a drive letter';
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return 'the name contains a ".." segment';
  if (segments.some((s, i) => s === '' && i < segments.length - 1)) return 'the name contains an empty path segment';
  if (segments[segments.length - 1] === '') return 'the name is a folder, not a file';
  return null;
}
