import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS, EVENT_CHANNEL, FILE_DROP_CHANNEL, type Api, type FileRef } from '@shared/channels';
import type { Result } from '@shared/errors';
import type { AppEvent } from '@shared/events';

const KNOWN: ReadonlySet<string> = new Set(CHANNELS);

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
  onEvent: (listener) => {
    const handler = (_e: unknown, event: AppEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  fileRefFor: async (file) => {
    const path = webUtils.getPathForFile(file);
    if (!path) return null;
    const res = (await ipcRenderer.invoke(FILE_DROP_CHANNEL, { path })) as Result<FileRef>;
    return res.ok ? res.value : null;
  },
} satisfies Api;

contextBridge.exposeInMainWorld('api', api);
