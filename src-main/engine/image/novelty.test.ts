import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/rng';
import { loadBackbone } from './backbone';
import { embedImages } from './embed';
import { listImageSet } from './ingest-images';
import { fitNovelty, novelty } from './novelty';
import { stratifiedSplit } from './split';

const SAMPLE = join(__dirname, '../../../resources/samples/images/fashion');

describe('novelty: "unlike anything it was trained on"', () => {
  it('calls about 1 in 100 fresh in-distribution points unlike, and far points always', () => {
    const rand = seededRandom(4);
    const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const d = 16;
    const centres = [0, 1, 2].map(() => Array.from({ length: d }, () => 4 * gauss()));
    const draw = (k: number) => centres[k].map((c) => c + gauss());
    const y = Array.from({ length: 600 }, (_, i) => i % 3);
    const m = fitNovelty(
      y.map(draw),
      y,
      [0, 1, 2].flatMap((k) => Array.from({ length: 50 }, () => draw(k))),
      3,
    );
    expect(m.calibration).toBe(750);
    const fresh = Array.from({ length: 3000 }, (_, i) => novelty(m, draw(i % 3)));
    const rate = fresh.filter((v) => v > m.threshold).length / fresh.length;
    expect(rate).toBeGreaterThan(0.002);
    expect(rate).toBeLessThan(0.03);
    // Halfway between two classes is still near one of them; far from all is not.
    const far = Array.from({ length: 50 }, () => centres[0].map((c) => c + 4 * gauss() + 8));
    expect(far.every((v) => novelty(m, v) > m.threshold)).toBe(true);
  });

  it('on the bundled clothing photos: validation pictures familiar, noise and photos of other things not', async () => {
    const { root, entries, labels } = await listImageSet(SAMPLE);
    const dir = mkdtempSync(join(tmpdir(), 'novelty-'));
    const made: string[] = [];
    const raw = (fill: (x: number, y: number, c: number) => number) => {
      const b = Buffer.alloc(96 * 96 * 3);
      for (let yy = 0; yy < 96; yy++)
        for (let x = 0; x < 96; x++) for (let c = 0; c < 3; c++) b[(yy * 96 + x) * 3 + c] = fill(x, yy, c);
      return sharp(b, { raw: { width: 96, height: 96, channels: 3 } }).png();
    };
    const patterns = {
      'noise.png': (x: number, yy: number, c: number) => (x * 7919 + yy * 104729 + c * 31) % 251,
      'checks.png': (x: number, yy: number) => (((x >> 3) + (yy >> 3)) % 2 ? 255 : 0),
      'gradient.png': (x: number, yy: number, c: number) => (c === 0 ? x * 2 : c === 1 ? yy * 2 : 128),
    };
    for (const [name, fill] of Object.entries(patterns)) {
      await raw(fill).toFile(join(dir, name));
      made.push(join(dir, name));
    }
    // Colour photographs shipped by Debian's python3-sklearn (a CI dependency) when present.
    const photos = ['china.jpg', 'flower.jpg']
      .map((f) => join('/usr/lib/python3/dist-packages/sklearn/datasets/images', f))
      .filter((f) => existsSync(f));
    const odd = [...made, ...photos];
    const emb = await embedImages(
      [...entries.map((e) => join(root, e.file)), ...odd].map((file) => ({ file, view: 'orig' as const })),
      { backbone: loadBackbone(), cacheDir: join(dir, 'cache') },
    );
    const y = entries.map((e) => labels.indexOf(e.label));
    const { train, valid } = stratifiedSplit(y, 0.2);
    const m = fitNovelty(
      train.map((i) => emb.rows[i]),
      train.map((i) => y[i]),
      valid.map((i) => emb.rows[i]),
      labels.length,
    );
    const familiar = valid.map((i) => novelty(m, emb.rows[i]));
    const strange = odd.map((_, k) => novelty(m, emb.rows[entries.length + k]));
    expect(familiar.filter((v) => v > m.threshold).length).toBeLessThanOrEqual(1);
    expect(strange.every((v) => v > m.threshold)).toBe(true);
    expect(Math.min(...strange)).toBeGreaterThan(1.5 * m.threshold);
  }, 120_000);
});
