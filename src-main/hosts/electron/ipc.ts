import { ipcMain, type WebContents } from 'electron';
import { CHANNELS, EVENT_CHANNEL } from '@shared/channels';
import type { AppEvent } from '@shared/events';
import type { Dispatch } from '../../services/ipc/dispatch';

/** The only place that binds ipcMain: every channel goes through the validating dispatcher. */
export function bindIpc(dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (_event, req: unknown) => dispatch(channel, req));
  }
}

export function sendEvent(target: WebContents | null, event: AppEvent): void {
  if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
}
