import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '@shared/events';
import { ingestImageFolder, listImageSet } from './ingest-images';
import { classifyImage, predictImages } from './predict-images';
import { trainImageClassifier } from './train-images';

const SAMPLE = join(__dirname, '../../../resources/samples/images/fashion');

describe('trainImageClassifier on the bundled Fashion-MNIST sample', () => {
  it('trains both heads, exports one ONNX graph that reproduces the in-app probabilities, and predicts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-img-'));
    const info = await ingestImageFolder(SAMPLE, join(dir, 'data'));
    const events: EngineEvent[] = [];
    const res = await trainImageClassifier(
      { datasetDir: info.path, artifactDir: join(dir, 'model'), augment: true, budgetSeconds: 60 },
      { signal: new AbortController().signal, emit: (e) => events.push(e) },
    );
    const s = res.summary;
    expect(s.leaderboard.map((r) => r.family).sort()).toEqual(['logistic', 'mlp']);
    expect(s.leaderboard.every((r) => r.status === 'done')).toBe(true);
    // 5 classes, chance is 0.2; the frozen backbone should do far better on real pictures.
    expect(s.leaderboard[0].metrics.accuracy).toBeGreaterThan(0.7);
    expect(s.confusion?.labels).toEqual(['ankle-boot', 'shirt', 'sneaker', 't-shirt', 'trouser']);
    expect(s.confusion?.matrix.flat().reduce((a, b) => a + b, 0)).toBe(25);
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'TRAIN_PROGRESS',
      'METRIC_SCALAR',
      'LEADERBOARD_UPDATED',
      'CONFUSION_MATRIX_READY',
      'ARTIFACT_ADDED',
    ])
      expect(types).toContain(t);
    const fractions = events.flatMap((e) => (e.type === 'TRAIN_PROGRESS' ? [e.payload.fraction] : []));
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(events.some((e) => e.type === 'TRAIN_PROGRESS' && e.payload.message.startsWith('Embedding images'))).toBe(
      true,
    );
    const confused = s.diagnostics?.mostConfused as Array<{
      file: string;
      actual: string;
      predicted: string;
      probability: number;
    }>;
    expect(confused.every((c) => c.actual !== c.predicted && c.probability > 0 && c.file.endsWith('.png'))).toBe(true);

    // Parity: model.onnx (pixels in) vs the trained head on backbone embeddings, on every validation picture.
    const holdout = readFileSync(res.holdoutPath, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(holdout).toHaveLength(25);
    const { root } = await listImageSet(info.path);
    const files = holdout.map((r) => join(root, r[0]));
    const viaOnnx = await predictImages(res.onnxPath, res.modelJson, join(root, '..', 'images'));
    const byFile = new Map(viaOnnx.map((r) => [r.file, r]));
    const inApp = holdout.map((r) => r.slice(3).map(Number));
    let maxDiff = 0;
    files.forEach((f, k) =>
      byFile.get(f)?.probabilities.forEach((p, j) => (maxDiff = Math.max(maxDiff, Math.abs(p - inApp[k][j])))),
    );
    expect(byFile.size).toBe(120);
    expect(maxDiff).toBeLessThan(1e-5);
    holdout.forEach((r, k) => expect(byFile.get(files[k])?.prediction).toBe(r[2]));

    const one = await classifyImage(res.onnxPath, res.modelJson, readFileSync(files[0]));
    expect(one.labels).toEqual(s.confusion?.labels);
    expect(one.prediction).toBe(holdout[0][2]);
    expect(one.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    // A zip of class folders, as `run` takes it (wrapped in one more folder, with a macOS fork), scores as the
    // folder does; each row names the picture's path inside the archive.
    const zip = new JSZip();
    const zipped = files.slice(0, 4);
    for (const f of zipped) zip.file(`set/${relative(root, f)}`, readFileSync(f));
    zip.file(`__MACOSX/set/._${relative(root, zipped[0])}`, 'fork');
    const zipPath = join(dir, 'pictures.zip');
    writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const viaZip = await predictImages(res.onnxPath, res.modelJson, zipPath);
    expect(viaZip.map((r) => r.file)).toEqual(zipped.map((f) => `set/${relative(root, f)}`).sort());
    for (const r of viaZip) {
      const same = byFile.get(join(root, r.file.slice('set/'.length)))!;
      expect(r.prediction).toBe(same.prediction);
      r.probabilities.forEach((p, j) => expect(p).toBeCloseTo(same.probabilities[j], 5));
    }
    expect((res.modelJson.input as { shape: unknown[] }).shape).toEqual(['N', 224, 224, 3]);

    // Novelty from the exported graph: the clothing pictures are familiar, a picture of noise is not.
    const threshold = (res.modelJson.novelty as { threshold: number }).threshold;
    expect(viaOnnx.filter((r) => r.novelty?.unlike).length).toBeLessThanOrEqual(2);
    expect(one.novelty?.unlike).toBe(false);
    const noise = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    const odd = await classifyImage(
      res.onnxPath,
      res.modelJson,
      await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } })
        .png()
        .toBuffer(),
    );
    expect(odd.novelty).toMatchObject({ threshold, unlike: true });

    // Second run: every embedding comes from the cache.
    const again = await trainImageClassifier(
      { datasetDir: info.path, artifactDir: join(dir, 'model2'), augment: true, heads: ['logistic'] },
      { signal: new AbortController().signal, emit: () => undefined },
    );
    expect((again.summary.diagnostics?.embedding as { computed: number }).computed).toBe(0);
  });

  it('stops with a cancelled error when the signal fires', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-img-'));
    const ac = new AbortController();
    const run = trainImageClassifier(
      { datasetDir: SAMPLE, artifactDir: join(dir, 'model'), cacheDir: join(dir, 'cache') },
      {
        signal: ac.signal,
        emit: (e) => {
          if (e.type === 'TRAIN_PROGRESS' && e.payload.fraction > 0.1) ac.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});
