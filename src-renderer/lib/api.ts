import type { Api, Channel, Req, Res } from '@shared/channels';
import { type AppError, type Result } from '@shared/errors';
import { t } from '../strings';

/**
 * The bridge (installed by the preload under Electron, or by bridge/install over the socket), or
 * null when none is there (a unit test, a page opened without the host).
 */
export function getApi(): Api | null {
  if (typeof window === 'undefined') return null;
  return (window as Partial<Window> & { api?: Api }).api ?? null;
}

const NO_BRIDGE: AppError = {
  name: 'Error',
  code: 'internal',
  message: t.errors.noEngine,
};

/**
 * One request to the main process. Never throws: a missing bridge, a rejected promise (a bug on
 * the other side) and an expected failure all come back as `{ ok: false, error }`.
 */
export async function call<K extends Channel>(channel: K, req: Req<K>): Promise<Result<Res<K>>> {
  const api = getApi();
  if (!api) return { ok: false, error: NO_BRIDGE };
  try {
    return await api.invoke(channel, req);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { name: 'Error', code: 'internal', message: `${channel} failed unexpectedly: ${message}` },
    };
  }
}
