import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { WorkerClient } from '../../workers/client';
import { memorySpawner } from '../../workers/memory-spawner';
import { MAX_IN_FLIGHT } from './bridge';
import {
  call,
  closedWithin,
  connect,
  frame,
  rawHttp,
  rawWebSocket,
  startTestHost,
  statusOf,
  type TestHost,
} from './host-fixture';

/**
 * Everything here was tried against the host from another process and used to kill it or go unanswered: malformed
 * URLs, foreign Host headers, bad WebSocket frames, wrong types, huge frames and floods. After each group the host
 * must still serve the page and answer on the bridge.
 */
let t: TestHost;

beforeAll(async () => {
  const jobs = new WorkerClient(
    memorySpawner({
      predict: async () => {
        throw new Error('boom in /very/secret/server/path.ts');
      },
    }),
  );
  t = await startTestHost(jobs, { maxBytes: 3 * 2 ** 20, maxOpen: 3, idleMs: 60_000 });
});
afterAll(async () => {
  await t.host.close();
  rmSync(t.root, { recursive: true, force: true });
});

const get = (path: string, host = `127.0.0.1:${t.host.port}`, extra = '') =>
  rawHttp(t.host.port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`);

/** The page loads and a bridge call is answered. */
async function stillServing(): Promise<void> {
  expect((await fetch(t.host.url)).status).toBe(200);
  const ws = await connect(t.host);
  expect(await call(ws, 'app:hello', {})).toMatchObject({ ok: true, value: { host: 'node' } });
  ws.close();
}

/**
 * Sends raw frames on `ws` and collects the answers that come back: resolves once `expected` arrived, then
 * waits `extra` ms more to catch any surplus answer (or gives up after 10 s).
 */
function answersTo(
  ws: WebSocket,
  frames: Array<string | Buffer>,
  expected = frames.length,
  extra = 100,
): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(giveUp);
      setTimeout(() => {
        ws.off('message', onMessage);
        resolve(got);
      }, extra);
    };
    const onMessage = (d: WebSocket.RawData) => {
      const frame = JSON.parse(d.toString()) as { hello?: unknown };
      if (frame.hello) return; // the greeting on connect, not an answer
      got.push(frame);
      if (got.length === expected) finish();
    };
    const giveUp = setTimeout(finish, 10_000);
    ws.on('message', onMessage);
    for (const f of frames) ws.send(f);
  });
}

describe('HTTP input never kills the host', () => {
  it('answers malformed and hostile URLs with a status', async () => {
    const paths = [
      '/%c0',
      '/%',
      '/%zz',
      '/%00',
      '/assets/%c0%af',
      '/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/..\\..\\secret.txt',
      '//etc/passwd',
      '/assets/../../secret.txt',
      'http://evil.example/',
      '*',
      `/${'a'.repeat(20_000)}`,
      '/?token=%c0',
      `/?token=${'x'.repeat(10_000)}`,
    ];
    for (const path of paths) {
      const status = statusOf(await get(path));
      expect([400, 401, 403, 404, 414, 431], `${path.slice(0, 40)} → ${status}`).toContain(status);
    }
    expect(statusOf(await get('/%c0'))).toBe(400);
    expect(await get('/../secret.txt')).not.toContain('do not serve');
    await stillServing();
  });

  it('refuses foreign Host headers (DNS rebinding) and non-GET methods', async () => {
    expect(statusOf(await get(`/?token=${t.host.token}`, `evil.example:${t.host.port}`))).toBe(403);
    expect(statusOf(await get(`/?token=${t.host.token}`, '127.0.0.1:1'))).toBe(403);
    expect(statusOf(await get('/assets/app.js', `evil.example:${t.host.port}`))).toBe(403);
    expect(statusOf(await get(`/?token=${t.host.token}`, `localhost:${t.host.port}`))).toBe(200);
    expect(statusOf(await rawHttp(t.host.port, 'GET / HTTP/1.0\r\n\r\n'))).toBe(403);
    const post = `POST /bridge HTTP/1.1\r\nHost: 127.0.0.1:${t.host.port}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`;
    expect(statusOf(await rawHttp(t.host.port, post))).toBe(405);
    expect(statusOf(await rawHttp(t.host.port, 'NOT HTTP AT ALL\r\n\r\n'))).toBe(400);
    expect(statusOf(await rawHttp(t.host.port, Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10])))).toBe(400);
    await stillServing();
  });

  it('sends the page with a strict CSP and no framing', async () => {
    const res = await fetch(t.host.url);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]) {
      expect(csp).toContain(d);
    }
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a socket from a foreign Host or Origin even with the token', async () => {
    const port = t.host.port;
    await expect(connect(t.host, t.host.token, { Host: `evil.example:${port}` })).rejects.toThrow(/403/);
    await expect(
      connect(t.host, t.host.token, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` }),
    ).rejects.toThrow(/403/);
    await expect(connect(t.host, t.host.token, { Origin: `https://127.0.0.1:${port}` })).rejects.toThrow(/403/);
    const ok = await connect(t.host, t.host.token, { Origin: `http://localhost:${port}` });
    ok.close();
    await stillServing();
  });

  it('survives a burst of 200 bad requests at once', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => get(i % 2 ? '/%c0' : '/%')));
    expect(answers.every((a) => statusOf(a) === 400)).toBe(true);
    await stillServing();
  });
});

