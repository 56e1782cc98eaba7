import type { DataSourceRequest, FileRef } from '@shared/channels';
import type { Result } from '@shared/errors';
import { call, getApi } from './api';

/** Reads part of a File as base64 (without the data: prefix). */
function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(blob);
  });
}

/** Called with the fraction of the file sent so far (0..1). */
export type OnProgress = (fraction: number) => void;

/**
 * Sends a File to the host in bounded chunks (the upload:* channels), in order, each acknowledged before the next:
 * memory stays at one chunk on both sides and progress is exact. Stops (and deletes what arrived) on any error.
 */
export async function uploadFile(file: File, onProgress?: OnProgress): Promise<Result<FileRef>> {
  const begun = await call('upload:begin', { name: file.name, size: file.size });
  if (!begun.ok) return begun;
  const { uploadId, chunkBytes } = begun.value;
  onProgress?.(0);
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    let base64: string;
    try {
      base64 = await blobToBase64(file.slice(offset, Math.min(file.size, offset + chunkBytes)));
    } catch {
      await call('upload:abort', { uploadId });
      const message = `${file.name} could not be read from your computer (was it moved or deleted?). Choose it again.`;
      return { ok: false, error: { name: 'Error', code: 'file-not-found', message } };
    }
    const sent = await call('upload:chunk', { uploadId, offset, base64 });
    if (!sent.ok) {
      await call('upload:abort', { uploadId });
      return sent;
    }
    onProgress?.(sent.value.received / file.size);
  }
  const done = await call('upload:finish', { uploadId });
  if (done.ok) onProgress?.(1);
  return done;
}

/**
 * A dropped or picked File as a handle the host can read: under Electron the host reads the file where it is
 * (the preload hands over its path); in a browser tab, or for a File with no path, its bytes are uploaded.
 */
export async function fileToRef(file: File, onProgress?: OnProgress): Promise<Result<FileRef>> {
  const byPath = (await getApi()?.fileRefFor(file)) ?? null;
  if (byPath) return { ok: true, value: byPath };
  return uploadFile(file, onProgress);
}

/** A dropped or picked File as a data source. */
export async function fileToSource(file: File, onProgress?: OnProgress): Promise<Result<DataSourceRequest>> {
  const ref = await fileToRef(file, onProgress);
  return ref.ok ? { ok: true, value: { kind: 'file', handle: ref.value.handle } } : ref;
}
