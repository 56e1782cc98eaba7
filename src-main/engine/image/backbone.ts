import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CodedError } from '@shared/errors';

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

/** resources/backbones: AUTOML_BACKBONES_DIR, AUTOML_RESOURCES_DIR, the repo (source or built), or Electron's resourcesPath. */
export function backbonesDir(): string {
  if (process.env.AUTOML_BACKBONES_DIR) return process.env.AUTOML_BACKBONES_DIR;
  const candidates: string[] = [];
  if (process.env.AUTOML_RESOURCES_DIR) candidates.push(join(process.env.AUTOML_RESOURCES_DIR, 'backbones'));
  candidates.push(resolve(__dirname, '../../../resources/backbones'), resolve(__dirname, '../../resources/backbones'));
  const electronResources = (process as unknown as { resourcesPath?: string }).resourcesPath;
  if (electronResources) candidates.push(join(electronResources, 'resources', 'backbones'));
  const found = candidates.find((c) => existsSync(join(c, `${DEFAULT_BACKBONE}.json`)));
  if (!found)
    throw new CodedError(
      'internal',
      `The bundled image backbone is missing (looked in ${candidates.join(', ')}). Reinstall the app.`,
    );
  return found;
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
