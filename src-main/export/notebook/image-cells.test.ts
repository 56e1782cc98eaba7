/**
 * The image notebook cells run for real with Debian's python3-nbclient + python3-pil on the bundled Fashion-MNIST
 * sample, and the Pillow loader is checked pixel by pixel against the app's own sharp preprocessing.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputSpec } from '../../engine/image/export-onnx';
import { decodeImage } from '../../engine/image/preprocess';
import { trainImageClassifier } from '../../engine/image/train-images';
import type { BackboneMeta } from '../../engine/image/backbone';
import { buildNotebook } from './build-notebook';
import { imageNotebookCells } from './image-cells';
import { executeNotebooks } from './test-support';

/** A Python with onnxruntime (plus Debian's nbclient/ipykernel/pandas/PIL, e.g. a --system-site-packages venv) turns on the real ONNX run. */
const ONNX_PYTHON = process.env.AUTOML_NOTEBOOK_PYTHON;
const SAMPLE = resolve(__dirname, '../../../resources/samples/images/fashion');
const CLASSES = ['ankle-boot', 'shirt', 'sneaker', 't-shirt', 'trouser'];
const META = { inputSize: [224, 224], layout: 'NHWC', channels: 'RGB', scale: 1 / 255, offset: 0 } as BackboneMeta;

/** model.json as train-images.ts writes it (the keys the cells read). */
const modelJson: Record<string, unknown> = {
  format: 'automl-image-classifier',
  version: 1,
  task: 'image',
  labels: CLASSES,
  input: inputSpec(META),
  metrics: { validation: { accuracy: 0.84 } },
};

