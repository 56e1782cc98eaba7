/**
 * Unpacks an exported bundle (zip) safely so it can be scored: every entry must stay inside `destDir`
 * (no absolute paths, `..`, drive letters or symlinks), and entry count and sizes are capped while
 * decompressing (a zip bomb stops at the cap, whatever its headers claim): see extractZipSafely.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CodedError } from '@shared/errors';
import { parseModelJson } from '../pipeline/model-json';
import type { BundleModelJson } from '../artifacts/model-json';
import { BUNDLE_FILES } from '../artifacts/files';
import { extractZipSafely } from '../util/safe-unzip';

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
  if (size > limits.maxZipBytes) {
    throw new CodedError(
      'limit-exceeded',
      `The bundle is larger than ${(limits.maxZipBytes / 1024 ** 2).toFixed(0)} MB, the most the app opens. Unpack it yourself and score model.onnx directly.`,
    );
  }
  let names: string[];
  try {
    names = await extractZipSafely(zipPath, destDir, {
      maxFiles: limits.maxEntries,
      maxFileBytes: limits.maxFileBytes,
      maxBytes: limits.maxTotalBytes,
    });
  } catch (err) {
    if (err instanceof CodedError && err.detail?.unreadable) {
      throw new CodedError(
        'unsupported-format',
        `'${zipPath}' is not a readable zip: it is damaged or not a zip file. Pick the .zip the app exported.`,
        { path: zipPath },
      );
    }
    throw err;
  }
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
  // Forecast and anomaly bundles keep their fitted parameters in model.json; the other tasks score through model.onnx.
  if (modelJson.task === 'forecast' || modelJson.task === 'anomaly') return { dir, modelJson, onnxPath: '' };
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
