import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractZipSafely } from '../util/safe-unzip';
import { IMAGE_ZIP_LIMITS, ingestImageFolder } from './ingest-images';
import { predictImages } from './predict-images';

async function zipOf(files: Record<string, string | Buffer>, dir: string): Promise<string> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  const path = join(dir, 'x.zip');
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

describe('image zip limits (extractZipSafely with IMAGE_ZIP_LIMITS)', () => {
  it('enforces the file-count, per-file size and compression-ratio limits before writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-guard-'));
    const many = await zipOf({ 'a/1.png': 'x', 'a/2.png': 'y', 'a/3.png': 'z' }, dir);
    await expect(extractZipSafely(many, join(dir, 'o1'), { ...IMAGE_ZIP_LIMITS, maxFiles: 2 })).rejects.toMatchObject({
      code: 'zip-unsafe',
    });
    expect(existsSync(join(dir, 'o1'))).toBe(false);
    const bomb = await zipOf({ 'a/zeros.png': Buffer.alloc(4 * 1024 * 1024) }, dir);
    await expect(extractZipSafely(bomb, join(dir, 'o2'), IMAGE_ZIP_LIMITS)).rejects.toMatchObject({
      message: expect.stringMatching(/zip bomb/),
    });
    await expect(
      extractZipSafely(bomb, join(dir, 'o3'), { ...IMAGE_ZIP_LIMITS, maxFileBytes: 1024, maxRatio: 1e9 }),
    ).rejects.toMatchObject({ code: 'zip-unsafe' });
    const fine = await zipOf({ 'a/1.png': 'x', 'b/2.png': 'y', '__MACOSX/a/._1.png': 'fork' }, dir);
    const written = await extractZipSafely(fine, join(dir, 'o4'), IMAGE_ZIP_LIMITS);
    expect(written.sort()).toEqual(['a/1.png', 'b/2.png']);
    expect(existsSync(join(dir, 'o4', '__MACOSX'))).toBe(false);
  });

  it('reports a file that is not a zip as an invalid dataset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-guard-'));
    writeFileSync(join(dir, 'junk.zip'), 'this is not a zip');
    await expect(ingestImageFolder(join(dir, 'junk.zip'), join(dir, 'out'))).rejects.toMatchObject({
      code: 'dataset-invalid',
      message: expect.stringMatching(/Could not open .*junk\.zip as a zip/),
    });
  });

  it('predict refuses a damaged zip or one without pictures in words, as import does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-guard-'));
    writeFileSync(join(dir, 'junk.zip'), 'this is not a zip');
    await expect(predictImages('unused.onnx', {}, join(dir, 'junk.zip'))).rejects.toMatchObject({
      code: 'dataset-invalid',
      message: expect.stringMatching(/Could not open .*junk\.zip as a zip/),
    });
    const notes = await zipOf({ 'a/readme.txt': 'x', '__MACOSX/a/._1.png': 'fork' }, dir);
    await expect(predictImages('unused.onnx', {}, notes)).rejects.toMatchObject({
      code: 'dataset-empty',
      message: expect.stringMatching(/^No pictures in x\.zip\. Choose a picture, a folder of pictures or a \.zip/),
    });
  });
});
