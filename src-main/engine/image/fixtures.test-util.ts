import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** A solid-colour picture with some texture, as encoded bytes of the given format. */
export async function picture(
  format: 'jpeg' | 'png' | 'webp' | 'gif',
  rgb: [number, number, number],
  size = 48,
  seed = 1,
): Promise<Buffer> {
  const px = Buffer.alloc(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const n = ((i * 2654435761 + seed * 97) >>> 0) % 40;
    for (let c = 0; c < 3; c++) px[i * 3 + c] = Math.max(0, Math.min(255, rgb[c] + n - 20));
  }
  const img = sharp(px, { raw: { width: size, height: size, channels: 3 } });
  return img.toFormat(format).toBuffer();
}

/** Writes a class-folder image set: { red: [...buffers], ... } → dir/red/000.png ... */
export async function writeImageSet(
  dir: string,
  classes: Record<string, Array<{ name: string; data: Buffer | string }>>,
): Promise<void> {
  for (const [cls, files] of Object.entries(classes)) {
    await mkdir(join(dir, cls), { recursive: true });
    for (const f of files) await writeFile(join(dir, cls, f.name), f.data);
  }
}
