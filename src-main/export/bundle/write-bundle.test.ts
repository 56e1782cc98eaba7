import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '@shared/errors';
import { listBundle, writeBundle } from './write-bundle';
import { removeTempsBeside } from '../../engine/util/temp-beside';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeBundle', () => {
  it('writes a DEFLATE zip whose entries re-read byte for byte', async () => {
    const binary = new Uint8Array(4096).map((_, i) => (i * 31) % 251);
    const onDisk = join(dir, 'model.onnx');
    await writeFile(onDisk, binary);
    const text =
      'row,actual,prediction\n' + Array.from({ length: 500 }, (_, i) => `${i},${i * 2},${i * 2 + 0.5}`).join('\n');
    const zipPath = join(dir, 'out', 'bundle.zip');

    const result = await writeBundle(zipPath, [
      { name: 'model.onnx', path: onDisk },
      { name: 'predictions.csv', data: text },
      { name: 'data/profile.json', data: new TextEncoder().encode('{"rows":3}') },
    ]);

    expect(result.files).toEqual(['model.onnx', 'predictions.csv', 'data/profile.json']);
    const raw = await readFile(zipPath);
    expect(result.bytes).toBe(raw.byteLength);
    const zip = await JSZip.loadAsync(raw);
    expect(Buffer.from(await zip.file('model.onnx')!.async('uint8array')).equals(Buffer.from(binary))).toBe(true);
    expect(await zip.file('predictions.csv')!.async('string')).toBe(text);
    expect(await zip.file('data/profile.json')!.async('string')).toBe('{"rows":3}');
    // DEFLATE actually compressed the repetitive CSV.
    expect(raw.byteLength).toBeLessThan(text.length);
    expect(await listBundle(zipPath)).toEqual(['model.onnx', 'predictions.csv', 'data/profile.json']);
    // No temporary file left beside the bundle.
    expect(await readdir(join(dir, 'out'))).toEqual(['bundle.zip']);
  });

  it.each(['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:/x.txt', 'a\\..\\b.txt', '', 'dir/'])(
    'refuses the entry name %j with zip-unsafe and writes nothing',
    async (name) => {
      const zipPath = join(dir, 'bad.zip');
      const err = await writeBundle(zipPath, [{ name, data: 'x' }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CodedError);
      expect((err as CodedError).code).toBe('zip-unsafe');
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it('refuses duplicate names', async () => {
    const err = await writeBundle(join(dir, 'd.zip'), [
      { name: 'a.txt', data: '1' },
      { name: 'a.txt', data: '2' },
    ]).catch((e: unknown) => e);
    expect((err as CodedError).code).toBe('zip-unsafe');
  });

  it('replaces an existing bundle atomically', async () => {
    const zipPath = join(dir, 'b.zip');
    await writeBundle(zipPath, [{ name: 'a.txt', data: 'first' }]);
    await writeBundle(zipPath, [{ name: 'b.txt', data: 'second' }]);
    expect(await listBundle(zipPath)).toEqual(['b.txt']);
  });

  it('reports a missing source file with file-not-found', async () => {
    const err = await writeBundle(join(dir, 'c.zip'), [{ name: 'x.bin', path: join(dir, 'nope.bin') }]).catch(
      (e: unknown) => e,
    );
    expect((err as CodedError).code).toBe('file-not-found');
  });
});

describe('listBundle', () => {
  it('refuses a zip made elsewhere with a path-traversal entry', async () => {
    const zip = new JSZip();
    zip.file('ok.txt', 'fine');
    zip.file('../../escape.txt', 'bad');
    const zipPath = join(dir, 'hostile.zip');
    await writeFile(zipPath, await zip.generateAsync({ type: 'uint8array' }));
    const err = await listBundle(zipPath).catch((e: unknown) => e);
    expect((err as CodedError).code).toBe('zip-unsafe');
    expect((err as CodedError).message).toMatch(/\.\./);
  });

  it('reports a file that is not a zip', async () => {
    const p = join(dir, 'not.zip');
    await writeFile(p, 'hello');
    const err = await listBundle(p).catch((e: unknown) => e);
    expect((err as CodedError).code).toBe('unsupported-format');
  });
});

describe('cancel', () => {
  it('a cancel while compressing stops it: the earlier zip stays as it was, no temporary file is left', async () => {
    const zipPath = join(dir, 'kept.zip');
    await writeBundle(zipPath, [{ name: 'old.txt', data: 'the earlier bundle' }]);
    const before = await readFile(zipPath);
    // Incompressible bytes in several files, so the cancel lands mid-way.
    const noise = new Uint8Array(1 << 19);
    for (let i = 0, x = 1; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const files = Array.from({ length: 8 }, (_, i) => ({ name: `noise-${i}.bin`, data: noise }));
    const stop = new AbortController();
    const seen: number[] = [];
    const write = writeBundle(zipPath, files, stop.signal, (f) => {
      seen.push(f);
      if (f > 0.3) stop.abort();
    });
    await expect(write).rejects.toMatchObject({ code: 'cancelled' });
    expect(Math.max(...seen)).toBeLessThan(0.9);
    expect(await readdir(dir)).toEqual(['kept.zip']);
    expect(await readFile(zipPath)).toEqual(before);
    await rm(zipPath);
  });

  it('reports its progress in order up to 1', async () => {
    const seen: number[] = [];
    await writeBundle(join(dir, 'p.zip'), [{ name: 'a.txt', data: 'x'.repeat(1 << 20) }], undefined, (f) =>
      seen.push(f),
    );
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(seen.at(-1)).toBe(1);
    await rm(join(dir, 'p.zip'));
  });

  it('a cancelled write leaves no zip; removeTempsBeside clears only a killed writer’s temporary files', async () => {
    const zipPath = join(dir, 'bundle.zip');
    const stop = new AbortController();
    stop.abort();
    await expect(writeBundle(zipPath, [{ name: 'a.txt', data: 'a' }], stop.signal)).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(await readdir(dir)).toEqual([]);

    // What a writer killed mid-write leaves, beside files that are not ours.
    for (const name of [
      'bundle.zip.123-0a1b2c3d.tmp',
      'bundle.zip.tmp',
      'bundle.zip.notes',
      'other.zip.9-00000000.tmp',
    ])
      await writeFile(join(dir, name), 'x');
    await removeTempsBeside(zipPath);
    expect((await readdir(dir)).sort()).toEqual(['bundle.zip.notes', 'bundle.zip.tmp', 'other.zip.9-00000000.tmp']);
  });
});
