import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { join } from 'node:path';
import { createServices, type Services } from '../../services/app/create-services';
import { fileLog, hostLogPath } from '../../services/app/host-log';
import { APP_VERSION } from '../../services/app/version';
import { createDispatcher } from '../../services/ipc/dispatch';
import { WorkerClient } from '../../workers/client';
import type { TrainerMethods } from '../../workers/trainer-methods';
import { bindIpc, sendEvent } from './ipc';
import { utilitySpawner } from './utility-spawner';
import { createMainWindow, hardenSession, rendererUrl } from './window';

/**
 * The Electron host: one hardened window, the shared services over IPC, trainers in utility processes.
 * Services and IPC are set up once per launch; a window can come and go (macOS keeps the app without one).
 */
let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;

function setUp(): Services {
  const dataDir = process.env.AUTOML_DATA_DIR ?? app.getPath('userData');
  const log = fileLog(hostLogPath(dataDir));
  const jobs = new WorkerClient<TrainerMethods>(utilitySpawner(join(__dirname, 'trainer.js')));
  const created = createServices({
    dataDir,
    jobs,
    host: 'electron',
    appVersion: APP_VERSION,
    log,
    emit: (event) => sendEvent(mainWindow?.webContents ?? null, event),
    dialogs: {
      saveFile: async (defaultName) => {
        const options = { defaultPath: defaultName, filters: [{ name: 'Zip bundle', extensions: ['zip'] }] };
        const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return r.canceled ? null : (r.filePath ?? null);
      },
      openFile: async (directory) => {
        const options: Electron.OpenDialogOptions = {
          properties: directory ? ['openDirectory'] : ['openFile'],
          filters: directory
            ? []
            : [{ name: 'Data', extensions: ['csv', 'tsv', 'txt', 'gz', 'parquet', 'json', 'jsonl', 'zip'] }],
        };
        const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      // The services have checked this is a folder the app made or the person chose.
      openFolder: async (folder) => (await shell.openPath(folder)) === '',
    },
  });
  bindIpc(createDispatcher(created.handlers, log), created.files, rendererUrl());
  return created;
}

async function showWindow(): Promise<void> {
  services ??= setUp();
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = await createMainWindow(services.settings);
  mainWindow.on('closed', () => (mainWindow = null));
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
app
  .whenReady()
  .then(() => {
    hardenSession(session.defaultSession);
    return showWindow();
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
