import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '@shared/channels';
import { FakeBrowserWindow, fakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const dataDir = mkdtempSync(join(tmpdir(), 'automl-electron-'));
const settle = () => new Promise((r) => setTimeout(r, 20));
const handle = vi.spyOn(fakeElectron.ipcMain, 'handle');

beforeAll(async () => {
  process.env.AUTOML_DATA_DIR = dataDir;
  await import('./index');
  fakeElectron.app.becomeReady();
  await settle();
});
afterAll(() => {
  delete process.env.AUTOML_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Electron host', () => {
  it('hardens the session, binds every channel once and opens one window', () => {
    expect(fakeElectron.session.defaultSession.permissionRequest).not.toBeNull();
    expect(fakeElectron.session.defaultSession.permissionCheck).not.toBeNull();
    expect(handle).toHaveBeenCalledTimes(CHANNELS.length + 1);
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    expect(fakeElectron.dialog.errorBoxes).toEqual([]);
  });

  it('on macOS activate after the window closed, opens a window again without binding twice', async () => {
    FakeBrowserWindow.getAllWindows()[0].close();
    fakeElectron.app.emit('activate');
    await settle();
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    expect(handle).toHaveBeenCalledTimes(CHANNELS.length + 1);
    fakeElectron.app.emit('activate'); // a window is open: nothing happens
    await settle();
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    expect(fakeElectron.dialog.errorBoxes).toEqual([]);
  });

  it('answers the renderer over IPC', async () => {
    const url = FakeBrowserWindow.getAllWindows()[0].loadedUrl!;
    const hello = await fakeElectron.ipcMain.invoke('app:hello', {}, { url, parent: null });
    expect(hello).toMatchObject({ ok: true, value: { host: 'electron', dataDir } });
  });

  it('opens in the file manager only folders of the app or chosen by the person, never files', async () => {
    const url = FakeBrowserWindow.getAllWindows()[0].loadedUrl!;
    const ask = (channel: string, req: unknown) => fakeElectron.ipcMain.invoke(channel, req, { url, parent: null });
    for (const path of ['/etc', '/usr/bin', join(dataDir, 'settings.json'), join(dataDir, '..')]) {
      expect(await ask('shell:openFolder', { path }), path).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    expect(fakeElectron.shell.opened).toEqual([]);
    expect(await ask('shell:openFolder', { path: dataDir })).toEqual({ ok: true, value: { opened: true } });
    const chosen = mkdtempSync(join(tmpdir(), 'automl-chosen-'));
    try {
      fakeElectron.dialog.openAnswers.push([chosen]);
      const picked = await ask('dialog:openFile', { directory: true });
      expect(picked).toMatchObject({ ok: true, value: { file: { location: chosen } } });
      expect(await ask('shell:openFolder', { path: chosen })).toEqual({ ok: true, value: { opened: true } });
      expect(fakeElectron.shell.opened).toEqual([dataDir, chosen]);
    } finally {
      rmSync(chosen, { recursive: true, force: true });
    }
  });
});
