/**
 * Image-route benchmark on Fashion-MNIST (Debian `dataset-fashion-mnist`, real labelled photos of clothing, 28x28).
 *   npx tsx --tsconfig tsconfig.node.json bench/images/index.ts [--train 200] [--test 100] [--augment] [--warm] [--candidates]
 * Prints: folder → trained model time for a 2,000-image set, embedding images/s, test accuracy of the exported
 * model.onnx, and logistic regression on raw pixels as the baseline. --candidates also compares backbones.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadBackbone, type LoadedBackbone } from '../../src-main/engine/image/backbone';
import { embedImages } from '../../src-main/engine/image/embed';
import { fitLogisticHead } from '../../src-main/engine/image/fit-logistic-head';
import { balancedWeights, stackRows, type Rows } from '../../src-main/engine/image/heads';
import { ingestImageFolder } from '../../src-main/engine/image/ingest-images';
import { predictImages } from '../../src-main/engine/image/predict-images';
import { trainImageClassifier } from '../../src-main/engine/image/train-images';
import { stratifiedSplit } from '../../src-main/engine/image/split';
import { FASHION_CLASSES, fashionAvailable, readFashion, takePerClass } from './fashion-mnist';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const DATA = join(__dirname, '..', '.data', 'images');
const ALL = [...FASHION_CLASSES.keys()];

async function writeSet(dir: string, rows: Array<{ image: Uint8Array; label: number }>): Promise<void> {
  if (existsSync(dir)) return;
  const counters = new Map<number, number>();
  for (const { image, label } of rows) {
    const k = (counters.get(label) ?? 0) + 1;
    counters.set(label, k);
    mkdirSync(join(dir, FASHION_CLASSES[label]), { recursive: true });
    await sharp(Buffer.from(image), { raw: { width: 28, height: 28, channels: 1 } })
      .png()
      .toFile(join(dir, FASHION_CLASSES[label], `${k}.png`));
  }
}

const noCtx = { signal: new AbortController().signal, emit: () => undefined };

/** Logistic regression on raw pixels (784 values / 255), L2 chosen on the same kind of validation split. */
async function rawPixelBaseline(
  train: Array<{ image: Uint8Array; label: number }>,
  test: Array<{ image: Uint8Array; label: number }>,
): Promise<number> {
  const toRows = (s: typeof train): Rows =>
    stackRows(
      s.map((r) => Float32Array.from(r.image, (v) => v / 255)),
      784,
    );
  const y = train.map((r) => r.label);
  const { train: tr, valid: va } = stratifiedSplit(y, 0.2);
  const all = toRows(train);
  const pick = (idx: number[]): Rows =>
    stackRows(
      idx.map((i) => all.data.slice(i * 784, (i + 1) * 784)),
      784,
    );
  const yTrain = tr.map((i) => y[i]);
  const w = balancedWeights(yTrain, 10);
  const res = await fitLogisticHead(
    {
      train: pick(tr),
      yTrain,
      wTrain: yTrain.map((v) => w[v]),
      valid: pick(va),
      yValid: va.map((i) => y[i]),
      labels: FASHION_CLASSES,
    },
    { ...noCtx, deadline: Infinity, modelId: 'raw' },
  );
  const testRows = toRows(test);
  const head = res.head as { W: Float32Array; b: Float32Array; c: number; d: number };
  let correct = 0;
  test.forEach((r, i) => {
    let best = -Infinity;
    let arg = 0;
    for (let j = 0; j < 10; j++) {
      let s = head.b[j];
      for (let k = 0; k < 784; k++) s += testRows.data[i * 784 + k] * head.W[k * 10 + j];
      if (s > best) [best, arg] = [s, j];
    }
    if (arg === r.label) correct += 1;
  });
  return correct / test.length;
}

/** Backbone + logistic head accuracy on a test set (for comparing candidate backbones). */
async function backboneAccuracy(
  bb: LoadedBackbone,
  files: { train: string[]; test: string[] },
  n: { train: number[]; test: number[] },
): Promise<{ acc: number; ips: number }> {
  const cache = join(DATA, 'cache');
  const e1 = await embedImages(
    files.train.map((file) => ({ file, view: 'orig' as const })),
    { backbone: bb, cacheDir: cache },
  );
  const e2 = await embedImages(
    files.test.map((file) => ({ file, view: 'orig' as const })),
    { backbone: bb, cacheDir: cache },
  );
  const d = bb.meta.embeddingDim;
  const { train: tr, valid: va } = stratifiedSplit(n.train, 0.2);
  const yTrain = tr.map((i) => n.train[i]);
  const w = balancedWeights(yTrain, 10);
  const res = await fitLogisticHead(
    {
      train: stackRows(
        tr.map((i) => e1.rows[i]),
        d,
      ),
      yTrain,
      wTrain: yTrain.map((v) => w[v]),
      valid: stackRows(
        va.map((i) => e1.rows[i]),
        d,
      ),
      yValid: va.map((i) => n.train[i]),
      labels: FASHION_CLASSES,
    },
    { ...noCtx, deadline: Infinity, modelId: bb.meta.id },
  );
  const { headProbabilities, argmaxRows } = await import('../../src-main/engine/image/heads');
  const pred = argmaxRows(headProbabilities(res.head, stackRows(e2.rows, d)), files.test.length, 10);
  const acc = pred.filter((p, i) => p === n.test[i]).length / pred.length;
  const computed = e1.computed + e2.computed;
  return { acc, ips: computed ? computed / (e1.seconds + e2.seconds) : NaN };
}

