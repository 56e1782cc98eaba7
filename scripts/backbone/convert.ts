/**
 * One-off conversion of an nsfwjs tfjs layers model to an ONNX embedding backbone.
 *   npx tsx scripts/backbone/convert.ts mobilenet_v2 [outDir]
 * Writes <outDir>/<id>.onnx and <id>.json (input size, normalisation, embedding size, source, licence).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadNsfwjsModel } from './nsfwjs-source';
import { convertLayersModel } from './tfjs-layers-to-onnx';

/** What the app needs to know about a backbone; mirrored by src-main/engine/image/backbone.ts. */
export interface BackboneMeta {
  id: string;
  file: string;
  architecture: string;
  /** [height, width] the backbone takes. */
  inputSize: [number, number];
  layout: 'NHWC';
  channels: 'RGB';
  /** Backbone input = pixel (0..255) * scale + offset. */
  scale: number;
  offset: number;
  embeddingDim: number;
  embeddingLayer: string;
  source: string;
  licence: string;
}

const SPECS = {
  mobilenet_v2: { id: 'mobilenet-v2-nsfwjs', architecture: 'MobileNetV2 1.0 224 (ImageNet weights fine-tuned by nsfwjs)' },
  inception_v3: { id: 'inception-v3-nsfwjs', architecture: 'InceptionV3 299 (ImageNet weights fine-tuned by nsfwjs)' },
} as const;

export function convertNsfwjs(name: keyof typeof SPECS, outDir: string): BackboneMeta {
  const src = loadNsfwjsModel(name);
  const { bytes, embeddingDim } = convertLayersModel(src.layers, src.weights, {
    outputLayer: 'flatten_1',
    inputShape: src.inputShape,
  });
  const spec = SPECS[name];
  const meta: BackboneMeta = {
    id: spec.id,
    file: `${spec.id}.onnx`,
    architecture: spec.architecture,
    inputSize: [src.inputShape[0], src.inputShape[1]],
    layout: 'NHWC',
    channels: 'RGB',
    // nsfwjs feeds pixels divided by 255; the fine-tuned weights expect that range.
    scale: 1 / 255,
    offset: 0,
    embeddingDim,
    embeddingLayer: 'flatten_1',
    source: `npm nsfwjs ${src.packageVersion} (dist/models/${name})`,
    licence: 'MIT',
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, meta.file), bytes);
  writeFileSync(join(outDir, `${spec.id}.json`), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

if (require.main === module) {
  const name = (process.argv[2] ?? 'mobilenet_v2') as keyof typeof SPECS;
  if (!(name in SPECS)) throw new Error(`Unknown model ${name}; choose one of ${Object.keys(SPECS).join(', ')}.`);
  const outDir = resolve(process.argv[3] ?? 'resources/backbones');
  const meta = convertNsfwjs(name, outDir);
  console.log(`wrote ${join(outDir, meta.file)} (embedding ${meta.embeddingDim})`);
}
