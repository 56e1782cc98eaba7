/**
 * Entry for `npx tsx bench/onnx/index.ts [rows] [--file]` (see run.ts). The root tsconfig.json has no
 * `paths`, so plain `npx tsx` cannot resolve the engine's `@shared/...` imports; this maps them onto
 * src-shared before loading the benchmark (equivalent to `npx tsx --tsconfig tsconfig.node.json bench/onnx/run.ts`).
 */
import Module from 'node:module';
import { join } from 'node:path';

const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
  const mapped = request.startsWith('@shared/')
    ? join(__dirname, '../../src-shared', request.slice('@shared/'.length))
    : request;
  return resolve.call(this, mapped, ...rest);
};
require('./run');
