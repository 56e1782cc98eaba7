import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, FILE_DROP_CHANNEL } from '@shared/channels';
import { FileGrants } from '../../services/files/file-grants';
import { fakeElectron, type FakeFrame } from './fake-electron';
import { bindIpc } from './ipc';
import { isTrustedFrame } from './trust';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const RENDERER = 'file:///opt/AutoML/resources/app.asar/out/renderer/index.html';
const top = (url: string): FakeFrame => ({ url, parent: null });
const root = mkdtempSync(join(tmpdir(), 'automl-ipc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sender check', () => {
  it('trusts only the top frame of our own page', () => {
    expect(isTrustedFrame(top(RENDERER), RENDERER)).toBe(true);
    expect(isTrustedFrame(top(`${RENDERER}?x=1#stage`), RENDERER)).toBe(true);
    expect(isTrustedFrame({ url: RENDERER, parent: top(RENDERER) }, RENDERER)).toBe(false); // an iframe
    expect(isTrustedFrame(top('file:///tmp/evil.html'), RENDERER)).toBe(false);
    expect(isTrustedFrame(top('https://evil.example/'), RENDERER)).toBe(false);
    expect(isTrustedFrame(top('not a url'), RENDERER)).toBe(false);
    expect(isTrustedFrame(null, RENDERER)).toBe(false);
    expect(isTrustedFrame(top('http://localhost:5173/'), 'http://localhost:5173/')).toBe(true);
    expect(isTrustedFrame(top('http://localhost:5174/'), 'http://localhost:5173/')).toBe(false);
  });
});

describe('bindIpc', () => {
  const dispatch = vi.fn(async (channel: unknown) => ({ ok: true as const, value: channel }));
  const grants = new FileGrants(join(root, 'data'));

  it('binds every channel, and binding again (macOS activate) replaces instead of throwing', () => {
    bindIpc(dispatch, grants, RENDERER);
    expect(() => bindIpc(dispatch, grants, RENDERER)).not.toThrow();
    for (const channel of CHANNELS) expect(fakeElectron.ipcMain.handlers.has(channel)).toBe(true);
    expect(fakeElectron.ipcMain.handlers.has(FILE_DROP_CHANNEL)).toBe(true);
  });

  it('dispatches requests from our page and refuses every other sender on every channel', async () => {
    bindIpc(dispatch, grants, RENDERER);
    expect(await fakeElectron.ipcMain.invoke('app:hello', {}, top(RENDERER))).toEqual({ ok: true, value: 'app:hello' });
    dispatch.mockClear();
    const strangers = [top('https://evil.example/'), { url: RENDERER, parent: top(RENDERER) }, null];
    for (const channel of [...CHANNELS, FILE_DROP_CHANNEL]) {
      for (const frame of strangers) {
        expect(await fakeElectron.ipcMain.invoke(channel, {}, frame)).toMatchObject({
          ok: false,
          error: { code: 'invalid-input', message: expect.stringMatching(/app window/) },
        });
      }
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('turns a dropped file into a handle, and refuses paths that are not files on this computer', async () => {
    bindIpc(dispatch, grants, RENDERER);
    const file = join(root, 'dropped.csv');
    writeFileSync(file, 'a\n1\n');
    const answer = (await fakeElectron.ipcMain.invoke(FILE_DROP_CHANNEL, { path: file }, top(RENDERER))) as {
      ok: boolean;
      value: { handle: string; name: string };
    };
    expect(answer).toMatchObject({ ok: true, value: { name: 'dropped.csv', location: file } });
    expect(grants.path(answer.value.handle, ['read'])).toBe(file);
    for (const req of [{ path: 'relative.csv' }, { path: join(root, 'missing.csv') }, { path: 5 }, null, 'x']) {
      expect(await fakeElectron.ipcMain.invoke(FILE_DROP_CHANNEL, req, top(RENDERER))).toMatchObject({ ok: false });
    }
  });
});
