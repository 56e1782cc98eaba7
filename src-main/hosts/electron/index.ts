import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import type { CommandId } from '@shared/commands';
import { createServices, type Services } from '../../services/app/create-services';
import { fileLog, hostLogPath } from '../../services/app/host-log';
import { APP_VERSION } from '../../services/app/version';
import { createDispatcher } from '../../services/ipc/dispatch';
import { WorkerClient } from '../../workers/client';
import type { TrainerMethods } from '../../workers/trainer-methods';
import { openDocumentedLink } from './external-links';
import { bindIpc, sendEvent } from './ipc';
import { menuTemplate } from './menu';
import { CommandOutbox, filesFromArgv, openPaths } from './open-files';
import { utilitySpawner } from './utility-spawner';
import { createMainWindow, hardenSession, rendererUrl } from './window';

/**
 * The Electron host: one hardened window, the shared services over IPC, trainers in utility processes, a native
 * menu, files opened from the file manager (also by a second launch, which hands them to this one).
 * Services and IPC are set up once per launch; a window can come and go (macOS keeps the app without one).
 */
let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;
const outbox = new CommandOutbox();
const dataDir = () => process.env.AUTOML_DATA_DIR ?? app.getPath('userData');
/** Arguments before the files: the executable (packaged), or electron and the app folder (`electron .`). */
const ownArgs = () => (app.isPackaged ? 1 : 2);

const DATA_FILTER = { name: 'Data', extensions: ['csv', 'tsv', 'txt', 'gz', 'parquet', 'json', 'jsonl', 'zip'] };
const BUNDLE_FILTER = { name: 'Model bundle', extensions: ['zip'] };

async function chooseFiles(options: Electron.OpenDialogOptions): Promise<string[]> {
  const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return r.canceled ? [] : r.filePaths;
}

function setUp(): Services {
  const dir = dataDir();
  const log = fileLog(hostLogPath(dir));
  const jobs = new WorkerClient<TrainerMethods>(utilitySpawner(join(__dirname, 'trainer.js')));
  const created = createServices({
    dataDir: dir,
    jobs,
    host: 'electron',
    appVersion: APP_VERSION,
    log,
    emit: (event) => sendEvent(mainWindow?.webContents ?? null, event),
    opened: (path) => app.addRecentDocument(path),
    dialogs: {
      saveFile: async (defaultName) => {
        const options = { defaultPath: defaultName, filters: [BUNDLE_FILTER] };
        const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return r.canceled ? null : (r.filePath ?? null);
      },
      openFile: async (directory) =>
        (
          await chooseFiles(
            directory ? { properties: ['openDirectory'] } : { properties: ['openFile'], filters: [DATA_FILTER] },
          )
        )[0] ?? null,
      // The services have checked this is a folder the app made or the person chose.
      openFolder: async (folder) => (await shell.openPath(folder)) === '',
    },
  });
  bindIpc(createDispatcher(created.handlers, log), created.files, rendererUrl());
  return created;
}

function openFiles(paths: readonly string[]): Promise<number> {
  services ??= setUp();
  return openPaths(paths, { files: services.files, addRecent: (p) => app.addRecentDocument(p), outbox });
}

/** A menu command: the file commands open native dialogs here; the rest run in the page. */
async function runCommand(id: CommandId): Promise<void> {
  if (id === 'data.open') await openFiles(await chooseFiles({ properties: ['openFile'], filters: [DATA_FILTER] }));
  else if (id === 'bundle.open')
    await openFiles(await chooseFiles({ properties: ['openFile'], filters: [BUNDLE_FILTER] }));
  else outbox.send({ id });
}

async function showWindow(): Promise<void> {
  services ??= setUp();
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = await createMainWindow(services.settings, (contents) => outbox.attach(contents));
  mainWindow.on('closed', () => (mainWindow = null));
}

if (!app.requestSingleInstanceLock()) {
  // Another window is open: the first instance gets our files through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    void showWindow().then(() => openFiles(filesFromArgv(argv, workingDirectory, ownArgs())));
  });
  // macOS hands files over by event, possibly before `ready`: they wait in the outbox for the page.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void showWindow().then(() => openFiles([path]));
    else void app.whenReady().then(() => openFiles([path]));
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      const logFolder = dirname(hostLogPath(dataDir()));
      const template = menuTemplate(
        process.platform,
        {
          run: (id) => void runCommand(id),
          openLink: (url) => void openDocumentedLink(url, mainWindow),
          showDataFolder: () => void shell.openPath(dataDir()),
          showLogFolder: () => void shell.openPath(logFolder),
        },
        { dev: !app.isPackaged },
      );
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));
      await showWindow();
      await openFiles(filesFromArgv(process.argv, process.cwd(), ownArgs()));
    })
    .catch((err) => {
      dialog.showErrorBox('AutoML Desktop could not start', err instanceof Error ? err.message : String(err));
      app.quit();
    });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void showWindow();
  });
}
