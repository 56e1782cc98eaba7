/**
 * Unpacks an exported bundle (zip) safely so it can be scored: every entry must stay inside `destDir`
 * (no absolute paths, `..`, drive letters, backslashes or symlinks), and entry count and sizes are capped
 * while decompressing (a zip bomb stops at the cap, whatever its headers claim).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import JSZip from 'jszip';
import { CodedError } from '@shared/errors';
import { parseModelJson } from '../pipeline/model-json';
import type { BundleModelJson } from '../artifacts/model-json';
import { BUNDLE_FILES } from '../artifacts/files';

export interface BundleLimits {
  maxZipBytes: number;
  maxEntries: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

const GiB = 1024 ** 3;
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxZipBytes: GiB,
  maxEntries: 200,
  maxFileBytes: GiB,
  maxTotalBytes: 2 * GiB,
};

function unsafe(name: string, why: string): CodedError {
  return new CodedError(
    'zip-unsafe',
    `Refusing bundle entry "${name}": ${why}. The file was not unpacked; export the bundle again from the app.`,
    { name },
  );
}

/** The path an entry unpacks to, or a zip-unsafe error. */
export function entryTarget(destDir: string, name: string): string {
  if (/[\u0000-\u001f]/.test(name)) throw unsafe(name, 'its name contains control characters');
  if (name.includes('\\')) throw unsafe(name, 'its name contains a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw unsafe(name, 'its name is an absolute path');
  if (name.split('/').some((s) => s === '..')) throw unsafe(name, 'its name climbs out of the folder with ".."');
  const root = resolve(destDir);
  const target = resolve(root, name);
  if (!target.startsWith(root + sep)) throw unsafe(name, 'it would be written outside the destination folder');
  return target;
}

function tooBig(what: string, limit: number): CodedError {
  return new CodedError(
    'limit-exceeded',
    `The bundle is too large to open: ${what} exceeds ${(limit / 1024 ** 2).toFixed(0)} MB. Export a smaller model, or unpack it yourself and score model.onnx directly.`,
  );
}

export async function openBundle(
  zipPath: string,
  destDir: string,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): Promise<{ dir: string; modelJson: BundleModelJson; onnxPath: string }> {
  let size: number;
  try {
    size = (await stat(zipPath)).size;
  } catch {
    throw new CodedError(
      'file-not-found',
      `Bundle '${zipPath}' was not found. Check the path, or export the model again.`,
      { path: zipPath },
    );
  }
  if (size > limits.maxZipBytes) throw tooBig('the zip file', limits.maxZipBytes);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await readFile(zipPath));
  } catch (err) {
    throw new CodedError(
      'unsupported-format',
      `'${zipPath}' is not a readable zip (${(err as Error).message}). Pick the .zip the app exported.`,
      { path: zipPath },
    );
  }
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries)
    throw new CodedError(
      'limit-exceeded',
      `The bundle has ${entries.length} entries; at most ${limits.maxEntries} are accepted. Pick the .zip the app exported.`,
    );
  // Check every name before writing anything.
  const plan = entries.map((e) => {
    const name = (e as unknown as { unsafeOriginalName?: string }).unsafeOriginalName ?? e.name;
    const mode = typeof e.unixPermissions === 'number' ? e.unixPermissions : 0;
    if ((mode & 0o170000) === 0o120000) throw unsafe(name, 'it is a symbolic link');
    return { entry: e, name, target: entryTarget(destDir, name.replace(/\/$/, '') || '.') };
  });
  await mkdir(destDir, { recursive: true });
  let total = 0;
  for (const { entry, name, target } of plan) {
    if (entry.dir) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    let written = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        written += chunk.length;
        total += chunk.length;
        if (written > limits.maxFileBytes) return done(tooBig(`entry "${name}"`, limits.maxFileBytes));
        if (total > limits.maxTotalBytes) return done(tooBig('the unpacked bundle', limits.maxTotalBytes));
        done(null, chunk);
      },
    });
    await pipeline(entry.nodeStream('nodebuffer'), counter, createWriteStream(target));
  }
  const names = plan.filter((p) => !p.entry.dir).map((p) => p.name);
  const jsonName = names.includes(BUNDLE_FILES.modelJson)
    ? BUNDLE_FILES.modelJson
    : names.find((n) => /^[^/]+\/model\.json$/.test(n));
  if (!jsonName)
    throw new CodedError(
      'invalid-input',
      `'${zipPath}' has no model.json. Pick a bundle exported by the app (automl run --out bundle.zip).`,
    );
  const dir = dirname(join(resolve(destDir), jsonName));
  const onnxPath = join(dir, BUNDLE_FILES.onnx);
  const modelJson = parseModelJson(
    await readFile(join(dir, BUNDLE_FILES.modelJson), 'utf8'),
    `model.json in '${zipPath}'`,
  );
  try {
    await stat(onnxPath);
  } catch {
    throw new CodedError(
      'invalid-input',
      `'${zipPath}' has model.json but no model.onnx beside it. Export the model again.`,
    );
  }
  return { dir, modelJson, onnxPath };
}
