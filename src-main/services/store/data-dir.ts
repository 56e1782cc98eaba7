import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's data folder: AUTOML_DATA_DIR when set (tests give each test its own), else the OS app-data folder. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.AUTOML_DATA_DIR) return env.AUTOML_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'AutoML Desktop');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'AutoML Desktop');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'automl-desktop');
}
