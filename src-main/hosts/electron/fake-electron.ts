import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module in unit tests (the Electron binary cannot run here). It records what the
 * host asks of Electron and lets a test play the person (dialog answers) and the OS (app events). Only what the
 * host uses is here; behaviour that matters is copied from Electron (ipcMain.handle refuses a second handler).
 * Use: `vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)`.
 */

type Handler = (event: { senderFrame: FakeFrame | null }, ...args: unknown[]) => unknown;

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What a renderer frame would get back from `ipcRenderer.invoke(channel, req)`. */
  async invoke(channel: string, req: unknown, frame: FakeFrame | null): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, req);
  }
}

export class FakeSession {
  permissionRequest: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheck: ((wc: unknown, permission: string) => boolean) | null = null;
  devicePermission: ((details: unknown) => boolean) | null = null;
  headers: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null;
  setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermission']) {
    this.devicePermission = h;
  }
  webRequest = {
    onHeadersReceived: (h: FakeSession['headers']) => {
      this.headers = h;
    },
  };
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  session = new FakeSession();
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return FakeBrowserWindow.getAllWindows()[0] ?? null;
  }
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  focused = 0;
  minimized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    fakeElectron.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.emit('did-finish-load');
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1280, height: 860 };
  }
  show() {}
  focus() {
    this.focused++;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  ready = false;
  isPackaged = false;
  private readyWaiters: Array<() => void> = [];
  quitCalls = 0;
  recent: string[] = [];
  singleInstance = true;
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  /** The test says Electron is ready. */
  becomeReady() {
    this.ready = true;
    this.readyWaiters.splice(0).forEach((r) => r());
    this.emit('ready');
  }
  isReady() {
    return this.ready;
  }
  getPath(_name: string) {
    return process.env.AUTOML_DATA_DIR ?? '/nonexistent';
  }
  getName() {
    return 'AutoML Desktop';
  }
  getVersion() {
    return '0.0.0-test';
  }
  quit() {
    this.quitCalls++;
  }
  requestSingleInstanceLock() {
    return this.singleInstance;
  }
  addRecentDocument(path: string) {
    this.recent.push(path);
  }
  clearRecentDocuments() {
    this.recent = [];
  }
  setAboutPanelOptions() {}
}

/** Scripted answers for dialogs; each call takes the next answer (defaults: cancel). */
class FakeDialog {
  messageBoxAnswers: number[] = [];
  saveAnswers: Array<string | null> = [];
  openAnswers: Array<string[] | null> = [];
  messageBoxes: Array<{ message: string; detail?: string }> = [];
  errorBoxes: Array<[string, string]> = [];
  async showMessageBox(...args: unknown[]) {
    const options = (args.length > 1 ? args[1] : args[0]) as { message: string; detail?: string };
    this.messageBoxes.push(options);
    return { response: this.messageBoxAnswers.shift() ?? 1, checkboxChecked: false };
  }
  async showSaveDialog() {
    const path = this.saveAnswers.shift() ?? null;
    return { canceled: path === null, filePath: path ?? undefined };
  }
  async showOpenDialog() {
    const paths = this.openAnswers.shift() ?? null;
    return { canceled: paths === null, filePaths: paths ?? [] };
  }
  showErrorBox(title: string, content: string) {
    this.errorBoxes.push([title, content]);
  }
}

class FakeShell {
  opened: string[] = [];
  external: string[] = [];
  async openPath(path: string) {
    this.opened.push(path);
    return '';
  }
  async openExternal(url: string) {
    this.external.push(url);
  }
}

export class FakeMenu {
  static application: FakeMenu | null = null;
  constructor(readonly template: unknown[]) {}
  static buildFromTemplate(template: unknown[]) {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null) {
    FakeMenu.application = menu;
  }
}

function build() {
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    dialog: new FakeDialog(),
    shell: new FakeShell(),
    session: { defaultSession: new FakeSession() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    BrowserWindow: FakeBrowserWindow,
    Menu: FakeMenu,
    utilityProcess: {
      fork: () => {
        throw new Error('the fake electron runs no utility processes');
      },
    },
  };
}

/** The fake module: one per test file (vitest isolates files), so state carries over between a file's tests. */
export const fakeElectron = build();

export default fakeElectron;
