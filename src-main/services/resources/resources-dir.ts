import { currentLayout, findResourcesRoot, resourceRoots } from '../../engine/util/resources-root';

/** Where bundled resources live (see engine/util/resources-root for the layouts it knows). */
export function resourcesDir(layout = currentLayout()): string {
  const found = findResourcesRoot('samples/index.json', layout);
  if (!found) {
    throw new Error(
      `Bundled resources not found (looked in ${resourceRoots(layout).join(', ')}). Set AUTOML_RESOURCES_DIR.`,
    );
  }
  return found;
}
