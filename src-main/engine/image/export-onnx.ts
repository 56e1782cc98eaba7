import { readFile, writeFile } from 'node:fs/promises';
import { DT, GraphBuilder, decodeModel, encodeModel } from './onnx-build';
import type { BackboneMeta } from './backbone';
import type { Head } from './heads';
import type { ImageInputSpec } from './model-json';
import type { NoveltyModel } from './novelty';

/** How the exported model takes its input; copied into model.json as `input`. */
export function inputSpec(meta: BackboneMeta): ImageInputSpec {
  const [h, w] = meta.inputSize;
  return {
    name: 'image',
    dtype: 'float32',
    shape: ['N', h, w, 3],
    layout: 'NHWC',
    channels: 'RGB',
    range: '0..255 (plain pixel values; the graph scales them itself)',
    normalisation: `inside the graph: pixel * ${meta.scale} + ${meta.offset}`,
    preprocessing:
      `decode (first frame of animations), apply EXIF orientation, flatten transparency onto white, convert to sRGB RGB, ` +
      `resize to cover ${w}x${h} and centre-crop (sharp: fit "cover", position "centre", lanczos3)`,
  };
}

/**
 * Writes ONE model.onnx: input `image` float32 [N,H,W,3] (RGB 0..255) → scaling → backbone → head →
 * outputs `prediction` [N] (class label strings) and `probabilities` [N,C] (softmax, classes in `labels` order),
 * and with `novelty` a third output `novelty` [N]: the standardised RMS distance of the embedding to the nearest
 * class centre (see novelty.ts); above the model.json threshold, the picture is unlike the training pictures.
 */
export async function exportImageModel(opts: {
  backboneOnnx: string;
  meta: BackboneMeta;
  head: Head;
  labels: string[];
  outPath: string;
  novelty?: NoveltyModel;
}): Promise<{ bytes: number }> {
  const backbone = decodeModel(await readFile(opts.backboneOnnx));
  const bg = backbone.graph;
  if (!bg) throw new Error('The backbone file has no graph.');
  const [h, w] = opts.meta.inputSize;
  const g = new GraphBuilder('head_');
  g.addInput('image', DT.FLOAT, ['N', h, w, 3]);
  const scaled = g.op('Mul', ['image', g.float('scale', [], [opts.meta.scale])]);
  g.op('Add', [scaled, g.float('offset', [], [opts.meta.offset])], {}, 'input');

  let logits: string;
  const head = opts.head;
  if (head.kind === 'logistic') {
    logits = g.op('Gemm', ['embedding', g.float('W', [head.d, head.c], head.W), g.float('b', [head.c], head.b)]);
  } else {
    const hidden = g.op('Relu', [
      g.op('Gemm', ['embedding', g.float('W1', [head.d, head.h], head.W1), g.float('b1', [head.h], head.b1)]),
    ]);
    logits = g.op('Gemm', [hidden, g.float('W2', [head.h, head.c], head.W2), g.float('b2', [head.c], head.b2)]);
  }
  g.op('Softmax', [logits], { axis: 1 }, 'probabilities');
  const idx = g.op('ArgMax', ['probabilities'], { axis: 1, keepdims: 0 });
  g.op('Gather', [g.strings('labels', [opts.labels.length], opts.labels), idx], { axis: 0 }, 'prediction');
  g.addOutput('prediction', DT.STRING, ['N']);
  g.addOutput('probabilities', DT.FLOAT, ['N', opts.labels.length]);
  if (opts.novelty) noveltyNodes(g, opts.novelty);

  const graph = {
    name: 'image_classifier',
    node: [...g.nodes.slice(0, 2), ...(bg.node ?? []), ...g.nodes.slice(2)],
    initializer: [...g.initializers, ...(bg.initializer ?? [])],
    input: g.inputs,
    output: g.outputs,
  };
  const bytes = encodeModel(graph, `Image classifier: ${opts.meta.architecture} backbone + ${head.kind} head.`, {
    labels: JSON.stringify(opts.labels),
    backbone: opts.meta.id,
    input: JSON.stringify(inputSpec(opts.meta)),
  });
  await writeFile(opts.outPath, bytes);
  return { bytes: bytes.byteLength };
}

/** novelty = sqrt(min over classes of mean((z - centre)^2)), z = (embedding - mean) / scale. */
function noveltyNodes(g: GraphBuilder, m: NoveltyModel): void {
  const d = m.mean.length;
  const c = m.centroids.length;
  const z = g.op('Div', [
    g.op('Sub', ['embedding', g.float('nov_mean', [1, d], m.mean)]),
    g.float('nov_scale', [1, d], m.scale),
  ]);
  // [N,1,d] - [1,C,d] -> [N,C,d] -> mean of squares over d -> [N,C] -> nearest class -> [N].
  const diff = g.op('Sub', [
    g.op('Unsqueeze', [z, g.int64('nov_axis1', [1], [1])]),
    g.float('nov_centroids', [1, c, d], m.centroids.flat()),
  ]);
  const meanSq = g.op('ReduceMean', [g.op('Mul', [diff, diff])], { axes: [2], keepdims: 0 });
  g.op('Sqrt', [g.op('ReduceMin', [meanSq], { axes: [1], keepdims: 0 })], {}, 'novelty');
  g.addOutput('novelty', DT.FLOAT, ['N']);
}
