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

/** Extra environment for the host process; a key set to `undefined` is removed from the inherited environment. */
export type HostEnv = Record<string, string | undefined>;

/** Starts `node out/main/serve.js` on a random port with its own data dir and waits for its URL. */
async function startHost(dataDir: string, extraEnv: HostEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, AUTOML_DATA_DIR: dataDir };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn(process.execPath, [join(ROOT, 'out/main/serve.js'), '--port', '0'], {
    env,
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

export const test = base.extend<{ app: AppHost; hostEnv: HostEnv }>({
  /** Override per spec (e.g. `test.extend({ hostEnv: ... })`) to pass extra environment to the host. */
  hostEnv: [{}, { option: true }],
  app: async ({ hostEnv }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'automl-e2e-'));
    const shotsDir = join(ROOT, 'e2e-screens', testInfo.title.replace(/\W+/g, '-').toLowerCase());
    mkdirSync(shotsDir, { recursive: true });
    const { url, child } = await startHost(dataDir, hostEnv);
    await use({ url, dataDir, shotsDir });
    // The host is gone before its folder is: removing it while the host still wrote on its way out failed once
    // (ENOTEMPTY in cancel-resume). Retries cover a worker that outlives it by a moment.
    const exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(r, 10_000, false)),
    ]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  },
});

export { expect } from '@playwright/test';
