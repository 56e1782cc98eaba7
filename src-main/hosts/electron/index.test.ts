import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '@shared/channels';
import { COMMAND_CHANNEL, COMMANDS, type AppCommand } from '@shared/commands';
import { FakeBrowserWindow, FakeMenu, fakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const dataDir = mkdtempSync(join(tmpdir(), 'automl-electron-'));
const files = mkdtempSync(join(tmpdir(), 'automl-opened-'));
/** Waits (polling, up to 10 s on a loaded machine) until `check` passes. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });
/** A short pause for something that must NOT happen. */
const pause = () => new Promise((r) => setTimeout(r, 50));
const handle = vi.spyOn(fakeElectron.ipcMain, 'handle');
const argv = process.argv;
const window = () => FakeBrowserWindow.getAllWindows()[0];
const commands = () =>
  window()
    .webContents.sent.filter(([channel]) => channel === COMMAND_CHANNEL)
    .map(([, c]) => c as AppCommand);
const ask = (channel: string, req: unknown) =>
  fakeElectron.ipcMain.invoke(channel, req, { url: window().loadedUrl!, parent: null });

beforeAll(async () => {
  process.env.AUTOML_DATA_DIR = dataDir;
  writeFileSync(join(files, 'sales.csv'), 'day,sales\n1,10\n');
  const zip = new JSZip();
  zip.file('model.json', '{}');
  zip.file('model.onnx', 'x');
  writeFileSync(join(files, 'model.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
  // Launched from the file manager with a CSV (`electron . sales.csv`, run in the files folder).
  process.argv = [process.execPath, '.', '--some-flag', 'sales.csv', 'missing.csv'];
  vi.spyOn(process, 'cwd').mockReturnValue(files);
  await import('./index');
  fakeElectron.app.becomeReady();
  await until(() => expect(commands()).toHaveLength(1));
});
afterAll(() => {
  process.argv = argv;
  delete process.env.AUTOML_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('the Electron host', () => {
  it('hardens the session, binds every channel once, sets the menu and opens one window', () => {
    expect(fakeElectron.session.defaultSession.permissionRequest).not.toBeNull();
    expect(fakeElectron.session.defaultSession.permissionCheck).not.toBeNull();
    expect(handle).toHaveBeenCalledTimes(CHANNELS.length + 1);
    expect(FakeMenu.application).not.toBeNull();
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    expect(fakeElectron.dialog.errorBoxes).toEqual([]);
  });

  it('opens the file it was launched with as data, once the page has loaded, and notes it as recent', () => {
    expect(commands()).toEqual([
      {
        id: 'file.open',
        kind: 'data',
        file: { handle: expect.any(String), name: 'sales.csv', location: join(files, 'sales.csv') },
      },
    ]);
    expect(fakeElectron.app.recent).toEqual([join(files, 'sales.csv')]);
  });

  it('takes the files of a second launch, and knows a bundle from data', async () => {
    window().webContents.sent = [];
    fakeElectron.app.emit('second-instance', {}, ['/opt/AutoML/automl', '.', 'model.zip'], files);
    await until(() => expect(commands()).toHaveLength(1));
    expect(commands()).toMatchObject([{ id: 'file.open', kind: 'bundle', file: { name: 'model.zip' } }]);
    expect(window().focused).toBeGreaterThan(0);
    // macOS: a file dropped on the Dock icon.
    const event = { preventDefault: vi.fn() };
    fakeElectron.app.emit('open-file', event, join(files, 'sales.csv'));
    await until(() => expect(commands()).toHaveLength(2));
    expect(event.preventDefault).toHaveBeenCalled();
    expect(commands().at(-1)).toMatchObject({ id: 'file.open', kind: 'data' });
    // The handle reads the file it names.
    const opened = commands().at(-1) as Extract<AppCommand, { id: 'file.open' }>;
    expect(await ask('file:inspect', { handle: opened.file.handle })).toEqual({ ok: true, value: { kind: 'data' } });
  });

  it('runs menu commands: file dialogs in main, the rest in the page', async () => {
    window().webContents.sent = [];
    const menu = FakeMenu.application!.template as Array<{ submenu?: Array<{ id?: string; click?: () => void }> }>;
    const click = (id: string) => menu.flatMap((m) => m.submenu ?? []).find((i) => i.id === id)!.click!();
    fakeElectron.dialog.openAnswers.push([join(files, 'model.zip')]);
    click('bundle.open');
    fakeElectron.dialog.openAnswers.push(null); // cancelled: nothing happens
    click('data.open');
    click('go.predict');
    click('help.shortcuts');
    await until(() => expect(commands()).toHaveLength(3));
    await pause(); // the cancelled dialog sends nothing, even later
    // The dialog answers later than the page commands go: compare without order.
    expect(
      commands()
        .map((c) => c.id)
        .sort(),
    ).toEqual(['file.open', 'go.predict', 'help.shortcuts']);
    expect(COMMANDS.every((c) => menu.flatMap((m) => m.submenu ?? []).some((i) => i.id === c.id))).toBe(true);
  });

  it('on macOS activate after the window closed, opens a window again without binding twice', async () => {
    window().close();
    fakeElectron.app.emit('activate');
    await until(() => expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1));
    expect(handle).toHaveBeenCalledTimes(CHANNELS.length + 1);
    fakeElectron.app.emit('activate'); // a window is open: nothing happens
    await pause();
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
    expect(fakeElectron.dialog.errorBoxes).toEqual([]);
  });

  it('answers the renderer over IPC', async () => {
    expect(await ask('app:hello', {})).toMatchObject({ ok: true, value: { host: 'electron', dataDir } });
  });

  it('opens in the file manager only folders of the app or chosen by the person, never files', async () => {
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
