import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS, EVENT_CHANNEL, FILE_DROP_CHANNEL, type Api, type FileRef, type Unsubscribe } from '@shared/channels';
import { COMMAND_CHANNEL } from '@shared/commands';
import type { Result } from '@shared/errors';

const KNOWN: ReadonlySet<string> = new Set(CHANNELS);

/** Main → renderer messages on `channel`, until the returned function is called. */
function subscribe<T>(channel: string, listener: (message: T) => void): Unsubscribe {
  const handler = (_e: unknown, message: T) => listener(message);
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.removeListener(channel, handler);
}

/**
 * window.api under Electron: typed invokers over IPC; every subscription returns its unsubscribe. Only the
 * declared channels pass (the private file channel is reachable through `fileRefFor` alone, with a path read
 * from a real File, so a page cannot name a file by itself).
 */
const api: Api = {
  host: 'electron',
  invoke: (channel, req) =>
    KNOWN.has(channel)
      ? ipcRenderer.invoke(channel, req)
      : Promise.resolve({
          ok: false,
          error: { name: 'CodedError', code: 'invalid-input', message: `Unknown channel '${String(channel)}'.` },
        }),
  onEvent: (listener) => subscribe(EVENT_CHANNEL, listener),
  onCommand: (listener) => subscribe(COMMAND_CHANNEL, listener),
  fileRefFor: async (file) => {
    const path = webUtils.getPathForFile(file);
    if (!path) return null;
    const res = (await ipcRenderer.invoke(FILE_DROP_CHANNEL, { path })) as Result<FileRef>;
    return res.ok ? res.value : null;
  },
} satisfies Api;

contextBridge.exposeInMainWorld('api', api);
