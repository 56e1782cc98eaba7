import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBackbone } from './backbone';
import { embedImages } from './embed';
import { exportImageModel, inputSpec } from './export-onnx';
import { headProbabilities, stackRows, type Head } from './heads';
import { listImageSet } from './ingest-images';
import { fitLogistic } from './logistic';
import { runImageModel } from './predict-images';
import { seededRandom as rng } from '../util/rng';

const SAMPLE = join(__dirname, '../../../resources/samples/images/fashion');

describe('exportImageModel (backbone + head in one graph)', () => {
  it('reproduces head-on-embeddings probabilities within 1e-5 for logistic and MLP heads', async () => {
    const { root, entries, labels } = await listImageSet(SAMPLE);
    const picked = entries.filter((_, i) => i % 4 === 0);
    const files = picked.map((e) => join(root, e.file));
    const backbone = loadBackbone();
    const emb = await embedImages(
      files.map((file) => ({ file, view: 'orig' as const })),
      { backbone },
    );
    const x = stackRows(emb.rows, backbone.meta.embeddingDim);
    const y = picked.map((e) => labels.indexOf(e.label));
    const logistic = (await fitLogistic(x, y, labels.length, { lambda: 0.1, maxIter: 30 })).head;
    const r = rng(3);
    const d = backbone.meta.embeddingDim;
    const h = 16;
    const rand = (n: number, s: number): Float32Array => Float32Array.from({ length: n }, () => (r() - 0.5) * s);
    const mlp: Head = {
      kind: 'mlp',
      d,
      h,
      c: labels.length,
      W1: rand(d * h, 0.2),
      b1: rand(h, 0.5),
      W2: rand(h * labels.length, 2),
      b2: rand(labels.length, 1),
    };
    const dir = mkdtempSync(join(tmpdir(), 'export-img-'));
    for (const head of [logistic, mlp]) {
      const outPath = join(dir, `${head.kind}.onnx`);
      await exportImageModel({ backboneOnnx: backbone.onnxPath, meta: backbone.meta, head, labels, outPath });
      const viaOnnx = await runImageModel(outPath, { labels, input: inputSpec(backbone.meta) }, files);
      const inApp = headProbabilities(head, x);
      let maxDiff = 0;
      viaOnnx.forEach((row, i) => {
        row.probabilities.forEach((p, j) => (maxDiff = Math.max(maxDiff, Math.abs(p - inApp[i * labels.length + j]))));
        const best = row.probabilities.indexOf(Math.max(...row.probabilities));
        expect(row.prediction).toBe(labels[best]);
      });
      expect(maxDiff).toBeLessThan(1e-5);
    }
  });
});
