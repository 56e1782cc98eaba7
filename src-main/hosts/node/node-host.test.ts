import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CodedError } from '@shared/errors';
import type { TrainerJobs } from '../../workers/trainer-methods';
import { startNodeHost, type NodeHost } from './node-host';

let host: NodeHost;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'automl-host-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AutoML</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  // Every job fails the way an empty file does: the tests check the bridge, not the engine.
  const jobs: TrainerJobs = {
    request: async () => {
      throw new CodedError('dataset-empty', 'The file is empty.');
    },
  };
  host = await startNodeHost({ dataDir: join(root, 'data'), rendererDir, jobs, appVersion: 'test' });
});
afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

function connect(token: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function call(
  ws: WebSocket,
  channel: string,
  req: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString());
      if (frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, req }));
  });
}

describe('node host', () => {
  it('listens on loopback with a random port and a long token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses the page and the socket without the token', async () => {
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=wrong`)).status).toBe(401);
    expect((await fetch(host.url)).status).toBe(200);
    await expect(connect('wrong')).rejects.toThrow(/401/);
    await expect(connect(host.token, 'http://evil.example')).rejects.toThrow(/401/);
  });

  it('serves built files but nothing outside the renderer folder', async () => {
    expect((await fetch(`http://127.0.0.1:${host.port}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${host.port}/../secret.txt`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${host.port}/%2e%2e/secret.txt`)).status).toBe(404);
  });

  it('answers bridge calls, validates input, and streams events', async () => {
    const ws = await connect(host.token);
    const hello = await call(ws, 'app:hello', {});
    expect(hello).toMatchObject({ ok: true, value: { host: 'node', version: 'test' } });
    const bad = await call(ws, 'project:get', { projectId: '../../etc' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await call(ws, 'nope:nope', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    const events: Array<{ type: string; payload: { stage?: string; status?: string } }> = [];
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString());
      if (f.event) events.push(f.event);
    });
    const created = await call(ws, 'project:create', { name: 'x', goal: 'predict the price' });
    expect(created.ok).toBe(true);
    const id = (created.value as { id: string }).id;
    const attached = await call(ws, 'data:attach', {
      projectId: id,
      source: { kind: 'upload', name: 'empty.csv', base64: '' },
    });
    expect(attached.ok).toBe(true);
    for (
      let i = 0;
      i < 50 && !events.some((e) => e.payload.stage === 'DATA_SOURCE' && e.payload.status === 'failed');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events.some((e) => e.type === 'ERROR')).toBe(true);
    const state = await call(ws, 'project:get', { projectId: id });
    expect(
      (state.value as { stages: Record<string, { error?: { message: string } }> }).stages.DATA_SOURCE.error?.message,
    ).toBe('The file is empty.');
    ws.close();
  });
});

describe('kaggle through the bridge', () => {
  it('reports no credentials and refuses a kaggle source with what to do', async () => {
    const saved = { u: process.env.KAGGLE_USERNAME, k: process.env.KAGGLE_KEY, c: process.env.KAGGLE_CONFIG_DIR };
    process.env.KAGGLE_CONFIG_DIR = join(root, 'no-kaggle-here');
    delete process.env.KAGGLE_USERNAME;
    delete process.env.KAGGLE_KEY;
    try {
      const ws = await connect(host.token);
      const status = await call(ws, 'kaggle:status', {});
      expect(status).toMatchObject({ ok: true, value: { configured: false } });
      const created = await call(ws, 'project:create', { name: 'k' });
      const id = (created.value as { id: string }).id;
      const attached = await call(ws, 'data:attach', { projectId: id, source: { kind: 'kaggle', ref: 'owner/data' } });
      expect(attached).toMatchObject({
        ok: false,
        error: { code: 'kaggle-auth', message: expect.stringMatching(/API key/) },
      });
      const bad = await call(ws, 'data:attach', { projectId: id, source: { kind: 'kaggle', ref: '../../x' } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      const setCreds = await call(ws, 'kaggle:setCredentials', { username: 'ana', key: 'secret-key-123' });
      expect(setCreds).toMatchObject({ ok: true });
      expect(await call(ws, 'kaggle:status', {})).toMatchObject({
        ok: true,
        value: { configured: true, username: 'ana', source: 'app' },
      });
      ws.close();
    } finally {
      if (saved.c === undefined) delete process.env.KAGGLE_CONFIG_DIR;
      else process.env.KAGGLE_CONFIG_DIR = saved.c;
      if (saved.u !== undefined) process.env.KAGGLE_USERNAME = saved.u;
      if (saved.k !== undefined) process.env.KAGGLE_KEY = saved.k;
    }
  });
});
