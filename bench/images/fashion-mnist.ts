import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Fashion-MNIST from Debian's `dataset-fashion-mnist` package (MIT, Zalando SE): 28x28 grayscale, 10 classes. */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_CLASSES = [
  't-shirt',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle-boot',
];

export interface IdxImages {
  images: Uint8Array[];
  labels: number[];
}

export function fashionAvailable(): boolean {
  return existsSync(join(FASHION_DIR, 'train-images-idx3-ubyte.gz'));
}

/** Reads one split ('train' or 't10k') from the IDX files. */
export function readFashion(split: 'train' | 't10k'): IdxImages {
  const img = gunzipSync(readFileSync(join(FASHION_DIR, `${split}-images-idx3-ubyte.gz`)));
  const lab = gunzipSync(readFileSync(join(FASHION_DIR, `${split}-labels-idx1-ubyte.gz`)));
  const n = img.readUInt32BE(4);
  const rows = img.readUInt32BE(8);
  const cols = img.readUInt32BE(12);
  const size = rows * cols;
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    images.push(new Uint8Array(img.subarray(16 + i * size, 16 + (i + 1) * size)));
    labels.push(lab[8 + i]);
  }
  return { images, labels };
}

/** The first `perClass` images of each wanted class, in file order (deterministic). */
export function takePerClass(
  data: IdxImages,
  classes: number[],
  perClass: number,
  skip = 0,
): Array<{ image: Uint8Array; label: number }> {
  const seen = new Map<number, number>();
  const out: Array<{ image: Uint8Array; label: number }> = [];
  for (let i = 0; i < data.labels.length; i++) {
    const l = data.labels[i];
    if (!classes.includes(l)) continue;
    const k = seen.get(l) ?? 0;
    seen.set(l, k + 1);
    if (k < skip || k >= skip + perClass) continue;
    out.push({ image: data.images[i], label: l });
  }
  return out;
}
