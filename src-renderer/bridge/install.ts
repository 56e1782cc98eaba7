import type { Api } from '@shared/channels';
import { createSocketApi } from './socket-api';

declare global {
  interface Window {
    api: Api;
  }
}

// Under Electron the preload has already exposed window.api; in a browser (Node host) we build it over the socket.
if (!(window as Partial<Window>).api) {
  window.api = createSocketApi(window.location, window.sessionStorage);
}

export {};
