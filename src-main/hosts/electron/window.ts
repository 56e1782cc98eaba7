import { BrowserWindow, screen } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '@shared/csp';
import type { SettingsStore } from '../../services/app/settings-store';
import { openDocumentedLink } from './external-links';

type Bounds = { x: number; y: number; width: number; height: number };

/** The page our window shows (and the only page whose IPC we answer). */
export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;
}

function visible(bounds: Bounds): boolean {
  return screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    return (
      bounds.x < a.x + a.width &&
      bounds.x + bounds.width > a.x &&
      bounds.y < a.y + a.height &&
      bounds.y + bounds.height > a.y
    );
  });
}

/** What hardening needs of a session (narrow, so a test can hand in a fake). */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (wc: unknown, permission: string, grant: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/**
 * Session-wide hardening, once per session: every permission (camera, notifications, clipboard, HID, ...) is
 * refused, asked or checked; every response carries the CSP.
 */
export function hardenSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // `electron-vite dev` serves an inline React preamble: there the page's own (dev) meta policy applies.
  if (process.env.ELECTRON_RENDERER_URL) return;
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
}

/** The hardened main window: isolated, sandboxed, no Node, strict CSP, no navigation or new windows; bounds remembered. */
export async function createMainWindow(
  settings: SettingsStore,
  beforeLoad: (contents: BrowserWindow['webContents']) => void = () => undefined,
): Promise<BrowserWindow> {
  const saved = (await settings.get()).windowBounds as Bounds | undefined;
  const win = new BrowserWindow({
    width: saved?.width ?? 1280,
    height: saved?.height ?? 860,
    ...(saved && visible(saved) ? { x: saved.x, y: saved.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'AutoML Desktop',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    void openDocumentedLink(url, win);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    void openDocumentedLink(url, win);
  });
  win.on('ready-to-show', () => win.show());
  let saveTimer: NodeJS.Timeout | null = null;
  const remember = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void settings.set({ windowBounds: win.getNormalBounds() }), 400);
  };
  win.on('resize', remember);
  win.on('move', remember);

  beforeLoad(win.webContents);
  await win.loadURL(rendererUrl());
  return win;
}
