import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_CHANNEL, type Api } from '@shared/channels';
import type { AppEvent } from '@shared/events';

/** window.api under Electron: typed invokers over IPC; every subscription returns its unsubscribe. */
const api: Api = {
  host: 'electron',
  invoke: (channel, req) => ipcRenderer.invoke(channel, req),
  onEvent: (listener) => {
    const handler = (_e: unknown, event: AppEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  pathForFile: (file) => webUtils.getPathForFile(file) || null,
} satisfies Api;

contextBridge.exposeInMainWorld('api', api);
