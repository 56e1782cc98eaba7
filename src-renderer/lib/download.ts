import type { AppError } from '@shared/errors';
import { call } from './api';

/** Decodes one chunk's base64. */
function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Called with the fraction of the file received so far (0..1). */
export type OnDownloadProgress = (fraction: number) => void;

/**
 * Saves a file the app wrote through the browser's own download (the browser build has no folders to open). The
 * bytes come in bounded chunks (the download:* channels), in order, each asked for after the last arrived: a frame
 * stays at one chunk, progress is exact, and `signal` stops it (nothing is saved then). Null when saved or
 * cancelled; the error otherwise.
 */
export async function downloadFile(
  path: string,
  onProgress?: OnDownloadProgress,
  signal?: AbortSignal,
): Promise<AppError | null> {
  const begun = await call('download:begin', { path });
  if (!begun.ok) return begun.error;
  const { downloadId, name, mime, size } = begun.value;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress?.(0);
  try {
    while (received < size) {
      if (signal?.aborted) return null;
      const next = await call('download:chunk', { downloadId, offset: received });
      if (!next.ok) return next.error;
      const bytes = fromBase64(next.value.base64);
      parts.push(bytes);
      received += bytes.length;
      onProgress?.(received / size);
    }
  } finally {
    // Closes the file on the host when the download stopped early (after the last chunk it is closed already).
    if (received < size || size === 0) await call('download:end', { downloadId });
  }
  if (signal?.aborted) return null;
  const url = URL.createObjectURL(new Blob(parts, { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return null;
}
