import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOWNLOAD_CHUNK_BYTES } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { Downloads } from './app-files';

describe('Downloads', () => {
  let root: string;
  let served: string;
  let downloads: Downloads;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'downloads-'));
    served = join(root, 'exports');
    // Only `exports` may be served, as the app's openableFolder would answer.
    downloads = new Downloads(async (folder) => (folder === served ? folder : null), { maxOpen: 2, idleMs: 60_000 });
    writeFileSync(join(root, 'secret.txt'), 'not yours');
  });
  afterEach(async () => {
    await downloads.endAll();
    rmSync(root, { recursive: true, force: true });
  });

  const write = (name: string, bytes: Buffer) => {
    const path = join(served, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    return path;
  };

  async function receive(path: string): Promise<{ bytes: Buffer; chunks: number; name: string; mime: string }> {
    const begun = await downloads.begin(path);
    const parts: Buffer[] = [];
    let offset = 0;
    while (offset < begun.size) {
      const next = await downloads.chunk(begun.downloadId, offset);
      const bytes = Buffer.from(next.base64, 'base64');
      expect(bytes.length).toBeLessThanOrEqual(DOWNLOAD_CHUNK_BYTES);
      parts.push(bytes);
      offset += bytes.length;
      expect(next.sent).toBe(offset);
    }
    return { bytes: Buffer.concat(parts), chunks: parts.length, name: begun.name, mime: begun.mime };
  }

  it('sends a file in order, in bounded chunks, byte for byte, and closes it after the last', async () => {
    const data = randomBytes(2 * DOWNLOAD_CHUNK_BYTES + 12_345);
    const path = write('bundle.zip', data);
    const got = await receive(path);
    expect(got).toMatchObject({ chunks: 3, name: 'bundle.zip', mime: 'application/zip' });
    expect(got.bytes.equals(data)).toBe(true);
    // The download closed itself after its last chunk: two more may begin (maxOpen 2).
    await downloads.begin(path);
    await downloads.begin(path);
    await expect(downloads.begin(path)).rejects.toMatchObject({ code: 'limit-exceeded' });
  });

  it('refuses files outside the served folders, links out of them, and folders', async () => {
    await expect(downloads.begin(join(root, 'secret.txt'))).rejects.toMatchObject({ code: 'file-not-found' });
    write('x.csv', Buffer.from('a\n1\n'));
    symlinkSync(join(root, 'secret.txt'), join(served, 'link.csv'));
    await expect(downloads.begin(join(served, 'link.csv'))).rejects.toMatchObject({ code: 'file-not-found' });
    await expect(downloads.begin('exports/x.csv')).rejects.toMatchObject({ code: 'file-not-found' });
    await expect(downloads.begin(join(served, 'gone.csv'))).rejects.toMatchObject({ code: 'file-not-found' });
    write('sub/inner.csv', Buffer.from('a\n'));
    await expect(downloads.begin(join(served, 'sub'))).rejects.toBeInstanceOf(CodedError);
  });

  it('takes chunks only in order, and a stopped download is gone', async () => {
    const path = write('p.csv', randomBytes(DOWNLOAD_CHUNK_BYTES + 10));
    const { downloadId } = await downloads.begin(path);
    await expect(downloads.chunk(downloadId, 5)).rejects.toMatchObject({ code: 'invalid-input' });
    await downloads.chunk(downloadId, 0);
    expect(await downloads.end(downloadId)).toBe(true);
    expect(await downloads.end(downloadId)).toBe(false);
    await expect(downloads.chunk(downloadId, DOWNLOAD_CHUNK_BYTES)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('a file cut short while it downloads is an error, not a short file', async () => {
    const path = write('p.csv', randomBytes(DOWNLOAD_CHUNK_BYTES + 10));
    const { downloadId } = await downloads.begin(path);
    writeFileSync(path, 'short');
    await expect(downloads.chunk(downloadId, 0)).rejects.toMatchObject({ code: 'file-not-found' });
  });

  it('an empty file has no chunks', async () => {
    const path = write('empty.csv', Buffer.alloc(0));
    const begun = await downloads.begin(path);
    expect(begun.size).toBe(0);
    expect(await downloads.end(begun.downloadId)).toBe(true);
  });
});
