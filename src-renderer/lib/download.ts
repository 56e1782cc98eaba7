import type { AppError } from '@shared/errors';
import { call } from './api';

/** Saves a file the app wrote through the browser's own download (the browser build has no folders to open). */
export async function downloadFile(path: string): Promise<AppError | null> {
  const res = await call('file:download', { path });
  if (!res.ok) return res.error;
  const binary = atob(res.value.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: res.value.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = res.value.name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return null;
}
