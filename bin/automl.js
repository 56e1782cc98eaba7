#!/usr/bin/env node
// Entry for `npx automl`: runs the built CLI (npm run build writes out/main/cli.js).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('automl: the app is not built yet. Run `npm run build` first.\n');
  process.exit(1);
}
require(cli);
