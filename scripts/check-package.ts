/**
 * `npm run dist:check` (Linux): packages the app with electron-builder's `dir` target around a stand-in Electron
 * (no download; Electron itself cannot run here), checks the installed layout, then runs the packaged code with
 * plain Node: the command line trains and exports a table model and an image model from the bundled samples.
 * That proves the installer holds every runtime dependency, unpacked native modules that load, and resources
 * where the app looks for them. Not part of `npm test` (about two minutes, 300 MB written under dist/).
 */
import { extractAll, listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

if (process.platform !== 'linux')
  throw new Error('dist:check packages for Linux only (the stand-in Electron is a Linux one).');
if (!existsSync(join(ROOT, 'out/main/index.js'))) throw new Error('Build first: npm run build.');

const work = mkdtempSync(join(tmpdir(), 'automl-dist-check-'));
try {
  // A stand-in for Electron's Linux distribution: electron-builder copies it and renames the binary.
  const electronDist = join(work, 'electron');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in Electron"\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const version = (
    JSON.parse(run('node', ['-p', 'JSON.stringify(require("electron/package.json").version)']).out) as string
  ).trim();
  const built = run('npx', [
    'electron-builder',
    '--config',
    'electron-builder.config.ts',
    '--linux',
    'dir',
    `-c.electronDist=${electronDist}`,
    `-c.electronVersion=${version}`,
  ]);
  check(built.status === 0, 'electron-builder packs the app (dir target)');
  if (built.status !== 0) throw new Error(built.out);

  const resources = join(ROOT, 'dist/linux-unpacked/resources');
  const asar = join(resources, 'app.asar');
  const inside = listPackage(asar, { isPack: false });
  check(
    inside.includes('/out/main/index.js') && inside.includes('/out/renderer/index.html'),
    'the built app is in app.asar',
  );
  check(!inside.some((f) => /^\/(src-|e2e|bench|scripts|docs)/.test(f)), 'no sources, tests or benchmarks in app.asar');
  const unpacked = join(resources, 'app.asar.unpacked/node_modules');
  for (const native of [
    'onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
    '@duckdb/node-bindings-linux-x64/duckdb.node',
    '@img/sharp-linux-x64',
    '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  ]) {
    check(existsSync(join(unpacked, native)), `unpacked: ${native}`);
  }
  const ortOses = readdirSync(join(unpacked, 'onnxruntime-node/bin/napi-v6'));
  check(ortOses.join() === 'linux', `onnxruntime binaries for Linux only (found: ${ortOses.join(', ')})`);
  check(existsSync(join(resources, 'resources/samples/index.json')), 'samples in <resources>/resources');
  check(existsSync(join(resources, 'resources/backbones')), 'image backbone in <resources>/resources');

  // Run the packaged code with plain Node: the archive unpacked to a folder (what Electron reads transparently).
  const app = join(work, 'installed/resources');
  mkdirSync(app, { recursive: true });
  extractAll(asar, join(app, 'app'));
  cpSync(join(resources, 'app.asar.unpacked'), join(app, 'app'), { recursive: true });
  cpSync(join(resources, 'resources'), join(app, 'resources'), { recursive: true });
  const cli = join(app, 'app/out/main/cli.js');
  const env = { AUTOML_DATA_DIR: join(work, 'data') };
  const samples = join(app, 'resources/samples');
  const table = run(
    'node',
    [
      cli,
      'run',
      join(samples, 'penguins.csv'),
      '--goal',
      'predict the species',
      '--budget',
      '10',
      '--out',
      join(work, 'penguins.zip'),
    ],
    env,
  );
  check(table.status === 0 && existsSync(join(work, 'penguins.zip')), 'packaged CLI trains and exports a table model');
  if (table.status !== 0) console.log(table.out.slice(-2000));
  const images = run(
    'node',
    [
      cli,
      'run',
      join(samples, 'images/fashion'),
      '--task',
      'image',
      '--budget',
      '10',
      '--out',
      join(work, 'fashion.zip'),
    ],
    env,
  );
  check(
    images.status === 0 && existsSync(join(work, 'fashion.zip')),
    'packaged CLI trains an image model (sharp, backbone)',
  );
  if (images.status !== 0) console.log(images.out.slice(-2000));
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`\n${failures.length} check(s) failed.`);
  process.exit(1);
}
console.log('\nThe packaged layout holds everything the app needs.');
