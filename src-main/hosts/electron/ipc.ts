import { ipcMain, type WebContents } from 'electron';
import { isAbsolute } from 'node:path';
import { stat } from 'node:fs/promises';
import { CHANNELS, EVENT_CHANNEL, FILE_DROP_CHANNEL, type FileRef } from '@shared/channels';
import type { ErrorCode, Result } from '@shared/errors';
import type { AppEvent } from '@shared/events';
import type { Dispatch } from '../../services/ipc/dispatch';
import type { FileGrants } from '../../services/files/file-grants';
import { isTrustedSender } from './trust';

function refused(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { name: 'CodedError', code, message } };
}

const UNTRUSTED = refused('invalid-input', 'Refused: the request did not come from the app window.');

/**
 * The only place that binds ipcMain: every channel goes through the validating dispatcher, and only after the
 * sender is our own top frame. Binding again (macOS re-creates the window on `activate`) replaces the handlers.
 */
export function bindIpc(dispatch: Dispatch, files: FileGrants, rendererUrl: string): void {
  for (const channel of CHANNELS) {
    ipcMain.removeHandler(channel);
    ipcMain.handle(channel, (event, req: unknown) =>
      isTrustedSender(event, rendererUrl) ? dispatch(channel, req) : UNTRUSTED,
    );
  }
  ipcMain.removeHandler(FILE_DROP_CHANNEL);
  ipcMain.handle(FILE_DROP_CHANNEL, async (event, req: unknown): Promise<Result<FileRef>> => {
    if (!isTrustedSender(event, rendererUrl)) return UNTRUSTED;
    return grantDropped(files, req);
  });
}

/** A file or folder the person dropped (or picked in a file input): its path came from the File itself. */
export async function grantDropped(files: FileGrants, req: unknown): Promise<Result<FileRef>> {
  const path = typeof req === 'object' && req !== null ? (req as { path?: unknown }).path : undefined;
  if (typeof path !== 'string' || path.length > 4096 || !isAbsolute(path)) {
    return refused('invalid-input', 'That is not a file on this computer.');
  }
  const info = await stat(path).catch(() => null);
  if (!info) return refused('file-not-found', 'That file is no longer there. Drop it again from where it is now.');
  if (info.isDirectory()) files.allowFolder(path);
  return { ok: true, value: files.grant(path, 'read') };
}

export function sendEvent(target: WebContents | null, event: AppEvent): void {
  if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
}