describe('WebSocket frames never kill the host', () => {
  const protocolViolations: Array<[string, () => Buffer]> = [
    ['invalid UTF-8 text', () => frame(0x81, Buffer.from([0xc0, 0xaf, 0xff]))],
    ['RSV1 without an extension', () => frame(0xc1, Buffer.from('{}'))],
    ['an unmasked client frame', () => frame(0x81, Buffer.from('{}'), false)],
    ['a reserved opcode', () => frame(0x83, Buffer.from('x'))],
    ['a continuation with nothing to continue', () => frame(0x80, Buffer.from('x'))],
    ['a 200-byte ping', () => frame(0x89, Buffer.alloc(200))],
    ['a fragmented ping', () => frame(0x09, Buffer.from('x'))],
    ['a header claiming 600 MB', () => frame(0x81, Buffer.alloc(0), true, 600 * 2 ** 20)],
  ];
  for (const [name, make] of protocolViolations) {
    it(`closes the socket on ${name}`, async () => {
      const socket = await rawWebSocket(t.host);
      socket.write(make());
      expect(await closedWithin(socket)).toBe(true);
      await stillServing();
    });
  }

  it('answers every wrong-typed frame with an error, never a stack', async () => {
    const ws = await connect(t.host);
    const frames = [
      'null',
      '[]',
      '"x"',
      '1',
      '{}',
      'not json',
      '{"id":"1","channel":"app:hello"}',
      '{"id":1,"channel":5}',
      '{"id":-1,"channel":"app:hello"}',
      '{"id":1.5,"channel":"app:hello"}',
      '{"id":1e400,"channel":"app:hello"}',
      '{"id":1,"channel":"app:hello","extra":true}',
      '{"__proto__":{"id":1},"channel":"app:hello"}',
      Buffer.from([1, 2, 3]),
    ];
    const errors = await answersTo(ws, frames);
    expect(errors).toHaveLength(frames.length);
    for (const e of errors) expect(e).toMatchObject({ error: { code: 'invalid-input' } });

    const requests: Array<[string, unknown]> = [
      ['__proto__', {}],
      ['constructor', {}],
      ['toString', {}],
      ['project:get', null],
      ['project:get', []],
      ['project:get', 'x'],
      ['project:get', { projectId: {} }],
      ['project:get', { projectId: '../../etc' }],
      ['project:get', { projectId: 'p-missing-0000' }],
      ['stage:confirm', { projectId: 'p-missing-0000', stage: 'TRAIN', edits: { horizon: 'x' } }],
      ['data:attach', { projectId: 'p-missing-0000', source: { kind: 'path', path: '/etc/passwd' } }],
      ['data:attach', { projectId: 'p-missing-0000', source: { kind: 'upload', name: 'x', base64: 'AAAA' } }],
      ['upload:chunk', { uploadId: 'x'.repeat(24), offset: 0, base64: '!!!' }],
      ['settings:set', { theme: 'neon' }],
    ];
    for (const [channel, req] of requests) {
      const answer = await call(ws, channel, req);
      expect(answer.ok, channel).toBe(false);
      expect(JSON.stringify(answer)).not.toMatch(/stack|\.ts:\d+/);
    }
    ws.close();
    await stillServing();
  });

  it('closes a socket that sends a frame over the limit (5 MB) and keeps serving', async () => {
    const ws = await connect(t.host);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, channel: 'app:hello', req: { pad: 'x'.repeat(5 * 2 ** 20) } }));
    expect(await closed).toBe(1009);
    await stillServing();
  });

  it('answers every request of a flood of 500, refusing those past the in-flight limit', async () => {
    const ws = await connect(t.host);
    const answers = await Promise.all(Array.from({ length: 500 }, () => call(ws, 'project:list', {})));
    expect(answers).toHaveLength(500);
    for (const a of answers) {
      if (!a.ok) expect(a.error?.code).toBe('limit-exceeded');
    }
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
    ws.close();
    await stillServing();
  });

  it('caps open sockets and serves again once they close', async () => {
    const opened = await Promise.allSettled(Array.from({ length: 24 }, () => connect(t.host)));
    const refused = opened.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/503/);
    const sockets = opened.filter((o) => o.status === 'fulfilled').map((o) => o.value);
    await Promise.all(sockets.map((s) => new Promise((resolve) => (s.once('close', resolve), s.close()))));
    await new Promise((r) => setTimeout(r, 50));
    await stillServing();
  });
});

