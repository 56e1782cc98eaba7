import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';

export interface AppHost {
  url: string;
  dataDir: string;
  shotsDir: string;
}

const ROOT = resolve(__dirname, '..');

/** Starts `node out/main/serve.js` on a random port with its own data dir and waits for its URL. */
async function startHost(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'out/main/serve.js'), '--port', '0'], {
    env: { ...process.env, AUTOML_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)));
  });
  return { url, child };
}

export const test = base.extend<{ app: AppHost }>({
  app: async ({}, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'automl-e2e-'));
    const shotsDir = join(ROOT, 'e2e-screens', testInfo.title.replace(/\W+/g, '-').toLowerCase());
    mkdirSync(shotsDir, { recursive: true });
    const { url, child } = await startHost(dataDir);
    await use({ url, dataDir, shotsDir });
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
