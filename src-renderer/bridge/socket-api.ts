import type { Api, Channel, Req, Res } from '@shared/channels';
import type { Result } from '@shared/errors';
import type { AppEvent } from '@shared/events';
import { t } from '../strings';

type Pending = { resolve: (r: Result<unknown>) => void };

/**
 * window.api for the Node host: the same contract over a loopback WebSocket. The token comes from the page URL
 * (and is kept for this tab so a reload works). Requests made while (re)connecting wait for the socket.
 */
export function createSocketApi(location: Location, storage: Storage): Api {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) storage.setItem('automl-token', fromUrl);
  const token = fromUrl ?? storage.getItem('automl-token') ?? '';
  const listeners = new Set<(e: AppEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('bridge unavailable'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const [id, p] of pending) {
          p.resolve({
            ok: false,
            error: {
              name: 'Error',
              code: 'internal',
              message: t.errors.lostConnection,
            },
          });
          pending.delete(id);
        }
        setTimeout(() => void connect().catch(() => undefined), 1000);
      };
      ws.onmessage = (msg) => {
        const frame = JSON.parse(String(msg.data)) as { id?: number; result?: Result<unknown>; event?: AppEvent };
        if (frame.event) listeners.forEach((l) => l(frame.event!));
        else if (frame.id !== undefined && frame.result) {
          pending.get(frame.id)?.resolve(frame.result);
          pending.delete(frame.id);
        }
      };
    });
    return opened;
  };
  void connect().catch(() => undefined);

  return {
    host: 'node',
    async invoke<K extends Channel>(channel: K, req: Req<K>): Promise<Result<Res<K>>> {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return {
          ok: false,
          error: {
            name: 'Error',
            code: 'internal',
            message: t.errors.cannotReach,
          },
        };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as (r: Result<unknown>) => void });
        ws.send(JSON.stringify({ id, channel, req }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // No native menu or file manager talks to a browser tab: the page runs its commands itself.
    onCommand: () => () => undefined,
    fileRefFor: async () => null,
  };
}
