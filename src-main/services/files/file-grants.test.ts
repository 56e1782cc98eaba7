import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside } from './confine';
import { FileGrants } from './file-grants';

let root: string;
let appRoot: string;
let outside: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'automl-grants-'));
  appRoot = join(root, 'data');
  outside = join(root, 'elsewhere');
  mkdirSync(join(appRoot, 'exports'), { recursive: true });
  mkdirSync(join(outside, 'chosen'), { recursive: true });
  writeFileSync(join(appRoot, 'exports', 'a.zip'), 'zip');
  writeFileSync(join(outside, 'data.csv'), 'a\n1\n');
  symlinkSync(outside, join(appRoot, 'link-out'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('isInside', () => {
  it('is lexical containment without .. escapes', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/../d')).toBe(true);
    expect(isInside('/a/b', '/a/b/..x')).toBe(true);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/')).toBe(false);
  });
});

describe('FileGrants', () => {
  it('hands out random handles and resolves only those, of the right kind', () => {
    const grants = new FileGrants(appRoot);
    const read = grants.grant(join(outside, 'data.csv'), 'read');
    expect(read).toEqual({
      handle: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'data.csv',
      location: join(outside, 'data.csv'),
    });
    expect(grants.path(read.handle, ['read'])).toBe(join(outside, 'data.csv'));
    expect(() => grants.path(read.handle, ['write'])).toThrow(/Choose it again/);
    expect(() => grants.path('0'.repeat(32), ['read'])).toThrow(/Choose it again/);
    expect(() => grants.grant('relative/data.csv', 'read')).toThrow(/full location/);
    const upload = grants.grant(join(appRoot, 'uploads', 'x', 'data.csv'), 'read', { name: 'My data.csv' });
    expect(upload).toEqual({ handle: expect.any(String), name: 'My data.csv' });
    expect(grants.grant(join(outside, 'data.csv'), 'read').handle).not.toBe(read.handle);
  });

  it('shows only the app folder, chosen folders and folders it wrote to at the person’s request', async () => {
    const grants = new FileGrants(appRoot);
    expect(await grants.openableFolder(appRoot)).toBe(appRoot);
    expect(await grants.openableFolder(join(appRoot, 'exports'))).toBe(join(appRoot, 'exports'));
    expect(await grants.openableFolder(join(appRoot, 'exports', 'a.zip'))).toBeNull(); // a file: never opened
    expect(await grants.openableFolder(join(appRoot, 'exports', '..', '..'))).toBeNull();
    expect(await grants.openableFolder(join(appRoot, 'link-out'))).toBeNull(); // a link out of the app folder
    expect(await grants.openableFolder(join(appRoot, 'missing'))).toBeNull();
    expect(await grants.openableFolder('relative')).toBeNull();
    expect(await grants.openableFolder(outside)).toBeNull();
    grants.noteWritten(join(outside, 'model.zip'));
    expect(await grants.openableFolder(outside)).toBe(outside);
    expect(await grants.openableFolder(join(outside, 'chosen'))).toBeNull(); // not the folders below it
    grants.allowFolder(join(outside, 'chosen'));
    expect(await grants.openableFolder(join(outside, 'chosen'))).toBe(join(outside, 'chosen'));
  });
});
