import { dirname, join } from 'node:path';
import { decodeWeights, type StoredWeight, type WeightSpec } from './tfjs-weights';
import type { KerasLayer } from './tfjs-layers-to-onnx';

/** A tfjs layers model as the nsfwjs npm package ships it (topology + base64 weight shards in JS modules). */
export interface SourceModel {
  id: string;
  topology: Record<string, unknown>;
  layers: KerasLayer[];
  specs: WeightSpec[];
  buffer: Uint8Array;
  weights: Map<string, StoredWeight>;
  inputShape: [number, number, number];
  packageVersion: string;
}

/** Folder of the installed nsfwjs package's bundled models (the package's `exports` hides them from require). */
export function nsfwjsModelsDir(): string {
  return join(dirname(require.resolve('nsfwjs')), '..', 'models');
}

/** Loads `mobilenet_v2` or `inception_v3` from the installed nsfwjs package. Nothing is downloaded. */
export function loadNsfwjsModel(name: 'mobilenet_v2' | 'inception_v3'): SourceModel {
  const dir = join(nsfwjsModelsDir(), name);
  const json = require(join(dir, 'model.min.js')) as {
    modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
    weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }>;
  };
  const shards: Buffer[] = [];
  const specs: WeightSpec[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) shards.push(Buffer.from(require(join(dir, `${p}.min.js`)) as string, 'base64'));
    specs.push(...group.weights);
  }
  const buffer = new Uint8Array(Buffer.concat(shards));
  const layers = json.modelTopology.model_config.config.layers;
  const input = layers[0].config.batch_input_shape as number[];
  const version = (require(join(dir, '..', '..', '..', 'package.json')) as { version: string }).version;
  return {
    id: name,
    topology: json.modelTopology,
    layers,
    specs,
    buffer,
    weights: decodeWeights(specs, buffer),
    inputShape: [input[1], input[2], input[3]],
    packageVersion: version,
  };
}
