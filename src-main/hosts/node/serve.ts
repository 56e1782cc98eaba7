import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../../services/store/data-dir';
import { WorkerClient } from '../../workers/client';
import { forkSpawner } from '../../workers/fork-spawner';
import type { TrainerMethods } from '../../workers/trainer-methods';
import { APP_VERSION } from '../../services/app/version';
import { startNodeHost } from './node-host';

/** `npm run serve`: the app in any browser on this machine, over loopback, with a per-launch token. */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const dataDir = values['data-dir'] ?? resolveDataDir();
  const jobs = new WorkerClient<TrainerMethods>(
    forkSpawner(resolve(__dirname, 'trainer.js'), { maxOldSpaceMb: Number(process.env.AUTOML_WORKER_HEAP_MB ?? 8192) }),
  );
  const host = await startNodeHost({
    dataDir,
    rendererDir: resolve(__dirname, '../renderer'),
    jobs,
    appVersion: APP_VERSION,
    port: values.port ? Number(values.port) : Number(process.env.AUTOML_PORT ?? 0),
    token: process.env.AUTOML_TOKEN,
  });
  console.log(`AutoML Desktop is running. Open this address in your browser:\n${host.url}`);
  console.log(`Data folder: ${dataDir}`);
  if (values.open) {
    const { spawn } = await import('node:child_process');
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start' : 'xdg-open';
    spawn(opener, [host.url], { stdio: 'ignore', detached: true, shell: process.platform === 'win32' })
      .on('error', () => undefined)
      .unref();
  }
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`AutoML Desktop could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