describe('errors reach the page as a code and a message only', () => {
  it('logs the stack of an unexpected failure and sends none', async () => {
    const ws = await connect(t.host);
    const answer = await call(ws, 'predict:run', {
      source: { kind: 'model', modelId: 'm' },
      input: { kind: 'sample', id: 'boston-housing' },
    });
    expect(answer.ok).toBe(false);
    expect(Object.keys(answer.error ?? {}).sort()).toEqual(['code', 'message', 'name']);
    expect(JSON.stringify(answer)).not.toContain('.ts:');
    expect(t.logLines.join('\n')).toMatch(/boom in \/very\/secret\/server\/path\.ts/);
    ws.close();
  });
});

describe('paths the page sends stay inside their folders', () => {
  it('saves only in the exports folder, whatever name the page asks for', async () => {
    const ws = await connect(t.host);
    for (const defaultName of ['../../evil.zip', '..', '/etc/passwd', '..\\..\\x.zip', 'ok.zip']) {
      const answer = await call<{ file: { handle: string; location?: string } | null }>(ws, 'dialog:saveFile', {
        defaultName,
      });
      expect(answer.ok).toBe(true);
      const location = answer.value?.file?.location ?? '';
      expect(location.startsWith(`${t.dataDir}/exports/`), `${defaultName} → ${location}`).toBe(true);
    }
    ws.close();
  });

  it('exports only to a handle it gave out, and creates nothing before refusing', async () => {
    const ws = await connect(t.host);
    const created = await call<{ id: string }>(ws, 'project:create', { name: 'x' });
    const projectId = created.value?.id;
    rmSync(`${t.dataDir}/exports`, { recursive: true, force: true });
    expect(await call(ws, 'export:run', { projectId, path: '/tmp/automl-evil/a/b/c.zip' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await call(ws, 'export:run', { projectId, target: 'f'.repeat(32) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/Choose it again/) },
    });
    expect(existsSync('/tmp/automl-evil')).toBe(false);
    expect(existsSync(`${t.dataDir}/exports`)).toBe(false);
    ws.close();
  });

  it('reads only files handed over, and shows only its own folders', async () => {
    const ws = await connect(t.host);
    const created = await call<{ id: string }>(ws, 'project:create', { name: 'y' });
    const projectId = created.value?.id;
    const attach = await call(ws, 'data:attach', { projectId, source: { kind: 'path', path: '/etc/passwd' } });
    expect(attach).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const forged = await call(ws, 'data:attach', { projectId, source: { kind: 'file', handle: '0'.repeat(32) } });
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const saveHandle = await call<{ file: { handle: string } }>(ws, 'dialog:saveFile', { defaultName: 'w.zip' });
    const asRead = await call(ws, 'data:attach', {
      projectId,
      source: { kind: 'file', handle: saveHandle.value?.file.handle },
    });
    expect(asRead).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    for (const path of ['/etc', '/', t.root, `${t.dataDir}/../secret.txt`, `${t.dataDir}/../renderer`]) {
      expect(await call(ws, 'shell:openFolder', { path }), path).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    expect(await call(ws, 'shell:openFolder', { path: t.dataDir })).toMatchObject({ ok: true });
    ws.close();
  });
});

describe('uploads go in bounded chunks', () => {
  const b64 = (bytes: Buffer) => bytes.toString('base64');

  it('round-trips a file byte for byte in chunks and refuses what breaks the rules', async () => {
    const ws = await connect(t.host);
    const bytes = Buffer.from(Array.from({ length: 2.5 * 2 ** 20 }, (_, i) => (i * 7919) % 251));
    const begun = await call<{ uploadId: string; chunkBytes: number }>(ws, 'upload:begin', {
      name: '../../weird name?.csv',
      size: bytes.length,
    });
    expect(begun.ok).toBe(true);
    const { uploadId, chunkBytes } = begun.value!;
    expect(chunkBytes).toBeLessThanOrEqual(2 ** 20);
    // Not base64, out of order, and finishing early are all refused.
    for (const base64 of ['!!!!', 'QUJD\n', 'QUJ', 'QQ==QQ==']) {
      expect(await call(ws, 'upload:chunk', { uploadId, offset: 0, base64 }), base64).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    expect(await call(ws, 'upload:chunk', { uploadId, offset: 5, base64: b64(bytes.subarray(0, 10)) })).toMatchObject({
      ok: false,
    });
    expect(await call(ws, 'upload:finish', { uploadId })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      const chunk = bytes.subarray(offset, offset + chunkBytes);
      expect(await call(ws, 'upload:chunk', { uploadId, offset, base64: b64(chunk) })).toMatchObject({
        ok: true,
        value: { received: offset + chunk.length },
      });
    }
    const done = await call<{ handle: string; name: string; location?: string }>(ws, 'upload:finish', { uploadId });
    expect(done).toMatchObject({ ok: true, value: { name: 'weird name?.csv' } });
    expect(done.value?.location).toBeUndefined();
    const { readFileSync, readdirSync } = await import('node:fs');
    const [folder] = readdirSync(`${t.dataDir}/uploads`);
    const [file] = readdirSync(`${t.dataDir}/uploads/${folder}`);
    expect(file).toBe('weird name_.csv');
    expect(readFileSync(`${t.dataDir}/uploads/${folder}/${file}`).equals(bytes)).toBe(true);
    ws.close();
  });

  it('refuses a file over the cap before a byte is sent, extra bytes, and too many uploads at once', async () => {
    const ws = await connect(t.host);
    expect(await call(ws, 'upload:begin', { name: 'big.csv', size: 4 * 2 ** 20 })).toMatchObject({
      ok: false,
      error: { code: 'dataset-too-large', message: expect.stringMatching(/big\.csv is 4 MB/) },
    });
    const small = await call<{ uploadId: string }>(ws, 'upload:begin', { name: 's.csv', size: 3 });
    const uploadId = small.value!.uploadId;
    expect(await call(ws, 'upload:chunk', { uploadId, offset: 0, base64: b64(Buffer.from('abcdef')) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    // The oversized chunk stopped that upload.
    expect(await call(ws, 'upload:finish', { uploadId })).toMatchObject({ ok: false });
    const open = await Promise.all(
      Array.from({ length: 5 }, () => call<{ uploadId: string }>(ws, 'upload:begin', { name: 'a.csv', size: 1 })),
    );
    expect(open.filter((o) => o.ok)).toHaveLength(3);
    expect(open.filter((o) => !o.ok).every((o) => o.error?.code === 'limit-exceeded')).toBe(true);
    for (const o of open) if (o.ok) await call(ws, 'upload:abort', { uploadId: o.value!.uploadId });
    ws.close();
    await stillServing();
  });
});

describe('the `npm run serve` process', () => {
  it('is still running and answering after the requests that used to end it', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, resolve } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'automl-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'serve.ts'), '--port', '0'], {
      env: { ...process.env, AUTOML_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<URL>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
          if (m) ok(new URL(m[0]));
        });
        child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
      });
      const port = Number(url.port);
      const token = url.searchParams.get('token')!;
      const host = { port, token } as TestHost['host'];
      expect(statusOf(await rawHttp(port, `GET /%c0 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`))).toBe(400);
      const raw = await rawWebSocket(host);
      raw.write(frame(0x81, Buffer.from([0xc0, 0xaf])));
      expect(await closedWithin(raw)).toBe(true);
      const ws = await connect(host);
      const errors = await answersTo(ws, ['null', '{"id":1}', Buffer.from([0])]);
      expect(errors.filter((e) => (e as { error?: unknown }).error)).toHaveLength(3);
      expect(await call(ws, 'app:hello', {})).toMatchObject({ ok: true });
      ws.close();
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
