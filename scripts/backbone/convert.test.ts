import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWeights, type WeightSpec } from './tfjs-weights';
import { convertLayersModel, type KerasLayer } from './tfjs-layers-to-onnx';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function ortRun(bytes: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes);
  const out = await s.run({ input: new ort.Tensor('float32', x, shape) });
  return out.embedding.data as Float32Array;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Re-encodes float weights as uint8 with min/scale, the way nsfwjs ships them. */
function quantise(specs: WeightSpec[], data: Float32Array): { specs: WeightSpec[]; bytes: Uint8Array } {
  let at = 0;
  const out: number[] = [];
  const qs = specs.map((s) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const v = data.subarray(at, at + n);
    at += n;
    const min = Math.min(...v);
    const scale = (Math.max(...v) - min) / 255 || 1;
    for (const x of v) out.push(Math.round((x - min) / scale));
    return { ...s, quantization: { dtype: 'uint8', min, scale } };
  });
  return { specs: qs, bytes: Uint8Array.from(out) };
}

describe('tfjs layers → ONNX converter', () => {
  it('matches tfjs on a small net with every supported layer type (float and uint8 weights)', async () => {
    const input = tf.input({ shape: [17, 17, 3] });
    const pad = tf.layers
      .zeroPadding2d({
        padding: [
          [0, 1],
          [0, 1],
        ],
      })
      .apply(input) as tf.SymbolicTensor;
    const c1 = tf.layers
      .conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', useBias: false })
      .apply(pad) as tf.SymbolicTensor;
    const bn1 = tf.layers.batchNormalization({ epsilon: 1e-3 }).apply(c1) as tf.SymbolicTensor;
    const r1 = tf.layers.reLU({ maxValue: 6 }).apply(bn1) as tf.SymbolicTensor;
    const dw = tf.layers
      .depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, useBias: false })
      .apply(r1) as tf.SymbolicTensor;
    const bn2 = tf.layers.batchNormalization({ scale: false }).apply(dw) as tf.SymbolicTensor;
    const a2 = tf.layers.activation({ activation: 'relu' }).apply(bn2) as tf.SymbolicTensor;
    const c2 = tf.layers.conv2d({ filters: 16, kernelSize: 1, padding: 'same' }).apply(r1) as tf.SymbolicTensor;
    const add = tf.layers.add().apply([a2, c2]) as tf.SymbolicTensor;
    const c3 = tf.layers
      .conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })
      .apply(add) as tf.SymbolicTensor;
    const mp = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(add) as tf.SymbolicTensor;
    const cat = tf.layers.concatenate().apply([c3, mp]) as tf.SymbolicTensor;
    const ap = tf.layers.averagePooling2d({ poolSize: 2, strides: 1 }).apply(cat) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(ap) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 5, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({}).apply(cat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: [dense, gap] });
    // Non-trivial batch-norm statistics so folding mistakes show.
    for (const w of model.weights)
      if (/moving_variance/.test(w.name)) w.write(tf.randomUniform(w.shape as number[], 0.5, 2, 'float32', 1));
    for (const w of model.weights)
      if (/moving_mean|beta|gamma/.test(w.name))
        w.write(tf.randomUniform(w.shape as number[], -0.5, 1.5, 'float32', 2));
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(
        async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
      ),
    );
    const a = artifacts as tf.io.ModelArtifacts;
    const topo = a.modelTopology as { config: { layers: KerasLayer[] } };
    const specs = a.weightSpecs as WeightSpec[];
    const floatBytes = new Uint8Array(a.weightData as ArrayBuffer);
    const x = Float32Array.from({ length: 2 * 17 * 17 * 3 }, (_, i) => Math.sin(i * 0.37));
    const q = quantise(specs, new Float32Array(floatBytes.buffer));
    for (const variant of [{ specs, bytes: floatBytes }, q]) {
      const ref = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: a.modelTopology,
          weightSpecs: variant.specs as tf.io.WeightsManifestEntry[],
          weightData: variant.bytes.slice().buffer,
        }),
      );
      const [probs, pooled] = ref.predict(tf.tensor4d(x, [2, 17, 17, 3])) as tf.Tensor[];
      const weights = decodeWeights(variant.specs, variant.bytes);
      const layers = topo.config.layers;
      const toDense = convertLayersModel(layers, weights, {
        outputLayers: [dense.sourceLayer.name],
        inputShape: [17, 17, 3],
      });
      expect(toDense.embeddingDim).toBe(5);
      expect(maxDiff(await ortRun(toDense.bytes, x, [2, 17, 17, 3]), probs.dataSync())).toBeLessThan(1e-5);
      const toGap = convertLayersModel(layers, weights, {
        outputLayers: [gap.sourceLayer.name],
        inputShape: [17, 17, 3],
      });
      expect(maxDiff(await ortRun(toGap.bytes, x, [2, 17, 17, 3]), pooled.dataSync())).toBeLessThan(1e-5);
      // Multi-level: a flat layer plus a pooled 4-D layer, concatenated.
      const multi = convertLayersModel(layers, weights, {
        outputLayers: [dense.sourceLayer.name, add.sourceLayer.name],
        inputShape: [17, 17, 3],
      });
      expect(multi.embeddingDim).toBe(5 + 16);
      const addRef = tf.model({
        inputs: ref.inputs,
        outputs: ref.getLayer(add.sourceLayer.name).output as tf.SymbolicTensor,
      });
      const addPooled = tf.mean(addRef.predict(tf.tensor4d(x, [2, 17, 17, 3])) as tf.Tensor, [1, 2]);
      const expected = tf.concat([probs, addPooled], 1).dataSync();
      expect(maxDiff(await ortRun(multi.bytes, x, [2, 17, 17, 3]), expected)).toBeLessThan(1e-5);
    }
  });

  it('rejects layer types it cannot convert, with the layer named', () => {
    const layers = [
      { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 4, 4, 3] }, inbound_nodes: [] },
      { class_name: 'LSTM', name: 'rnn', config: {}, inbound_nodes: [[['in', 0, 0, {}]]] },
    ] as KerasLayer[];
    expect(() => convertLayersModel(layers, new Map(), { outputLayers: ['rnn'], inputShape: [4, 4, 3] })).toThrow(
      /LSTM \(rnn\)/,
    );
  });
});

