import type { Configuration } from 'electron-builder';

/**
 * Installers from `npm run dist` (electron-builder, run on each OS for its own installers: the native modules in
 * node_modules are that OS's): Linux AppImage and deb, Windows NSIS, macOS dmg.
 *
 * electron-builder rather than Electron Forge: one declarative file covers all four targets (Forge has no NSIS
 * maker and no official AppImage maker), `asarUnpack` and `extraResources` say exactly where the native modules
 * and the bundled data go, and file associations are one list for every OS.
 *
 * Layout of the installed app (what src-main/engine/util/resources-root.ts finds):
 *   <resources>/app.asar/out/{main,preload,renderer}   the built app (npm run build)
 *   <resources>/app.asar.unpacked/node_modules/...     onnxruntime, sharp, DuckDB and the tfjs wasm, as real files
 *   <resources>/resources/{samples,backbones}          the bundled data and the image backbone
 */
/** The built app (npm run build) and package.json; production node_modules are added by electron-builder. */
export const APP_FILES = ['out/**/*', 'package.json', '!**/*.map'];

/**
 * An OS's `files`: the app's, minus other OSes' onnxruntime binaries (it ships all of them, about 290 MB).
 * A platform's `files` replaces the top-level list in electron-builder, so it repeats APP_FILES.
 */
const filesFor = (os: 'linux' | 'win32' | 'darwin') => [
  ...APP_FILES,
  ...(['linux', 'win32', 'darwin'] as const)
    .filter((other) => other !== os)
    .map((other) => `!**/node_modules/onnxruntime-node/bin/napi-v*/${other}/**`),
];

const config: Configuration = {
  appId: 'org.automl-desktop.app',
  productName: 'AutoML Desktop',
  copyright: 'Copyright © AutoML Desktop contributors',
  directories: { output: 'dist', buildResources: 'build' },
  files: APP_FILES,
  extraResources: [{ from: 'resources', to: 'resources', filter: ['**/*', '!README.md'] }],
  asar: true,
  // Native code cannot be loaded from inside an asar archive; DuckDB and onnxruntime also dlopen their
  // shared libraries next to the .node file, and tfjs reads its .wasm by path.
  asarUnpack: [
    '**/node_modules/onnxruntime-node/**',
    '**/node_modules/sharp/**',
    '**/node_modules/@img/**',
    '**/node_modules/@duckdb/**',
    '**/node_modules/@tensorflow/tfjs-backend-wasm/**/*.wasm',
  ],
  // All three ship N-API prebuilds that load in Electron as they are: no rebuild (which would need a compiler).
  npmRebuild: false,
  // The app opens these from the file manager (Open With); "Alternate" so it never takes .zip or .csv over.
  fileAssociations: [
    { ext: 'csv', name: 'CSV data', mimeType: 'text/csv', role: 'Viewer', rank: 'Alternate' },
    { ext: 'tsv', name: 'TSV data', mimeType: 'text/tab-separated-values', role: 'Viewer', rank: 'Alternate' },
    {
      ext: 'parquet',
      name: 'Parquet data',
      mimeType: 'application/vnd.apache.parquet',
      role: 'Viewer',
      rank: 'Alternate',
    },
    {
      ext: 'zip',
      name: 'AutoML model bundle',
      description: 'A model exported by AutoML Desktop (model.onnx, model.json, notebook, report)',
      mimeType: 'application/zip',
      role: 'Viewer',
      rank: 'Alternate',
    },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    executableName: 'automl-desktop',
    // The deb's Maintainer field (electron-builder otherwise wants an author email in package.json).
    maintainer: 'AutoML Desktop contributors',
    files: filesFor('linux'),
    icon: 'build/icon.png',
    synopsis: 'Local AutoML: your data and a question in, a model, notebook and report out',
  },
  deb: { packageCategory: 'science' },
  win: { target: ['nsis'], icon: 'build/icon.png', files: filesFor('win32') },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.png',
    files: filesFor('darwin'),
  },
};

export default config;
