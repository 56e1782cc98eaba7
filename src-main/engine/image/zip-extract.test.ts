import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractZipGuarded, IMAGE_ZIP_LIMITS } from './zip-extract';
import { predictionsCsv } from './predict-images';

async function zipOf(files: Record<string, string | Buffer>, dir: string): Promise<string> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  const path = join(dir, 'x.zip');
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

describe('extractZipGuarded', () => {
  it('enforces the file-count, per-file size and compression-ratio limits before writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-guard-'));
    const many = await zipOf({ 'a/1.png': 'x', 'a/2.png': 'y', 'a/3.png': 'z' }, dir);
    await expect(extractZipGuarded(many, join(dir, 'o1'), { ...IMAGE_ZIP_LIMITS, maxFiles: 2 })).rejects.toMatchObject({ code: 'zip-unsafe' });
    expect(existsSync(join(dir, 'o1'))).toBe(false);
    const bomb = await zipOf({ 'a/zeros.png': Buffer.alloc(4 * 1024 * 1024) }, dir);
    await expect(extractZipGuarded(bomb, join(dir, 'o2'))).rejects.toMatchObject({ message: expect.stringMatching(/zip bomb/) });
    await expect(extractZipGuarded(bomb, join(dir, 'o3'), { ...IMAGE_ZIP_LIMITS, maxFileBytes: 1024, maxRatio: 1e9 })).rejects.toMatchObject({ code: 'zip-unsafe' });
    const fine = await zipOf({ 'a/1.png': 'x', 'b/2.png': 'y' }, dir);
    const written = await extractZipGuarded(fine, join(dir, 'o4'));
    expect(written.map((p) => p.slice(join(dir, 'o4').length + 1)).sort()).toEqual(['a/1.png', 'b/2.png']);
  });
});

describe('predictionsCsv', () => {
  it('writes file,prediction,proba_<class> rows with quoting', () => {
    const csv = predictionsCsv([{ file: 'a,b.png', prediction: 'cat', probabilities: [0.75, 0.25] }], ['cat', 'dog']);
    expect(csv).toBe('file,prediction,proba_cat,proba_dog\n"a,b.png",cat,0.75,0.25\n');
  });
});
