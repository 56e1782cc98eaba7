// Fetch Electron's binary when the network allows it; never fail the install when it does not
// (CI and offline machines run the Node host, which needs no Electron binary).
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const installer = path.join(__dirname, '..', 'node_modules', 'electron', 'install.js');
if (process.env.AUTOML_SKIP_ELECTRON_DOWNLOAD || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installer))
  process.exit(0);
const result = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 120_000 });
if (result.status !== 0) {
  console.log('[automl] Electron binary not downloaded (offline?). `npm run serve` works without it.');
}
process.exit(0);
