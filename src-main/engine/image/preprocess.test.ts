import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodeImage, writeNormalised } from './preprocess';

/** Left half red, right half blue, 40x20. */
async function halves(): Promise<Buffer> {
  const w = 40;
  const h = 20;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) px.set(x < w / 2 ? [255, 0, 0] : [0, 0, 255], (y * w + x) * 3);
  return sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
}

const at = (rgb: Uint8Array, w: number, x: number, y: number): number[] =>
  Array.from(rgb.subarray((y * w + x) * 3, (y * w + x) * 3 + 3));

describe('decodeImage', () => {
  it('applies EXIF orientation before cropping', async () => {
    // Orientation 6 = rotate 90° clockwise for display: the red left half ends up on top.
    const jpeg = await sharp(await halves())
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const rgb = await decodeImage(jpeg, [20, 20]);
    expect(at(rgb, 20, 10, 2)[0]).toBeGreaterThan(200);
    expect(at(rgb, 20, 10, 17)[2]).toBeGreaterThan(200);
  });

  it('flattens alpha onto white and expands grayscale to RGB', async () => {
    const rgba = Buffer.alloc(8 * 8 * 4); // fully transparent black
    const transparent = await sharp(rgba, { raw: { width: 8, height: 8, channels: 4 } })
      .png()
      .toBuffer();
    expect(at(await decodeImage(transparent, [4, 4]), 4, 1, 1)).toEqual([255, 255, 255]);
    const gray = await sharp(Buffer.alloc(64, 77), { raw: { width: 8, height: 8, channels: 1 } })
      .png()
      .toBuffer();
    const out = await decodeImage(gray, [4, 4]);
    expect(out.length).toBe(4 * 4 * 3);
    expect(at(out, 4, 2, 2)).toEqual([77, 77, 77]);
  });

  it('reads the first frame of an animated GIF and WebP', async () => {
    // Two 8x8 frames: red, then blue. The first frame must be the one decoded.
    const px = Buffer.alloc(8 * 16 * 3);
    for (let i = 0; i < 128; i++) px.set(i < 64 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const gif = await sharp(px, { raw: { width: 8, height: 16, channels: 3, pageHeight: 8 } })
      .gif()
      .toBuffer();
    expect((await sharp(gif, { animated: true }).metadata()).pages).toBe(2);
    const webp = await sharp(gif, { animated: true }).webp({ lossless: true }).toBuffer();
    for (const file of [gif, webp]) {
      const out = await decodeImage(file, [8, 8]);
      expect(out.length).toBe(8 * 8 * 3);
      expect(at(out, 8, 4, 4)[0]).toBeGreaterThan(200);
      expect(at(out, 8, 4, 4)[2]).toBeLessThan(60);
    }
  });

  it('flip mirrors left and right; bad bytes give a clear error', async () => {
    const rgb = await decodeImage(await halves(), [20, 40], 'flip');
    expect(at(rgb, 40, 2, 10)[2]).toBeGreaterThan(200);
    await expect(decodeImage(Buffer.from('not an image'), [8, 8])).rejects.toThrow(/Could not read/);
  });

  it('normalises exactly as float32 Mul then Add', () => {
    const out = new Float32Array(3);
    writeNormalised(Uint8Array.from([0, 128, 255]), out, 0, 1 / 255, 0);
    expect(out[0]).toBe(0);
    expect(out[2]).toBe(Math.fround(255 * Math.fround(1 / 255)));
  });
});
