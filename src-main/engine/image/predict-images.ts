import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, relative, sep } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CodedError } from '@shared/errors';
import { getSession } from './backbone';
import { extractImageZip, listFiles } from './ingest-images';
import { imageModelFacts } from './model-json';
import { decodeImage, IMAGE_EXTENSIONS } from './preprocess';

export interface ImagePrediction {
  file: string;
  prediction: string;
  /** In model.json `labels` order. */
  probabilities: number[];
  /** Distance from every learned class and the verdict (see novelty.ts); null for models without it. */
  novelty: { value: number; threshold: number; unlike: boolean } | null;
}

/** Stops a run between batches, and says how many pictures are done. */
export interface ImageRunOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Runs model.onnx on pictures (files or in-memory buffers) in batches; pixels go in as RGB 0..255 floats. */
export async function runImageModel(
  onnxPath: string,
  modelJson: object,
  inputs: Array<string | Buffer>,
  opts: ImageRunOptions = {},
): Promise<Array<Omit<ImagePrediction, 'file'>>> {
  const batchSize = opts.batchSize ?? 16;
  const mj = imageModelFacts(modelJson);
  const [, h, w] = mj.input.shape;
  const session = await getSession(onnxPath);
  const out: Array<Omit<ImagePrediction, 'file'>> = [];
  const px = h * w * 3;
  for (let b = 0; b < inputs.length; b += batchSize) {
    if (opts.signal?.aborted) throw new CodedError('cancelled', 'Prediction was cancelled.');
    opts.onProgress?.(b, inputs.length);
    const chunk = inputs.slice(b, b + batchSize);
    const x = new Float32Array(chunk.length * px);
    const pics = await Promise.all(chunk.map((f) => decodeImage(f, [h, w])));
    pics.forEach((rgb, k) => x.set(rgb, k * px));
    const res = await session.run({ image: new ort.Tensor('float32', x, [chunk.length, h, w, 3]) });
    const pred = res.prediction.data as string[];
    const proba = res.probabilities.data as Float32Array;
    const nov = res.novelty ? (res.novelty.data as Float32Array) : null;
    const c = mj.labels.length;
    for (let k = 0; k < chunk.length; k++) {
      const t = mj.noveltyThreshold;
      out.push({
        prediction: pred[k],
        probabilities: Array.from(proba.subarray(k * c, (k + 1) * c)),
        novelty: nov && t !== null ? { value: nov[k], threshold: t, unlike: nov[k] > t } : null,
      });
    }
  }
  opts.onProgress?.(inputs.length, inputs.length);
  return out;
}

async function listPictures(dir: string): Promise<string[]> {
  return (await listFiles(dir)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()));
}

/**
 * Predicts one picture, every picture under a folder (recursively), or every picture in a .zip (what `run` trains
 * on: a zip of class folders, or of loose pictures). Rows: file, prediction, probabilities. `file` is the path as
 * found for a picture or folder, and the entry's path inside the archive for a zip ("shirt/003.png"); a zip is
 * unpacked with the image-set limits into a temporary folder that goes afterwards.
 */
export async function predictImages(
  onnxPath: string,
  modelJson: object,
  source: string,
  opts: Omit<ImageRunOptions, 'batchSize'> = {},
): Promise<ImagePrediction[]> {
  let info;
  try {
    info = await stat(source);
  } catch {
    throw new CodedError('file-not-found', `No file or folder at ${source}.`);
  }
  if (info.isFile() && extname(source).toLowerCase() === '.zip') {
    const dir = await mkdtemp(join(tmpdir(), 'automl-images-'));
    try {
      await extractImageZip(source, dir);
      const rows = await predictFiles(onnxPath, modelJson, await listPictures(dir), basename(source), opts);
      return rows.map((r) => ({ ...r, file: relative(dir, r.file).split(sep).join('/') }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const files = info.isDirectory() ? await listPictures(source) : [source];
  return predictFiles(onnxPath, modelJson, files, source, opts);
}

async function predictFiles(
  onnxPath: string,
  modelJson: object,
  files: string[],
  shownAs: string,
  opts: Omit<ImageRunOptions, 'batchSize'>,
): Promise<ImagePrediction[]> {
  if (files.length === 0)
    throw new CodedError(
      'dataset-empty',
      `No pictures in ${shownAs}. Choose a picture, a folder of pictures or a .zip of them (${[...IMAGE_EXTENSIONS].join(', ')}).`,
    );
  const rows = await runImageModel(onnxPath, modelJson, files, opts);
  return rows.map((r, i) => ({ file: files[i], ...r }));
}

/** The "try an image" panel: one dropped picture (path or bytes) → label, probabilities and the class order. */
export async function classifyImage(
  onnxPath: string,
  modelJson: object,
  image: string | Buffer,
): Promise<Omit<ImagePrediction, 'file'> & { labels: string[] }> {
  const [row] = await runImageModel(onnxPath, modelJson, [image]);
  return { ...row, labels: imageModelFacts(modelJson).labels };
}
