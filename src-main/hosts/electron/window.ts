import { BrowserWindow, screen, shell } from 'electron';
import { join } from 'node:path';
import type { SettingsStore } from '../../services/app/settings-store';

type Bounds = { x: number; y: number; width: number; height: number };

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

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

/** The hardened main window: isolated, sandboxed, no Node, strict CSP, no navigation or new windows; bounds remembered. */
export async function createMainWindow(settings: SettingsStore): Promise<BrowserWindow> {
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
  win.webContents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.on('ready-to-show', () => win.show());
  let saveTimer: NodeJS.Timeout | null = null;
  const remember = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void settings.set({ windowBounds: win.getNormalBounds() }), 400);
  };
  win.on('resize', remember);
  win.on('move', remember);

  if (process.env.ELECTRON_RENDERER_URL) await win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else await win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}
