import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GraphBuilder, ML, T } from '../onnx/graph-builder';
import { matchableCategories } from '../onnx/steps-to-onnx';
import type { SegmentModelJson } from './run-segmentation';

/**
 * model.onnx for a segmentation: one input per raw column ([N,1] double, or string for categories;
 * in RFM mode the inputs are recency_days, frequency and monetary per customer), the same encoding as
 * encode.ts, then squared distances to each centroid (|x|^2 - 2 x.c + |c|^2) and ArgMin.
 * Outputs: `segment` int64 [N] and `distance` double [N, k] (squared Euclidean on the encoded scale).
 */
export function segmentOnnxBytes(model: SegmentModelJson): Uint8Array {
  const g = new GraphBuilder(model.encoders.map((e) => e.column));
  const blocks: string[] = [];
  for (const e of model.encoders) {
    if (e.kind === 'numeric') {
      const x = g.addInput(e.column, T.DOUBLE, ['N', 1]);
      const nan = g.node('IsNaN', [x]);
      let v = g.node('Where', [nan, g.constDouble([0], [1]), x]);
      if (e.log)
        v = g.node('Log', [g.node('Add', [g.node('Max', [v, g.constDouble([0], [1])]), g.constDouble([1], [1])])]);
      const filled = g.node('Where', [nan, g.constDouble([e.impute], [1], 'impute'), v]);
      blocks.push(
        g.node('Div', [
          g.node('Sub', [filled, g.constDouble([e.mean], [1], 'mean')]),
          g.constDouble([e.std], [1], 'std'),
        ]),
      );
    } else {
      const x = g.addInput(e.column, T.STRING, ['N', 1]);
      const oh = g.node(
        'OneHotEncoder',
        [x],
        { cats_strings: { strings: matchableCategories(e.categories) }, zeros: 1 },
        { domain: ML },
      );
      blocks.push(
        g.node('Cast', [g.node('Reshape', [oh, g.constInt64([-1, e.categories.length], [2])])], { to: T.DOUBLE }),
      );
    }
  }
  const k = model.k;
  const d = model.featureNames.length;
  const x = blocks.length === 1 ? blocks[0] : g.node('Concat', blocks, { axis: 1 });
  const ct: number[] = [];
  for (let f = 0; f < d; f++) for (let j = 0; j < k; j++) ct.push(model.centroids[j][f]);
  const cross = g.node('MatMul', [x, g.constDouble(ct, [d, k], 'centroids_t')]);
  const x2 = g.node('ReduceSum', [g.node('Mul', [x, x]), g.constInt64([1], [1])], { keepdims: 1 });
  const c2 = g.constDouble(
    model.centroids.map((c) => c.reduce((s, v) => s + v * v, 0)),
    [1, k],
    'centroid_sq',
  );
  const dist = g.node(
    'Add',
    [g.node('Sub', [x2, g.node('Mul', [cross, g.constDouble([2], [1])])]), c2],
    {},
    { output: 'distance' },
  );
  g.node('ArgMin', [dist], { axis: 1, keepdims: 0 }, { output: 'segment' });
  g.addOutput('segment', T.INT64, ['N']);
  g.addOutput('distance', T.DOUBLE, ['N', k]);
  return g.toBytes({
    graphName: 'segmentation',
    docString: `k-means segmentation into ${k} segments (${model.mode})`,
    metadata: { task: 'segment', k: String(k), profiles: JSON.stringify(model.profiles.map((p) => p.description)) },
  });
}

export async function writeSegmentOnnx(path: string, model: SegmentModelJson): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, segmentOnnxBytes(model));
  return path;
}