const source = (c: { source: string[] }): string => c.source.join('');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'image-nb-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('imageNotebookCells', () => {
  it('builds an image notebook with no tabular data step, and refuses a model.json without labels or an NHWC input', () => {
    const nb = buildNotebook({
      dataFileName: 'data.csv',
      task: 'image',
      target: null,
      plan: {
        columns: [],
        validation: { kind: 'holdout', testFraction: 0, stratified: false },
        classWeights: false,
        warnings: [],
      },
      pipeline: null,
      split: { testIndices: [], seed: 0, testFraction: 0 },
      metrics: {},
      extraCells: imageNotebookCells(modelJson),
    });
    const code = nb.cells
      .filter((c) => c.cell_type === 'code')
      .map(source)
      .join('\n');
    expect(code).not.toContain('DATA_PATH');
    expect(code).toContain("IMAGES_DIR = 'images'");
    expect(code).toContain('LABELS = ["ankle-boot", "shirt", "sneaker", "t-shirt", "trouser"]');
    expect(code).toContain('IMAGE_SIZE = (224, 224)');
    expect(() => imageNotebookCells({ ...modelJson, labels: [] })).toThrow(/no class labels/);
    expect(() => imageNotebookCells({ ...modelJson, input: { shape: ['N', 3, 224, 224], layout: 'NCHW' } })).toThrow(
      /NHWC/,
    );
  });

  it('runs top to bottom on the fashion sample: 120 images in 5 classes, ONNX scored or skipped cleanly, app predictions compared', async () => {
    const bundle = join(dir, 'bundle');
    await cp(SAMPLE, join(bundle, 'images'), { recursive: true });
    // Six held-out pictures, one wrong: the notebook must report 5/6.
    const rows = [
      ['ankle-boot/001.png', 'ankle-boot', 'ankle-boot'],
      ['shirt/001.png', 'shirt', 't-shirt'],
      ['sneaker/001.png', 'sneaker', 'sneaker'],
      ['t-shirt/001.png', 't-shirt', 't-shirt'],
      ['trouser/001.png', 'trouser', 'trouser'],
      ['trouser/002.png', 'trouser', 'trouser'],
    ];
    const csv = [
      ['file', 'actual', 'prediction', ...CLASSES.map((c) => `proba_${c}`)],
      ...rows.map((r) => [...r, ...CLASSES.map((c) => (c === r[2] ? '0.8' : '0.05'))]),
    ];
    await writeFile(join(bundle, 'predictions.csv'), csv.map((r) => r.join(',')).join('\n') + '\n');
    const notebook = buildNotebook({
      dataFileName: 'data.csv',
      task: 'image',
      target: null,
      plan: {
        columns: [],
        validation: { kind: 'holdout', testFraction: 0, stratified: false },
        classWeights: false,
        warnings: [],
      },
      pipeline: null,
      split: { testIndices: [], seed: 0, testFraction: 0 },
      metrics: {},
      extraCells: imageNotebookCells(modelJson),
    });
    // Also the bundle as unzipped, without the pictures: every step must say what is missing and carry on.
    const bare = join(dir, 'bare');
    await mkdir(bare);
    const [run, bareRun] = await executeNotebooks([
      { dir: bundle, name: 'notebook', notebook },
      { dir: bare, name: 'notebook', notebook },
    ]);
    const bareText = bareRun.outputs.join('\n');
    expect(bareText).toMatch(/No folder .*bare\/images\. Set IMAGES_DIR/);
    expect(bareText).toContain('No images were loaded (see the cell above), so model.onnx was not run.');
    expect(bareRun.outputs.at(-1)).toMatch(/No predictions\.csv in .*bare to compare with\./);
    const all = run.outputs.join('\n');
    expect(all).toMatch(/Found 120 images in 5 classes/);
    for (const c of CLASSES) expect(all).toMatch(new RegExp(`^${c}\\s+24$`, 'm'));
    expect(all).toContain('First image as model input: (224, 224, 3) float32');
    // Debian has no onnxruntime: the scoring cell says so; with it, there is no model.onnx here, which it also says.
    expect(all).toMatch(/onnxruntime is not installed, so model.onnx was not scored|No model.onnx in /);
    expect(all).toContain('model.onnx was not run (see the cell above)');
    // The last cell ran: the app's holdout accuracy and its confusion matrix (the shirt taken for a t-shirt).
    const last = run.outputs.at(-1) ?? '';
    expect(last).toContain("The app's validation predictions: 6 images, accuracy 0.8333");
    expect(last).toMatch(/^shirt\s+0\s+0\s+0\s+1\s+0$/m);
  }, 60_000);

  it('reads pictures as the app does: Pillow loader vs sharp bit-identical when enlarging the sample, within 2 grey levels on other PNGs', async () => {
    const pics = join(dir, 'pics');
    await cp(join(SAMPLE, 'sneaker'), join(pics, 'sneaker'), { recursive: true });
    // A wide RGBA picture (transparency onto white, cover crop) and a JPEG the camera stored rotated (EXIF 6).
    const w = 300;
    const h = 180;
    const rgba = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        rgba[i] = (x * 255) / w;
        rgba[i + 1] = (y * 255) / h;
        rgba[i + 2] = (x + y) % 256;
        rgba[i + 3] = x < w / 3 ? 0 : 255;
      }
    }
    const raw = { raw: { width: w, height: h, channels: 4 as const } };
    await sharp(rgba, raw).png().toFile(join(pics, 'wide.png'));
    await sharp(rgba, raw)
      .flatten({ background: '#808080' })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toFile(join(pics, 'rotated.jpg'));
    // A larger picture to shrink (Lanczos path), smooth like a photo.
    await sharp(rgba, raw)
      .flatten({ background: '#ffffff' })
      .resize(900, 600)
      .blur(1.5)
      .png()
      .toFile(join(pics, 'large.png'));
    const files = [
      join(pics, 'sneaker', '001.png'),
      join(pics, 'sneaker', '002.png'),
      join(pics, 'wide.png'),
      join(pics, 'large.png'),
      join(pics, 'rotated.jpg'),
    ];

    const cells = imageNotebookCells(modelJson).filter((c) => c.cell_type === 'code');
    const script = [
      source(cells[0]).replace("IMAGES_DIR = 'images'", `IMAGES_DIR = ${JSON.stringify(pics)}`),
      source(cells[1]),
      `for p in ${JSON.stringify(files)}:\n    open(p + '.f32', 'wb').write(load_image(p).tobytes())`,
    ].join('\n');
    await promisify(execFile)('/usr/bin/python3', ['-c', script], { timeout: 30_000 });

    for (const f of files) {
      const ours = await decodeImage(f, [224, 224]);
      const buf = await readFile(`${f}.f32`);
      const theirs = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      expect(theirs.length).toBe(ours.length);
      let sum = 0;
      let max = 0;
      for (let i = 0; i < ours.length; i++) {
        const d = Math.abs(ours[i] - theirs[i]);
        sum += d;
        max = Math.max(max, d);
      }
      const mean = sum / ours.length;
      console.log(`${f.split('/').slice(-2).join('/')}: mean |PIL - sharp| ${mean.toFixed(3)}, max ${max}`);
      // PNG: same pixels in, so only the resize differs; JPEG: the decoders (libjpeg-turbo vs mozjpeg) differ too.
      expect(mean).toBeLessThan(f.endsWith('.jpg') ? 2 : f.includes('sneaker') ? 1e-9 : 0.15);
      expect(max).toBeLessThan(f.endsWith('.jpg') ? 128 : 4);
    }
  }, 60_000);

  it.skipIf(!ONNX_PYTHON)(
    'with onnxruntime: scores a really trained model.onnx and matches the app on its validation pictures',
    async () => {
      const bundle = join(dir, 'trained');
      const train = await trainImageClassifier(
        {
          datasetDir: SAMPLE,
          artifactDir: join(bundle, 'artifacts'),
          cacheDir: join(dir, 'cache'),
          heads: ['logistic'],
          budgetSeconds: 20,
        },
        { signal: new AbortController().signal, emit: () => undefined },
      );
      await cp(train.onnxPath, join(bundle, 'model.onnx'));
      await cp(train.holdoutPath, join(bundle, 'predictions.csv'));
      await cp(SAMPLE, join(bundle, 'images'), { recursive: true });
      const notebook = buildNotebook({
        dataFileName: 'data.csv',
        task: 'image',
        target: null,
        plan: {
          columns: [],
          validation: { kind: 'holdout', testFraction: 0, stratified: false },
          classWeights: false,
          warnings: [],
        },
        pipeline: null,
        split: { testIndices: [], seed: 0, testFraction: 0 },
        metrics: {},
        extraCells: imageNotebookCells(train.modelJson),
      });
      const [run] = await executeNotebooks([{ dir: bundle, name: 'notebook', notebook }], ONNX_PYTHON);
      const all = run.outputs.join('\n');
      console.log(
        all
          .split('\n')
          .filter((l) => /accuracy|agree|same label|Scored/.test(l))
          .join('\n'),
      );
      expect(all).toContain('Scored 120 images with model.onnx.');
      const m =
        /(\d+) of them found in IMAGES_DIR: model.onnx accuracy ([\d.]+), same label as the app for ([\d.]+)%, max \|probability difference\| ([\d.e+-]+)/.exec(
          all,
        );
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBe(25);
      expect(Number(m![3])).toBe(100);
      // The sample's 28x28 pictures are enlarged bit-identically to the app, so only float noise is left (measured 9e-7).
      expect(Number(m![4])).toBeLessThan(1e-5);
    },
    120_000,
  );
});
