import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CodedError } from '@shared/errors';
import { currentLayout, findResourcesRoot, resourceRoots } from '../util/resources-root';

/** What the app knows about a bundled backbone (resources/backbones/<id>.json, written by scripts/backbone/convert.ts). */
export interface BackboneMeta {
  id: string;
  file: string;
  architecture: string;
  /** [height, width] the backbone takes. */
  inputSize: [number, number];
  layout: 'NHWC';
  channels: 'RGB';
  /** Backbone input = pixel (0..255) * scale + offset, computed in float32. */
  scale: number;
  offset: number;
  embeddingDim: number;
  embeddingLayer: string;
  source: string;
  licence: string;
}

export interface LoadedBackbone {
  meta: BackboneMeta;
  onnxPath: string;
}

/** The backbone chosen in bench/images (see /work/notes/images.md). */
export const DEFAULT_BACKBONE = 'mobilenet-v2-mid-nsfwjs';

/** resources/backbones: AUTOML_BACKBONES_DIR, else the bundled resources (engine/util/resources-root). */
export function backbonesDir(layout = currentLayout()): string {
  if (layout.env.AUTOML_BACKBONES_DIR) return layout.env.AUTOML_BACKBONES_DIR;
  const root = findResourcesRoot(join('backbones', `${DEFAULT_BACKBONE}.json`), layout);
  if (!root)
    throw new CodedError(
      'internal',
      `The bundled image backbone is missing (looked in ${resourceRoots(layout).join(', ')}). Reinstall the app.`,
    );
  return join(root, 'backbones');
}

export function loadBackbone(id: string = DEFAULT_BACKBONE, dir: string = backbonesDir()): LoadedBackbone {
  const metaPath = join(dir, `${id}.json`);
  if (!existsSync(metaPath)) throw new CodedError('model-not-found', `No backbone "${id}" in ${dir}.`);
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as BackboneMeta;
  return { meta, onnxPath: join(dir, meta.file) };
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/** Threads for ORT: the machine's cores, at most 4 (the trainer shares the box with the UI). */
export function ortThreads(): number {
  return Math.max(1, Math.min(4, cpus().length));
}

/** One cached ORT session per model file (creating one costs ~100 ms). */
export function getSession(onnxPath: string): Promise<ort.InferenceSession> {
  let s = sessions.get(onnxPath);
  if (!s) {
    s = ort.InferenceSession.create(onnxPath, { intraOpNumThreads: ortThreads(), interOpNumThreads: 1 });
    sessions.set(onnxPath, s);
    s.catch(() => sessions.delete(onnxPath));
  }
  return s;
}

/** Drops a cached session (e.g. before a model file is rewritten). */
export async function releaseSession(onnxPath: string): Promise<void> {
  const s = sessions.get(onnxPath);
  sessions.delete(onnxPath);
  if (s) await (await s).release();
}
