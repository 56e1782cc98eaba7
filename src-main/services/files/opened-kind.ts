import { stat, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import JSZip from 'jszip';
import type { OpenedKind } from '@shared/commands';

/** Our bundles are small (an image model with its backbone is ~15 MB); a bigger zip is read as data. */
const MAX_BUNDLE_BYTES = 256 * 2 ** 20;

/**
 * Whether a file the person opened is one of our model bundles (a zip holding model.json and model.onnx, or a
 * forecast's model.json) or data to import (anything else: tables, image folders, zips of images).
 */
export async function openedKind(path: string): Promise<OpenedKind> {
  if (extname(path).toLowerCase() !== '.zip') return 'data';
  const info = await stat(path).catch(() => null);
  if (!info?.isFile() || info.size > MAX_BUNDLE_BYTES) return 'data';
  try {
    const zip = await JSZip.loadAsync(await readFile(path));
    return zip.file('model.json') ? 'bundle' : 'data';
  } catch {
    // Not a readable zip: importing it will say what is wrong.
    return 'data';
  }
}
