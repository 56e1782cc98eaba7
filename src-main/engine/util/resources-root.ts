import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where to look for the bundled `resources/` folder: what differs between a checkout, a build and an install. */
export interface ResourceLayout {
  /** AUTOML_RESOURCES_DIR and friends. */
  env: NodeJS.ProcessEnv;
  /** The folder of the running code: `out/main` when built (also inside app.asar), `src-main/engine/util` in source. */
  here: string;
  /** Electron's `process.resourcesPath` (the installed app's resources folder), when running under Electron. */
  resourcesPath?: string;
}

export function currentLayout(): ResourceLayout {
  const resourcesPath: unknown = Reflect.get(process, 'resourcesPath');
  return {
    env: process.env,
    here: __dirname,
    resourcesPath: typeof resourcesPath === 'string' ? resourcesPath : undefined,
  };
}

/**
 * Candidate `resources/` folders, in order: AUTOML_RESOURCES_DIR; next to the code (a build: out/main → repo
 * resources; an install: <resources>/app.asar/out/main → <resources>/resources, where electron-builder's
 * extraResources puts them; source: src-main/engine/util → repo resources); Electron's resourcesPath.
 */
export function resourceRoots(layout: ResourceLayout): string[] {
  const roots: string[] = [];
  if (layout.env.AUTOML_RESOURCES_DIR) roots.push(layout.env.AUTOML_RESOURCES_DIR);
  roots.push(resolve(layout.here, '../../resources'), resolve(layout.here, '../../../resources'));
  if (layout.resourcesPath) roots.push(join(layout.resourcesPath, 'resources'));
  return roots;
}

/** The first `resources/` folder holding `marker` (a path inside it), or null. */
export function findResourcesRoot(marker: string, layout: ResourceLayout = currentLayout()): string | null {
  return resourceRoots(layout).find((root) => existsSync(join(root, marker))) ?? null;
}
