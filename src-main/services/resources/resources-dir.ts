import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where bundled resources live: AUTOML_RESOURCES_DIR, else the repo's `resources/` found from this file
 * (built: out/main/*.js; source: src-main/services/resources/*.ts), else Electron's resourcesPath.
 */
export function resourcesDir(): string {
  if (process.env.AUTOML_RESOURCES_DIR) return process.env.AUTOML_RESOURCES_DIR;
  const candidates = [resolve(__dirname, '../../resources'), resolve(__dirname, '../../../resources')];
  const electronResources = (process as unknown as { resourcesPath?: string }).resourcesPath;
  if (electronResources) candidates.push(join(electronResources, 'resources'));
  const found = candidates.find((c) => existsSync(join(c, 'samples', 'index.json')));
  if (!found) throw new Error(`Bundled resources not found (looked in ${candidates.join(', ')}). Set AUTOML_RESOURCES_DIR.`);
  return found;
}
