import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { WorkerClient } from '../../workers/client';
import { memorySpawner } from '../../workers/memory-spawner';
import { call, connect, startTestHost } from './host-fixture';
import type { NodeHost } from './node-host';

let host: NodeHost;
let root: string;

beforeAll(async () => {
  const jobs = new WorkerClient(
    memorySpawner({
      ingest: async () => {
        throw new CodedError('dataset-empty', 'The file is empty.');
      },
    }),
  );
  ({ host, root } = await startTestHost(jobs));
});
afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

const connectWith = (token: string, origin?: string) => connect(host, token, origin ? { Origin: origin } : {});

describe('node host', () => {
  it('listens on loopback with a random port and a long token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses the page and the socket without the token', async () => {
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=wrong`)).status).toBe(401);
    expect((await fetch(host.url)).status).toBe(200);
    await expect(connectWith('wrong')).rejects.toThrow(/401/);
    await expect(connectWith(host.token, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('serves built files but nothing outside the renderer folder', async () => {
    expect((await fetch(`http://127.0.0.1:${host.port}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${host.port}/../secret.txt`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${host.port}/%2e%2e/secret.txt`)).status).toBe(404);
  });

  it('answers bridge calls, validates input, and streams events', async () => {
    const ws = await connectWith(host.token);
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
    const begun = await call<{ uploadId: string }>(ws, 'upload:begin', { name: 'empty.csv', size: 0 });
    expect(begun.ok).toBe(true);
    const uploadId = begun.value?.uploadId;
    const file = await call<{ handle: string; name: string }>(ws, 'upload:finish', { uploadId });
    expect(file).toMatchObject({ ok: true, value: { name: 'empty.csv' } });
    const handle = file.value?.handle;
    const attached = await call(ws, 'data:attach', { projectId: id, source: { kind: 'file', handle } });
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
      const ws = await connectWith(host.token);
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
