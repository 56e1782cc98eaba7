import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../electron-builder.config';
import { resourcesDir } from '../src-main/services/resources/resources-dir';
import { backbonesDir, DEFAULT_BACKBONE } from '../src-main/engine/image/backbone';

/**
 * The installers cannot be built here (electron-builder downloads Electron and its tools), so this checks what
 * can be: electron-builder reads and accepts the config, everything it names exists, the native modules are
 * unpacked from the asar, and the app finds its resources in the installed layout.
 */
const ROOT = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

/** Files of production dependencies that are native code or wasm (what must live outside app.asar). */
function nativeFiles(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (/\.(node|wasm|dylib|dll)$|\.so(\.\d+)*$/.test(entry.name)) found.push(path);
    }
  };
  for (const [path, info] of Object.entries(lock.packages)) {
    if (path.startsWith('node_modules/') && !info.dev && !info.devOptional && existsSync(join(ROOT, path))) {
      walk(join(ROOT, path));
    }
  }
  return found;
}

/** electron-builder's own matcher over `patterns`, as it filters the app's files. */
function matcher(patterns: string[]) {
  const filter = new FileMatcher(ROOT, ROOT, (p) => p, patterns).createFilter();
  return (path: string) => filter(path, statSync(path)) !== false;
}

describe('packaging config (electron-builder)', () => {
  it('is what electron-builder loads for `npm run dist`, and passes its schema', async () => {
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder --config electron-builder.config.ts');
    const loaded = await getConfig(ROOT, 'electron-builder.config.ts', null);
    expect(loaded).toMatchObject({ appId: config.appId, asarUnpack: config.asarUnpack });
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    // The schema check is real: a misspelt option is refused.
    await expect(
      validateConfiguration(Object.assign({ asarUnpak: ['x'] }, loaded), new DebugLogger(false)),
    ).rejects.toThrow(/asarUnpak/);
  });

  it('builds AppImage and deb, NSIS and dmg, with the file associations the app handles', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    const exts = (config.fileAssociations as Array<{ ext: string; rank?: string }>).map((a) => a.ext);
    expect(exts).toEqual(expect.arrayContaining(['csv', 'zip']));
    // Never the default handler of someone's CSVs or zips.
    expect((config.fileAssociations as Array<{ rank?: string }>).every((a) => a.rank === 'Alternate')).toBe(true);
  });

  it('names files that exist: icons, resources, and the entry the build writes', () => {
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      expect(existsSync(join(ROOT, String(icon))), String(icon)).toBe(true);
    }
    const extra = config.extraResources as Array<{ from: string; to: string }>;
    expect(extra).toEqual([expect.objectContaining({ from: 'resources', to: 'resources' })]);
    expect(existsSync(join(ROOT, 'resources', 'samples', 'index.json'))).toBe(true);
    expect(existsSync(join(ROOT, 'resources', 'backbones', `${DEFAULT_BACKBONE}.json`))).toBe(true);
    expect(pkg.main).toBe('out/main/index.js');
    if (!existsSync(join(ROOT, 'out/main/index.js'))) throw new Error('Build first: npm run build (npm test does it).');
    // A platform's `files` replaces the top-level list: each must still take the built app and nothing else.
    for (const files of [config.files, config.linux?.files, config.win?.files, config.mac?.files]) {
      const take = matcher(files as string[]);
      for (const built of [
        'out/main/index.js',
        'out/main/trainer.js',
        'out/preload/index.js',
        'out/renderer/index.html',
      ]) {
        expect(take(join(ROOT, built)), built).toBe(true);
      }
      for (const source of [
        'src-main/hosts/electron/index.ts',
        'e2e/fixtures.ts',
        'README.md',
        'resources/README.md',
      ]) {
        expect(take(join(ROOT, source)), source).toBe(false);
      }
      const maps = readdirSync(join(ROOT, 'out/main')).filter((f) => f.endsWith('.map'));
      for (const map of maps) expect(take(join(ROOT, 'out/main', map))).toBe(false);
    }
  });

  it('unpacks every native module and wasm file of the app from the asar (onnxruntime, sharp, DuckDB, tfjs)', () => {
    const native = nativeFiles();
    const names = native.map((f) => relative(ROOT, f));
    for (const must of [
      /onnxruntime_binding\.node$/,
      /duckdb\.node$/,
      /sharp-.*\.node$/,
      /libvips-cpp\.so/,
      /\.wasm$/,
    ]) {
      expect(
        names.some((n) => must.test(n)),
        String(must),
      ).toBe(true);
    }
    const unpacked = matcher(config.asarUnpack as string[]);
    const packed = native.filter((f) => !unpacked(f)).map((f) => relative(ROOT, f));
    expect(packed).toEqual([]);
    // The app's own code stays in the archive.
    expect(unpacked(join(ROOT, 'node_modules/jszip/package.json'))).toBe(false);
  });

  it('keeps only its own OS’s onnxruntime binaries in each installer', () => {
    const ort = nativeFiles().filter((f) => f.includes('onnxruntime-node'));
    for (const [os, files] of [
      ['linux', config.linux?.files],
      ['win32', config.win?.files],
      ['darwin', config.mac?.files],
    ] as const) {
      // node_modules go through `**/*` followed by the platform's files (electron-builder's nodeModuleFilePatterns).
      const kept = matcher(['**/*', ...(files as string[])]);
      for (const f of ort) expect(kept(f), `${os}: ${relative(ROOT, f)}`).toBe(f.includes(`/${os}/`));
    }
  });
});

describe('resources in the installed layout', () => {
  const install = mkdtempSync(join(tmpdir(), 'automl-installed-'));
  afterAll(() => rmSync(install, { recursive: true, force: true }));
  // <install>/resources/app.asar/out/main holds the code; extraResources put the data in <install>/resources/resources.
  const resourcesPath = join(install, 'resources');
  const here = join(resourcesPath, 'app.asar', 'out', 'main');
  mkdirSync(here, { recursive: true });
  mkdirSync(join(resourcesPath, 'resources', 'samples'), { recursive: true });
  mkdirSync(join(resourcesPath, 'resources', 'backbones'), { recursive: true });
  writeFileSync(join(resourcesPath, 'resources', 'samples', 'index.json'), '[]');
  writeFileSync(join(resourcesPath, 'resources', 'backbones', `${DEFAULT_BACKBONE}.json`), '{}');

  it('finds samples and the backbone from the main process and from the trainer (same folder)', () => {
    const layout = { env: {}, here, resourcesPath };
    expect(resourcesDir(layout)).toBe(join(resourcesPath, 'resources'));
    expect(backbonesDir(layout)).toBe(join(resourcesPath, 'resources', 'backbones'));
  });

  it('finds them from Electron’s resourcesPath alone, and an override wins', () => {
    const elsewhere = join(install, 'some', 'other', 'place');
    expect(resourcesDir({ env: {}, here: elsewhere, resourcesPath })).toBe(join(resourcesPath, 'resources'));
    expect(resourcesDir({ env: { AUTOML_RESOURCES_DIR: join(ROOT, 'resources') }, here, resourcesPath })).toBe(
      join(ROOT, 'resources'),
    );
    expect(() => resourcesDir({ env: {}, here: elsewhere })).toThrow(/Bundled resources not found/);
  });
});
