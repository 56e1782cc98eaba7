import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CodedError } from '@shared/errors';
import { getSession, type LoadedBackbone } from './backbone';
import { decodeImage, writeNormalised, type View } from './preprocess';

export interface EmbedJob {
  file: string;
  view: View;
}

export interface EmbedOptions {
  backbone: LoadedBackbone;
  /** Folder for cached embeddings (<cacheDir>/<backbone id>/<sha1>-<view>.f32); none = no caching. */
  cacheDir?: string;
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after every batch with jobs done so far (cached ones count at once). */
  onProgress?: (done: number, total: number) => void;
}

export interface EmbedResult {
  /** One row per job, in job order. */
  rows: Float32Array[];
  /** Jobs whose embedding was computed now (the rest came from the cache). */
  computed: number;
  /** Seconds spent decoding + running the backbone for the computed jobs. */
  seconds: number;
  /** CPU seconds this process used meanwhile (all threads): a measure that busy neighbours do not inflate. */
  cpuSeconds: number;
}

/** SHA-1 of a file's bytes: the cache key, so renamed or moved files still hit the cache. */
export async function fileHash(file: string): Promise<string> {
  return createHash('sha1')
    .update(await readFile(file))
    .digest('hex');
}

/**
 * Embeds images through the backbone in ORT, decoding the next batch while the current one runs.
 * Embeddings are cached per file content, backbone and view, so a second run with other settings is fast.
 */
export async function embedImages(jobs: EmbedJob[], opts: EmbedOptions): Promise<EmbedResult> {
  const { meta, onnxPath } = opts.backbone;
  const rows: Array<Float32Array | undefined> = new Array(jobs.length);
  const cacheDir = opts.cacheDir ? join(opts.cacheDir, meta.id) : undefined;
  if (cacheDir) await mkdir(cacheDir, { recursive: true });
  const keys: string[] = [];
  const hashes = new Map<string, string>();
  for (const job of jobs) {
    let h = hashes.get(job.file);
    if (!h && cacheDir) {
      h = await fileHash(job.file);
      hashes.set(job.file, h);
    }
    keys.push(h ? `${h}-${job.view}` : '');
  }
  const todo: number[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const cached = cacheDir ? await readCached(join(cacheDir, `${keys[i]}.f32`), meta.embeddingDim) : undefined;
    if (cached) rows[i] = cached;
    else todo.push(i);
  }
  let done = jobs.length - todo.length;
  opts.onProgress?.(done, jobs.length);

  const session = await getSession(onnxPath);
  const [h, w] = meta.inputSize;
  const px = h * w * 3;
  const batchSize = opts.batchSize ?? 16;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const decodeBatch = async (idx: number[]): Promise<Float32Array> => {
    const x = new Float32Array(idx.length * px);
    const pics = await Promise.all(idx.map((i) => decodeImage(jobs[i].file, [h, w], jobs[i].view)));
    pics.forEach((rgb, k) => writeNormalised(rgb, x, k * px, meta.scale, meta.offset));
    return x;
  };
  const batches: number[][] = [];
  for (let b = 0; b < todo.length; b += batchSize) batches.push(todo.slice(b, b + batchSize));
  let next = batches.length > 0 ? decodeBatch(batches[0]) : undefined;
  for (let b = 0; b < batches.length; b++) {
    if (opts.signal?.aborted) throw new CodedError('cancelled', 'Image embedding was cancelled.');
    const idx = batches[b];
    const x = await (next as Promise<Float32Array>);
    next = b + 1 < batches.length ? decodeBatch(batches[b + 1]) : undefined;
    // Keep a rejected prefetch from surfacing as an unhandled rejection if we stop early.
    next?.catch(() => undefined);
    const out = await session.run({ input: new ort.Tensor('float32', x, [idx.length, h, w, 3]) });
    const e = out.embedding.data as Float32Array;
    for (let k = 0; k < idx.length; k++) {
      const row = e.slice(k * meta.embeddingDim, (k + 1) * meta.embeddingDim);
      rows[idx[k]] = row;
      if (cacheDir) await writeCached(join(cacheDir, `${keys[idx[k]]}.f32`), row);
    }
    done += idx.length;
    opts.onProgress?.(done, jobs.length);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    rows: rows as Float32Array[],
    computed: todo.length,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

async function readCached(path: string, dim: number): Promise<Float32Array | undefined> {
  try {
    const buf = await readFile(path);
    if (buf.byteLength !== dim * 4) return undefined;
    return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  } catch {
    return undefined;
  }
}

async function writeCached(path: string, row: Float32Array): Promise<void> {
  // Write then rename so a crash never leaves a half-written embedding that later reads as valid.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
  await rename(tmp, path);
}