async function main(): Promise<void> {
  if (!fashionAvailable()) {
    console.log('Fashion-MNIST is missing: apt-get install dataset-fashion-mnist');
    return;
  }
  const perTrain = arg('train', 200);
  const perTest = arg('test', 100);
  const train = takePerClass(readFashion('train'), ALL, perTrain);
  const test = takePerClass(readFashion('t10k'), ALL, perTest);
  const trainDir = join(DATA, `fashion-train-${perTrain}`);
  const testDir = join(DATA, `fashion-test-${perTest}`);
  await writeSet(trainDir, train);
  await writeSet(testDir, test);
  console.log(
    `Fashion-MNIST: ${train.length} training images (${perTrain}/class), ${test.length} test images, 10 classes`,
  );

  // Folder → trained model, embeddings computed from scratch (fresh cache).
  const work = join(DATA, 'run');
  rmSync(work, { recursive: true, force: true });
  const t0 = performance.now();
  const info = await ingestImageFolder(trainDir, join(work, 'data'));
  const tIngest = (performance.now() - t0) / 1000;
  const augment = process.argv.includes('--augment');
  // --warm keeps embeddings in bench/.data/images/cache between runs (measures heads, not the backbone).
  const cacheDir = process.argv.includes('--warm') ? join(DATA, 'cache') : undefined;
  const res = await trainImageClassifier(
    { datasetDir: info.path, artifactDir: join(work, 'model'), budgetSeconds: 100, augment, cacheDir },
    noCtx,
  );
  const total = (performance.now() - t0) / 1000;
  const emb = res.summary.diagnostics?.embedding as { imagesPerSecond: number; cpuSeconds: number; computed: number };
  const preds = await predictImages(res.onnxPath, res.modelJson, testDir);
  const acc = preds.filter((p) => p.file.split('/').at(-2) === p.prediction).length / preds.length;
  if (augment) console.log('with augmentation (flip + zoom views of training pictures)');
  console.log(
    `folder → model.onnx: ${total.toFixed(1)} s (ingest ${tIngest.toFixed(1)} s), embedding ${emb.computed} computed${emb.computed ? `, ${emb.imagesPerSecond.toFixed(1)} images/s wall, ${(emb.computed / emb.cpuSeconds).toFixed(1)} images per CPU-second (x2 cores ≈ ${((2 * emb.computed) / emb.cpuSeconds).toFixed(0)} images/s on an idle 2-core box)` : ' (all cached)'}`,
  );
  console.log(
    `load average at the end: ${(await import('node:os'))
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
  for (const r of res.summary.leaderboard)
    console.log(
      `  ${r.modelId}: validation accuracy ${r.metrics.accuracy?.toFixed(4)}, fit ${r.fitSeconds.toFixed(1)} s ${JSON.stringify(r.params)}`,
    );
  console.log(`exported model.onnx (${res.summary.bestModelId}) test accuracy: ${acc.toFixed(4)}`);
  const t1 = performance.now();
  const base = await rawPixelBaseline(train, test);
  console.log(
    `baseline logistic regression on raw pixels: test accuracy ${base.toFixed(4)} (${((performance.now() - t1) / 1000).toFixed(1)} s)`,
  );

  if (process.argv.includes('--candidates')) {
    // Candidates on a smaller split (InceptionV3 at 299 is ~10x slower): logistic head, same images for all.
    const per = arg('cand', 50);
    const dir = join(__dirname, '..', '.data', 'backbones');
    const { convertNsfwjs, CANDIDATES } = await import('../../scripts/backbone/convert');
    const trainC = takePerClass(readFashion('train'), ALL, per);
    const testC = takePerClass(readFashion('t10k'), ALL, per, perTest);
    const trainCDir = join(DATA, `fashion-train-${per}`);
    const testCDir = join(DATA, `fashion-test-${per}-after-${perTest}`);
    await writeSet(trainCDir, trainC);
    await writeSet(testCDir, testC);
    const fileOf = (rows: typeof trainC, d: string): string[] => {
      const seen = new Map<number, number>();
      return rows.map((r) => {
        const k = (seen.get(r.label) ?? 0) + 1;
        seen.set(r.label, k);
        return join(d, FASHION_CLASSES[r.label], `${k}.png`);
      });
    };
    const files = { train: fileOf(trainC, trainCDir), test: fileOf(testC, testCDir) };
    const n = { train: trainC.map((r) => r.label), test: testC.map((r) => r.label) };
    console.log(`candidates: ${files.train.length} training / ${files.test.length} test images`);
    for (const id of Object.keys(CANDIDATES) as Array<keyof typeof CANDIDATES>) {
      if (!existsSync(join(dir, `${id}.json`))) convertNsfwjs(id, dir);
      const bb = loadBackbone(id, dir);
      const r = await backboneAccuracy(bb, files, n);
      console.log(
        `  ${id} (${bb.meta.inputSize.join('x')}, ${bb.meta.embeddingDim}-d): test accuracy ${r.acc.toFixed(4)}, ${r.ips.toFixed(1)} images/s`,
      );
    }
    console.log(`  raw pixels: test accuracy ${(await rawPixelBaseline(trainC, testC)).toFixed(4)}`);
  }
}

void main();
