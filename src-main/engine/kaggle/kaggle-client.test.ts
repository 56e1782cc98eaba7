import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KaggleClient } from './kaggle-client';

const USER = 'ada';
const KEY = 'secret-key';
let server: Server;
let base = '';
let dir = '';
let zipBytes: Buffer;
const seenAuth: string[] = [];

/** A loopback stand-in for Kaggle's v1 endpoints, including a 302 to "storage" and a cut connection. */
function handler(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname.startsWith('/storage/')) {
    // Like Kaggle's signed storage URLs: no auth needed, and none should be sent cross-origin.
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zipBytes.length });
    res.end(zipBytes);
    return;
  }
  seenAuth.push(req.headers.authorization ?? '');
  const expected = `Basic ${Buffer.from(`${USER}:${KEY}`).toString('base64')}`;
  if (req.headers.authorization !== expected) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 401, message: 'Unauthenticated' }));
    return;
  }
  const json = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/api/v1/datasets/list') {
    const q = url.searchParams.get('search') ?? '';
    json(200, [
      {
        ref: 'uciml/iris',
        title: `Iris (${q}, page ${url.searchParams.get('page')})`,
        totalBytes: 3975,
        downloadCount: 100,
        voteCount: 7,
        usabilityRating: 0.82,
        lastUpdated: '2016-09-27T07:38:05Z',
      },
      { ref: 'someone/houses', title: 'Houses', subtitle: 'prices' },
      { title: 'missing ref is skipped' },
    ]);
  } else if (url.pathname === '/api/v1/datasets/list/uciml/iris') {
    json(200, {
      datasetFiles: [{ name: 'Iris.csv', totalBytes: 5107, creationDate: '2016-09-27' }],
      nextPageToken: '',
    });
  } else if (url.pathname === '/api/v1/datasets/download/uciml/iris') {
    res.writeHead(302, { location: `${base.replace('/api/v1', '')}/storage/iris.zip` });
    res.end();
  } else if (url.pathname === '/api/v1/datasets/download/someone/raw') {
    const body = 'a,b\n1,2\n';
    res.writeHead(200, {
      'content-type': 'text/csv',
      'content-length': body.length,
      'content-disposition': 'attachment; filename="raw.csv"',
    });
    res.end(body);
  } else if (url.pathname === '/api/v1/datasets/download/someone/broken') {
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': 1_000_000 });
    res.write(zipBytes.subarray(0, 200), () => setTimeout(() => res.socket?.destroy(), 20));
  } else {
    json(404, { code: 404, message: 'Not found' });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaggle-'));
  const z = new JSZip();
  z.file('Iris.csv', 'Id,SepalLengthCm,Species\n1,5.1,Iris-setosa\n2,7.0,Iris-versicolor\n');
  z.file('database.sqlite', 'x'.repeat(5000));
  zipBytes = await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const client = (): KaggleClient => new KaggleClient({ username: USER, key: KEY }, { baseUrl: base });

describe('KaggleClient', () => {
  it('searches datasets with basic auth', async () => {
    const hits = await client().searchDatasets('flowers', { page: 2 });
    expect(hits.map((h) => h.ref)).toEqual(['uciml/iris', 'someone/houses']);
    expect(hits[0]).toMatchObject({ title: 'Iris (flowers, page 2)', totalBytes: 3975, usabilityRating: 0.82 });
    expect(seenAuth.at(-1)).toBe(`Basic ${Buffer.from('ada:secret-key').toString('base64')}`);
  });

  it('lists the files of a dataset', async () => {
    expect(await client().listFiles('uciml/iris')).toEqual([
      { name: 'Iris.csv', totalBytes: 5107, creationDate: '2016-09-27' },
    ]);
  });

  it('downloads through a redirect with progress, unzips safely and removes the zip', async () => {
    const progress: Array<[number, number | null]> = [];
    const out = join(dir, 'dl');
    const result = await client().download('uciml/iris', out, { onProgress: (r, t) => progress.push([r, t]) });
    expect(result.dir).toBe(join(out, 'iris'));
    expect(result.files.sort()).toEqual([join(out, 'iris', 'Iris.csv'), join(out, 'iris', 'database.sqlite')]);
    expect(readFileSync(join(out, 'iris', 'Iris.csv'), 'utf8')).toContain('Iris-versicolor');
    expect(progress.at(-1)).toEqual([zipBytes.length, zipBytes.length]);
    expect(readdirSync(out)).toEqual(['iris']);
  });

  it('keeps a raw (non-zip) download under the name the server gives', async () => {
    const result = await client().download('someone/raw', join(dir, 'raw'));
    expect(result.files).toEqual([join(dir, 'raw', 'raw', 'raw.csv')]);
    expect(readFileSync(join(result.dir, 'raw.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('turns a cut connection into kaggle-network and removes the partial file', async () => {
    const out = join(dir, 'broken');
    const err = await client()
      .download('someone/broken', out)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'kaggle-network' });
    expect((err as Error).message).toMatch(/interrupted after \d+ of 1000000 bytes/);
    expect(existsSync(join(out, 'broken.download.part'))).toBe(false);
  });

  it('a cancel mid-download leaves no partial file and no dataset folder', async () => {
    const out = join(dir, 'cancelled');
    const stop = new AbortController();
    const err = await client()
      .download('someone/broken', out, { signal: stop.signal, onProgress: () => stop.abort() })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(existsSync(out)).toBe(false);
  });

  it('reports rejected credentials as kaggle-auth', async () => {
    const bad = new KaggleClient({ username: USER, key: 'wrong' }, { baseUrl: base });
    await expect(bad.searchDatasets('x')).rejects.toMatchObject({
      code: 'kaggle-auth',
      message: expect.stringContaining('HTTP 401'),
    });
    await expect(bad.download('uciml/iris', join(dir, 'nope'))).rejects.toMatchObject({ code: 'kaggle-auth' });
  });

  it('reports unknown datasets, bad refs and an unreachable server', async () => {
    await expect(client().listFiles('nobody/nothing')).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(client().download('../etc', dir)).rejects.toMatchObject({ code: 'invalid-id' });
    const down = new KaggleClient({ username: USER, key: KEY }, { baseUrl: 'http://127.0.0.1:9/api/v1' });
    await expect(down.searchDatasets('x')).rejects.toMatchObject({ code: 'kaggle-network' });
  });

  it('finds credentials in the environment first, then kaggle.json in the config dir', () => {
    const cfg = join(dir, 'cfg');
    mkdirSync(cfg, { recursive: true });
    expect(KaggleClient.fromEnvironment({ configDir: cfg, env: {} })).toBeNull();
    writeFileSync(join(cfg, 'kaggle.json'), JSON.stringify({ username: USER, key: KEY }));
    expect(KaggleClient.fromEnvironment({ configDir: cfg, env: {}, baseUrl: base })).toBeInstanceOf(KaggleClient);
    expect(
      KaggleClient.fromEnvironment({ configDir: join(dir, 'empty'), env: { KAGGLE_USERNAME: 'u', KAGGLE_KEY: 'k' } }),
    ).toBeInstanceOf(KaggleClient);
    expect(KaggleClient.fromEnvironment({ env: { KAGGLE_CONFIG_DIR: cfg } })).toBeInstanceOf(KaggleClient);
    writeFileSync(join(cfg, 'kaggle.json'), '{ not json');
    expect(() => KaggleClient.fromEnvironment({ configDir: cfg, env: {} })).toThrow(
      expect.objectContaining({ code: 'kaggle-auth' }),
    );
  });

  it('uses the environment credentials against the server', async () => {
    const c = KaggleClient.fromEnvironment({
      env: { KAGGLE_USERNAME: USER, KAGGLE_KEY: KEY },
      configDir: join(dir, 'none'),
      baseUrl: base,
    });
    expect((await c?.listFiles('uciml/iris'))?.[0].name).toBe('Iris.csv');
  });
});
