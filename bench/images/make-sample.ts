/**
 * Writes the bundled sample image set resources/samples/images/fashion/<class>/*.png from Debian's
 * dataset-fashion-mnist (run once; the PNGs are committed).  npx tsx bench/images/make-sample.ts
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FASHION_CLASSES, readFashion, takePerClass } from './fashion-mnist';

const CLASSES = [0, 1, 6, 7, 9]; // t-shirt, trouser, shirt, sneaker, ankle-boot: two confusable pairs on purpose
const PER_CLASS = 24;

async function main(): Promise<void> {
  const out = join(__dirname, '..', '..', 'resources', 'samples', 'images', 'fashion');
  rmSync(out, { recursive: true, force: true });
  const rows = takePerClass(readFashion('t10k'), CLASSES, PER_CLASS);
  const counters = new Map<number, number>();
  for (const { image, label } of rows) {
    const k = (counters.get(label) ?? 0) + 1;
    counters.set(label, k);
    const dir = join(out, FASHION_CLASSES[label]);
    mkdirSync(dir, { recursive: true });
    // Fashion-MNIST is white-on-black; keep the pixels exactly as published.
    await sharp(Buffer.from(image), { raw: { width: 28, height: 28, channels: 1 } })
      .png({ compressionLevel: 9 })
      .toFile(join(dir, `${String(k).padStart(3, '0')}.png`));
  }
  console.log(`wrote ${rows.length} images to ${out}`);
}

void main();