const nsfwjsInstalled = (() => {
  try {
    require.resolve('nsfwjs');
    return true;
  } catch {
    return false;
  }
})();
const shipped = join(__dirname, '../../resources/backbones/mobilenet-v2-mid-nsfwjs.onnx');

// The shipped backbone against its source: nsfwjs is a dev dependency (the weights' origin); tfjs cpu takes ~2 s/image.
describe.skipIf(!nsfwjsInstalled || !existsSync(shipped))('shipped MobileNetV2 (mid-level) backbone', () => {
  it('gives the same embeddings as the nsfwjs tfjs model within 1e-5 on real pictures', async () => {
    const { loadNsfwjsModel } = await import('./nsfwjs-source');
    const src = loadNsfwjsModel('mobilenet_v2');
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: src.topology,
        weightSpecs: src.specs as tf.io.WeightsManifestEntry[],
        weightData: src.buffer.slice().buffer,
      }),
    );
    const mid = tf.model({
      inputs: model.inputs,
      outputs: ['block_6_expand_relu', 'block_13_expand_relu'].map(
        (n) => model.getLayer(n).output as tf.SymbolicTensor,
      ),
    });
    const sample = join(__dirname, '../../resources/samples/images/fashion');
    const files = ['sneaker/001.png', 't-shirt/002.png'].map((f) => join(sample, f));
    const x = new Float32Array(files.length * 224 * 224 * 3);
    for (let k = 0; k < files.length; k++) {
      const raw = await sharp(files[k]).toColourspace('srgb').resize(224, 224).removeAlpha().raw().toBuffer();
      for (let i = 0; i < raw.length; i++) x[k * raw.length + i] = raw[i] / 255;
    }
    const parts = mid.predict(tf.tensor4d(x, [files.length, 224, 224, 3])) as tf.Tensor[];
    const ref = tf
      .concat(
        parts.map((p) => tf.mean(p, [1, 2])),
        1,
      )
      .dataSync();
    const s = await ort.InferenceSession.create(shipped);
    const out = (await s.run({ input: new ort.Tensor('float32', x, [files.length, 224, 224, 3]) })).embedding
      .data as Float32Array;
    expect(out.length).toBe(files.length * (192 + 576));
    const diff = maxDiff(out, ref);
    console.log(`MobileNetV2 (mid) ONNX vs tfjs: max abs difference ${diff}`);
    expect(diff).toBeLessThan(1e-5);
  });
});
