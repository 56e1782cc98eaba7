import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ingestImageFolder, listImageSet, makeThumbnail } from './ingest-images';
import { picture, writeImageSet } from './fixtures.test-util';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'ingest-img-'));

async function messySet(dir: string): Promise<void> {
  const jpg = await picture('jpeg', [200, 40, 40]);
  await writeImageSet(dir, {
    red: [
      { name: 'a.jpg', data: jpg },
      { name: 'b.png', data: await picture('png', [210, 30, 30]) },
      { name: 'c.webp', data: await picture('webp', [190, 50, 40]) },
      { name: 'd.gif', data: await picture('gif', [220, 20, 20]) },
      { name: 'e.jpg', data: await picture('jpeg', [205, 35, 45], 48, 2) },
      { name: 'broken.jpg', data: jpg.subarray(0, 200) },
      { name: 'notes.txt', data: 'not a picture' },
    ],
    blue: Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, data: Buffer.alloc(0) })),
    tiny: [{ name: 'only.png', data: Buffer.alloc(0) }],
  });
  for (let i = 0; i < 6; i++) writeFileSync(join(dir, 'blue', `${i}.png`), await picture('png', [30, 40, 210], 48, i));
  writeFileSync(join(dir, 'tiny', 'only.png'), await picture('png', [30, 200, 30]));
}

describe('ingestImageFolder', () => {
  it('copies readable pictures per class and reports unreadable files and small classes', async () => {
    const src = tmp();
    await messySet(src);
    const dest = tmp();
    const info = await ingestImageFolder(src, dest);
    expect(info.format).toBe('images');
    expect(info.imageClasses).toEqual([
      { name: 'blue', count: 6 },
      { name: 'red', count: 5 },
      { name: 'tiny', count: 1 },
    ]);
    expect(info.rows).toBe(12);
    expect(readdirSync(join(dest, 'images', 'red')).sort()).toEqual(['a.jpg', 'b.png', 'c.webp', 'd.gif', 'e.jpg']);
    const reasons = (info.rejectedRows ?? []).map((r) => r.reason);
    expect((info.rejectedRows ?? []).every((r) => r.line === 0)).toBe(true);
    expect(reasons.some((r) => r.includes('red/broken.jpg') && r.startsWith('Unreadable'))).toBe(true);
    expect(reasons.some((r) => r.includes('"tiny" has only 1'))).toBe(true);
    expect(reasons.some((r) => r.includes('1 file(s) that are not pictures'))).toBe(true);
    expect(info.sample[0]).toEqual(['blue/0.png', 'blue', '48', '48']);
    const listed = await listImageSet(dest);
    expect(listed.labels).toEqual(['blue', 'red', 'tiny']);
    expect(listed.entries).toHaveLength(12);
  });

  it('reports pictures checked, and a cancel keeps the earlier pictures with nothing half-copied', async () => {
    const src = tmp();
    await messySet(src);
    const dest = tmp();
    const seen: number[] = [];
    await ingestImageFolder(src, dest, { onProgress: (f) => seen.push(f ?? -1) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((f, i) => f >= 0 && f < 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
    const before = readdirSync(join(dest, 'images', 'red')).sort();

    const other = tmp();
    await writeImageSet(other, {
      cats: await Promise.all(
        Array.from({ length: 20 }, async (_, i) => ({
          name: `${i}.png`,
          data: await picture('png', [200, 100, 0], 32, i),
        })),
      ),
      dogs: await Promise.all(
        Array.from({ length: 20 }, async (_, i) => ({
          name: `${i}.png`,
          data: await picture('png', [0, 100, 200], 32, i),
        })),
      ),
    });
    const stop = new AbortController();
    const err = await ingestImageFolder(other, dest, {
      signal: stop.signal,
      onProgress: (f) => {
        if ((f ?? 0) > 0.2) stop.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(readdirSync(dest).sort()).toEqual(['images']);
    expect(readdirSync(join(dest, 'images')).sort()).toEqual(['blue', 'red', 'tiny']);
    expect(readdirSync(join(dest, 'images', 'red')).sort()).toEqual(before);
  });

  it('reads a zip with a wrapper folder and refuses path escapes', async () => {
    const zip = new JSZip();
    for (const cls of ['cats', 'dogs']) {
      for (let i = 0; i < 5; i++)
        zip.file(`pets/${cls}/${i}.png`, await picture('png', cls === 'cats' ? [200, 100, 0] : [0, 100, 200], 32, i));
    }
    zip.file('__MACOSX/pets/._x', 'junk');
    const dir = tmp();
    writeFileSync(join(dir, 'pets.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
    const dest = join(dir, 'out');
    const info = await ingestImageFolder(join(dir, 'pets.zip'), dest);
    expect(info.imageClasses).toEqual([
      { name: 'cats', count: 5 },
      { name: 'dogs', count: 5 },
    ]);
    expect(info.rejectedRows).toEqual([]);
    expect(existsSync(join(dest, '.unzip'))).toBe(false);

    const evil = new JSZip();
    evil.file('../../escaped.png', await picture('png', [1, 2, 3]));
    writeFileSync(join(dir, 'evil.zip'), await evil.generateAsync({ type: 'nodebuffer' }));
    await expect(ingestImageFolder(join(dir, 'evil.zip'), join(dir, 'out2'))).rejects.toMatchObject({
      code: 'zip-unsafe',
    });
    expect(existsSync(join(dir, 'escaped.png'))).toBe(false);
  });

  it('explains folders without classes or with a single class', async () => {
    const flat = tmp();
    writeFileSync(join(flat, 'a.png'), await picture('png', [1, 2, 3]));
    await expect(ingestImageFolder(flat, tmp())).rejects.toMatchObject({
      code: 'dataset-invalid',
      message: expect.stringMatching(/class folders/),
    });
    const one = tmp();
    await writeImageSet(one, { only: [{ name: 'a.png', data: await picture('png', [1, 2, 3]) }] });
    await expect(ingestImageFolder(one, tmp())).rejects.toMatchObject({
      message: expect.stringMatching(/Only one class/),
    });
    await expect(ingestImageFolder(join(flat, 'nope'), tmp())).rejects.toMatchObject({ code: 'file-not-found' });
  });

  it('makes a JPEG data URL thumbnail', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.webp'), await picture('webp', [10, 200, 10], 120));
    const url = await makeThumbnail(join(dir, 'x.webp'), 32);
    expect(url.startsWith('data:image/jpeg;base64,')).toBe(true);
    const bytes = Buffer.from(url.split(',')[1], 'base64');
    expect(bytes[0]).toBe(0xff);
    expect(readFileSync(join(dir, 'x.webp')).length).toBeGreaterThan(0);
  });
});
