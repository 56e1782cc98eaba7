import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { AppError } from '@shared/errors';
import type { UploadLimits } from '../../services/store/uploads';
import type { TrainerJobs } from '../../workers/trainer-methods';
import { startNodeHost, type NodeHost } from './node-host';

/** Test helpers for the Node host: a host on a temp folder, bridge calls, and raw HTTP / WebSocket bytes. */

export interface TestHost {
  host: NodeHost;
  root: string;
  dataDir: string;
  logLines: string[];
}

export async function startTestHost(jobs: TrainerJobs, uploadLimits?: UploadLimits): Promise<TestHost> {
  const root = mkdtempSync(join(tmpdir(), 'automl-host-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AutoML</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  const logLines: string[] = [];
  const dataDir = join(root, 'data');
  const host = await startNodeHost({
    dataDir,
    rendererDir,
    jobs,
    appVersion: 'test',
    uploadLimits,
    log: (message, err) => logLines.push(`${message}\n${err instanceof Error ? err.stack : String(err ?? '')}`),
  });
  return { host, root, dataDir, logLines };
}

export function connect(host: NodeHost, token = host.token, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${token}`, { headers });
    ws.setMaxListeners(1000);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

let nextId = 1;

/** A bridge result as a test reads it (either side optional, so tests can assert on both). */
export type Answer<T> = { ok: boolean; value?: T; error?: AppError };

/** One request over the bridge; resolves with its result. */
export function call<T = unknown>(ws: WebSocket, channel: string, req: unknown): Promise<Answer<T>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { id?: number; result?: Answer<T> };
      if (frame.id === id && frame.result) {
        ws.off('message', onMessage);
        resolve(frame.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, req }));
  });
}

/** Sends raw bytes on a fresh TCP connection; resolves with the first full response head (or what came in 10 s). */
export function rawHttp(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, 10_000);
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (/\r\n\r\n/.test(got) && !/^HTTP\/1\.1 101/.test(got)) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(request);
  });
}

/** The status code of a raw response ("HTTP/1.1 400 Bad Request" → 400), or 0 when none came. */
export function statusOf(response: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
}

/** A WebSocket handshake done by hand; resolves with the raw socket, ready for hand-made frames. */
export function rawWebSocket(host: NodeHost): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(host.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('data', (d) => {
      if (/^HTTP\/1\.1 101/.test(d.toString('latin1'))) resolve(socket);
      else reject(new Error(d.toString('latin1').split('\r\n')[0]));
    });
    socket.write(
      `GET /bridge?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

/** A client frame: `first` is the first byte (FIN, RSV, opcode); masked unless `mask` is false. */
export function frame(first: number, payload: Buffer, mask = true, claimedLength?: number): Buffer {
  const length = claimedLength ?? payload.length;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, (mask ? 0x80 : 0) | length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([header, key, masked]);
}

/** Resolves when the raw socket is closed by the server (or after `ms`, with false). */
export function closedWithin(socket: Socket, ms = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
