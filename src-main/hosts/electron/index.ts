import { app, BrowserWindow, dialog, shell } from 'electron';
import { join } from 'node:path';
import { createServices } from '../../services/app/create-services';
import { APP_VERSION } from '../../services/app/version';
import { createDispatcher } from '../../services/ipc/dispatch';
import { resolveDataDir } from '../../services/store/data-dir';
import { WorkerClient } from '../../workers/client';
import type { TrainerMethods } from '../../workers/trainer-methods';
import { bindIpc, sendEvent } from './ipc';
import { utilitySpawner } from './utility-spawner';
import { createMainWindow } from './window';

/** The Electron host: one hardened window, the shared services over IPC, trainers in utility processes. */
let mainWindow: BrowserWindow | null = null;

async function start() {
  const dataDir = process.env.AUTOML_DATA_DIR ?? join(app.getPath('userData'));
  const jobs = new WorkerClient<TrainerMethods>(utilitySpawner(join(__dirname, 'trainer.js')));
  const services = createServices({
    dataDir: dataDir || resolveDataDir(),
    jobs,
    host: 'electron',
    appVersion: APP_VERSION,
    emit: (event) => sendEvent(mainWindow?.webContents ?? null, event),
    dialogs: {
      saveFile: async (defaultName) => {
        const r = await dialog.showSaveDialog({
          defaultPath: defaultName,
          filters: [{ name: 'Zip bundle', extensions: ['zip'] }],
        });
        return r.canceled ? null : (r.filePath ?? null);
      },
      openFile: async (directory) => {
        const r = await dialog.showOpenDialog({
          properties: directory ? ['openDirectory'] : ['openFile'],
          filters: directory
            ? []
            : [{ name: 'Data', extensions: ['csv', 'tsv', 'txt', 'gz', 'parquet', 'json', 'jsonl', 'zip'] }],
        });
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      openFolder: async (path) => (await shell.openPath(path)) === '',
    },
  });
  bindIpc(createDispatcher(services.handlers));
  mainWindow = await createMainWindow(services.settings);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app
  .whenReady()
  .then(start)
  .catch((err) => {
    dialog.showErrorBox('AutoML Desktop could not start', err instanceof Error ? err.message : String(err));
    app.quit();
  });
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) void start();
});
