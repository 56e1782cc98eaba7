import type { Api } from '../src-shared/channels';

// Code inside page.evaluate runs in the renderer, where the bridge is window.api.
declare global {
  const window: { api: Api };
}
