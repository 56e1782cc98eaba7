/**
 * One-off conversion of an nsfwjs tfjs layers model to an ONNX embedding backbone.
 *   npx tsx scripts/backbone/convert.ts [mobilenet-v2-mid-nsfwjs | other candidate id] [outDir]
 * Writes <outDir>/<id>.onnx and <id>.json (input size, normalisation, embedding size, source, licence).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadNsfwjsModel } from './nsfwjs-source';
import { convertLayersModel } from './tfjs-layers-to-onnx';
import type { BackboneMeta } from '../../src-main/engine/image/backbone';

export type { BackboneMeta };

/** Backbones this script can build; the first is the one shipped (chosen in bench/images, see notes/images.md). */
export const CANDIDATES = {
  'mobilenet-v2-mid-nsfwjs': {
    source: 'mobilenet_v2',
    outputLayers: ['block_6_expand_relu', 'block_13_expand_relu'],
    architecture: 'MobileNetV2 1.0 224 (nsfwjs), cut after block 13; pooled block 6 + block 13 expansions',
  },
  'mobilenet-v2-nsfwjs': {
    source: 'mobilenet_v2',
    outputLayers: ['flatten_1'],
    architecture: 'MobileNetV2 1.0 224 (nsfwjs), final 1280-d pooled layer',
  },
  'inception-v3-nsfwjs': {
    source: 'inception_v3',
    outputLayers: ['flatten_1'],
    architecture: 'InceptionV3 299 (nsfwjs), final 2048-d pooled layer',
  },
  'inception-v3-mid-nsfwjs': {
    source: 'inception_v3',
    outputLayers: ['mixed2', 'mixed7'],
    architecture: 'InceptionV3 299 (nsfwjs), cut after mixed7; pooled mixed2 + mixed7',
  },
} as const;
export type CandidateId = keyof typeof CANDIDATES;

export function convertNsfwjs(id: CandidateId, outDir: string): BackboneMeta {
  const spec = CANDIDATES[id];
  const src = loadNsfwjsModel(spec.source);
  const { bytes, embeddingDim } = convertLayersModel(src.layers, src.weights, {
    outputLayers: [...spec.outputLayers],
    inputShape: src.inputShape,
  });
  const meta: BackboneMeta = {
    id,
    file: `${id}.onnx`,
    architecture: spec.architecture,
    inputSize: [src.inputShape[0], src.inputShape[1]],
    layout: 'NHWC',
    channels: 'RGB',
    // nsfwjs feeds pixels divided by 255 and its weights were tuned with that range ([-1, 1] measured worse).
    scale: 1 / 255,
    offset: 0,
    embeddingDim,
    embeddingLayer: spec.outputLayers.join(' + '),
    source: `npm nsfwjs ${src.packageVersion} (dist/models/${spec.source})`,
    licence: 'MIT',
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, meta.file), bytes);
  writeFileSync(join(outDir, `${id}.json`), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

if (require.main === module) {
  const name = (process.argv[2] ?? 'mobilenet-v2-mid-nsfwjs') as CandidateId;
  if (!(name in CANDIDATES))
    throw new Error(`Unknown backbone ${name}; choose one of ${Object.keys(CANDIDATES).join(', ')}.`);
  const outDir = resolve(process.argv[3] ?? 'resources/backbones');
  const meta = convertNsfwjs(name, outDir);
  console.log(`wrote ${join(outDir, meta.file)} (embedding ${meta.embeddingDim})`);
}
