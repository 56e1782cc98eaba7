import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EXTERNAL_LINKS, kaggleDatasetLink } from '@shared/external-links';
import { SettingsStore } from '../../services/app/settings-store';
import { FakeBrowserWindow, FakeSession, fakeElectron } from './fake-electron';
import { createMainWindow, hardenSession } from './window';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const root = mkdtempSync(join(tmpdir(), 'automl-window-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });
/** A short pause for something that must NOT happen. */
const pause = () => new Promise((r) => setTimeout(r, 50));

describe('hardenSession', () => {
  const session = new FakeSession();
  hardenSession(session);

  it('denies every permission request, check and device', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'hid']) {
      const callback = vi.fn();
      session.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheck!({}, permission)).toBe(false);
    }
    expect(session.devicePermission!({ deviceType: 'usb' })).toBe(false);
  });

  it('adds the CSP with object-src, base-uri and frame-ancestors none to every response', () => {
    let sent: { responseHeaders: Record<string, string[]> } | null = null;
    session.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (sent = r as typeof sent));
    const csp = sent!.responseHeaders['Content-Security-Policy'][0];
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]) {
      expect(csp).toContain(d);
    }
    expect(sent!.responseHeaders['Content-Type']).toEqual(['text/html']);
  });
});

describe('the main window', () => {
  it('is sandboxed and isolated, and loads our renderer', async () => {
    await createMainWindow(new SettingsStore(root));
    const win = FakeBrowserWindow.all.at(-1)!;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.loadedUrl).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('opens only documented links, and only after the person agrees', async () => {
    const win = FakeBrowserWindow.all.at(-1)!;
    const open = (url: string) => win.webContents.windowOpenHandler!({ url });
    fakeElectron.dialog.messageBoxAnswers.push(1); // Cancel
    expect(open(EXTERNAL_LINKS.kaggleApiToken)).toEqual({ action: 'deny' });
    await until(() => expect(fakeElectron.dialog.messageBoxes).toHaveLength(1));
    await pause();
    expect(fakeElectron.shell.external).toEqual([]);
    fakeElectron.dialog.messageBoxAnswers.push(0); // Open in browser
    open(EXTERNAL_LINKS.kaggleApiToken);
    await until(() => expect(fakeElectron.shell.external).toEqual([EXTERNAL_LINKS.kaggleApiToken]));
    expect(fakeElectron.dialog.messageBoxes.at(-1)?.detail).toBe(EXTERNAL_LINKS.kaggleApiToken);
    const asked = fakeElectron.dialog.messageBoxes.length;
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'https://www.kaggle.com/settings/../../evil',
      `${EXTERNAL_LINKS.kaggleApiToken}?next=https://evil.example`,
      'javascript:alert(1)',
      'smb://host/share',
    ]) {
      fakeElectron.dialog.messageBoxAnswers.push(0);
      expect(open(url)).toEqual({ action: 'deny' });
    }
    await pause();
    expect(fakeElectron.dialog.messageBoxes.length).toBe(asked); // never even asked
    expect(fakeElectron.shell.external).toEqual([EXTERNAL_LINKS.kaggleApiToken]);
    fakeElectron.dialog.messageBoxAnswers.splice(0);
    fakeElectron.dialog.messageBoxAnswers.push(0);
    open(kaggleDatasetLink('owner/data-set_1'));
    await until(() =>
      expect(fakeElectron.shell.external.at(-1)).toBe('https://www.kaggle.com/datasets/owner/data-set_1'),
    );
  });

  it('never navigates away from the app', () => {
    const win = FakeBrowserWindow.all.at(-1)!;
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
