import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppEvent } from '@shared/events';
import { createDispatcher } from '../../services/ipc/dispatch';
import { createServices } from '../../services/app/create-services';
import type { TrainerJobs } from '../../workers/trainer-methods';
import { serveStatic } from './static-files';

export interface NodeHostOptions {
  dataDir: string;
  rendererDir: string;
  jobs: TrainerJobs;
  appVersion: string;
  port?: number;
  /** Fixed token (tests); otherwise a random one per launch. */
  token?: string;
}

export interface NodeHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/** Bridge frames over the socket: requests from the page, responses and events from us. */
type ClientFrame = { id: number; channel: string; req: unknown };

function sameToken(a: string | null, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The Node host: the built renderer as static files plus the bridge over a WebSocket on loopback.
 * Every page load and socket must carry the per-launch token; the socket must also come from our own origin.
 */
export async function startNodeHost(options: NodeHostOptions): Promise<NodeHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new Set<WebSocket>();
  const broadcast = (event: AppEvent) => {
    const frame = JSON.stringify({ event });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(frame);
  };
  const services = createServices({
    dataDir: options.dataDir,
    jobs: options.jobs,
    host: 'node',
    appVersion: options.appVersion,
    emit: broadcast,
    dialogs: {
      // No native dialogs in a browser tab: exports go to the data folder, files come by upload.
      saveFile: async (name) => join(options.dataDir, 'exports', name),
      openFile: async () => null,
      openFolder: async () => false,
    },
  });
  const dispatch = createDispatcher(services.handlers);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!sameToken(url.searchParams.get('token'), token)) {
        res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('AutoML Desktop: this address needs its access token. Open the full URL printed by `npm run serve`.');
        return;
      }
      const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
      return;
    }
    if (await serveStatic(options.rendererDir, req, res)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 700 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const host = req.headers.host;
    const originOk = !origin || origin === `http://${host}`;
    if (url.pathname !== '/bridge' || !sameToken(url.searchParams.get('token'), token) || !originOk) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', async (data) => {
        let frame: ClientFrame;
        try {
          frame = JSON.parse(data.toString()) as ClientFrame;
        } catch {
          return;
        }
        const result = await dispatch(frame.channel, frame.req);
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: frame.id, result }));
      });
      ws.send(JSON.stringify({ hello: { host: 'node', version: options.appVersion } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: async () => {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
