import type { DataSourceRequest } from '@shared/channels';
import { getApi } from './api';
import { fileToBase64 } from './file';

/**
 * A dropped or picked file as a data source: by path when the host can see the file (Electron),
 * otherwise its bytes (browser host).
 */
export async function fileToSource(file: File): Promise<DataSourceRequest> {
  const path = getApi()?.pathForFile(file) ?? null;
  if (path) return { kind: 'path', path };
  return { kind: 'upload', name: file.name, base64: await fileToBase64(file) };
}

/** Folder of a file path, for "open folder" (works for / and \ separators). */
export function dirnameOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : path;
}

export function basenameOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1);
}
