import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '@shared/csp';
import type { AppEvent } from '@shared/events';
import { fileLog, hostLogPath, type HostLog } from '../../services/app/host-log';
import { createDispatcher } from '../../services/ipc/dispatch';
import { createServices, exportsDir, type Services } from '../../services/app/create-services';
import type { TrainerJobs } from '../../workers/trainer-methods';
import { isInside } from '../../services/files/confine';
import type { UploadLimits } from '../../services/store/uploads';
import { MAX_FRAME_BYTES, serveBridgeSocket } from './bridge';
import { isLoopbackHost, isOwnOrigin } from './loopback';
import { sendFile, staticPath } from './static-files';

export interface NodeHostOptions {
  dataDir: string;
  rendererDir: string;
  jobs: TrainerJobs;
  appVersion: string;
  port?: number;
  /** Fixed token (tests); otherwise a random one per launch. */
  token?: string;
  /** Where problems are logged (default: `<dataDir>/logs/host.log`). */
  log?: HostLog;
  uploadLimits?: UploadLimits;
}

export interface NodeHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  services: Services;
  close(): Promise<void>;
}

/** Bridge sockets open at once (a tab uses one; reloads and a few tabs fit easily). */
const MAX_SOCKETS = 16;

function sameToken(a: string | null, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function refuseUpgrade(socket: Socket, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The Node host: the built renderer as static files plus the bridge over a WebSocket on loopback.
 * Every page load and socket must carry the per-launch token; `Host` must be a loopback name of ours (DNS
 * rebinding) and the socket's `Origin` our own page. No request or frame can make it exit: every handler answers.
 */
export async function startNodeHost(options: NodeHostOptions): Promise<NodeHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const log = options.log ?? fileLog(hostLogPath(options.dataDir));
  const sockets = new Set<WebSocket>();
  const broadcast = (event: AppEvent) => {
    const frame = JSON.stringify({ event });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(frame, () => undefined);
  };
  const exports = exportsDir(options.dataDir);
  const services = createServices({
    dataDir: options.dataDir,
    jobs: options.jobs,
    host: 'node',
    appVersion: options.appVersion,
    emit: broadcast,
    log,
    uploadLimits: options.uploadLimits,
    dialogs: {
      // No native dialogs in a browser tab: a bundle is saved under its (cleaned) name in the exports folder.
      saveFile: async (name) => {
        const path = join(exports, name);
        if (!isInside(exports, path) || path === exports) return null;
        await mkdir(exports, { recursive: true });
        return path;
      },
      openFile: async () => null,
      openFolder: async () => false,
    },
  });
  const dispatch = createDispatcher(services.handlers, log);
  let port = 0;
  const headers = () => ({
    'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackHost(req.headers.host, port)) return plain(res, 403, 'AutoML Desktop answers only on 127.0.0.1.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET.');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return plain(res, 400, 'Bad address.');
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!sameToken(url.searchParams.get('token'), token)) {
        return plain(
          res,
          401,
          'AutoML Desktop: this address needs its access token. Open the full URL printed by `npm run serve`.',
        );
      }
      const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
      res.writeHead(200, { ...headers(), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
      return;
    }
    let file: string | null;
    try {
      file = staticPath(options.rendererDir, url.pathname);
    } catch {
      return plain(res, 400, 'Bad address.');
    }
    if (file && (await sendFile(file, res, headers()))) return;
    plain(res, 404, 'Not found');
  }

  const server = createServer((req, res) => {
    serveHttp(req, res).catch((err: unknown) => {
      log(`http: ${req.method} failed`, err);
      plain(res, 500, 'Something went wrong.');
    });
  });
  server.on('clientError', (_err, socket) => refuseUpgrade(socket as Socket, '400 Bad Request'));

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('error', (err) => log('bridge: server error', err));
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return refuseUpgrade(socket, '400 Bad Request');
    }
    if (!isLoopbackHost(req.headers.host, port) || !isOwnOrigin(req.headers.origin, port)) {
      return refuseUpgrade(socket, '403 Forbidden');
    }
    if (url.pathname !== '/bridge' || !sameToken(url.searchParams.get('token'), token)) {
      return refuseUpgrade(socket, '401 Unauthorized');
    }
    if (sockets.size >= MAX_SOCKETS) return refuseUpgrade(socket, '503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      serveBridgeSocket(ws, dispatch, log);
      ws.send(JSON.stringify({ hello: { host: 'node', version: options.appVersion } }), () => undefined);
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    services,
    close: async () => {
      for (const s of sockets) s.terminate();
      wss.close();
      await services.uploads.abortAll();
      await services.downloads.endAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
