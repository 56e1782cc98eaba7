import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** Runs the built `automl` command against the app's data folder (same registry) and returns its stdout. */
export function automl(dataDir: string, args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/automl.js'), ...args], {
    env: { ...process.env, AUTOML_DATA_DIR: dataDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
