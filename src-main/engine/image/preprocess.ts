import sharp from 'sharp';
import { CodedError } from '@shared/errors';

/** Extra views computed as extra embeddings for light augmentation. `orig` is always the plain view. */
export type View = 'orig' | 'flip' | 'zoom' | 'zoom-flip';

/** File extensions the image route reads (decode-checked anyway). */
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.bmp', '.tif', '.tiff', '.avif']);

/** How much the `zoom` views enlarge before the centre crop (a 1/1.15 ≈ 87% crop). */
const ZOOM = 1.15;

/**
 * Decodes one image to RGB uint8 HWC at exactly [h, w]: first frame of animations, EXIF orientation applied,
 * alpha flattened onto white, grayscale/CMYK converted to sRGB, then resized to cover and centre-cropped.
 * This is the one preprocessing used for training, prediction and documented in model.json.
 */
export async function decodeImage(
  input: string | Buffer,
  size: [number, number],
  view: View = 'orig',
): Promise<Uint8Array> {
  const [h, w] = size;
  const zoom = view === 'zoom' || view === 'zoom-flip';
  try {
    let img = sharp(input, { animated: false, failOn: 'error', limitInputPixels: 100_000_000 })
      .rotate()
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb');
    if (zoom) {
      const zh = Math.round(h * ZOOM);
      const zw = Math.round(w * ZOOM);
      // Resize to the enlarged size first, then crop the centre: a mild zoom like a random-crop augmentation.
      const big = await img
        .resize(zw, zh, { fit: 'cover', position: 'centre' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      img = sharp(big.data, { raw: { width: zw, height: zh, channels: big.info.channels } }).extract({
        left: Math.floor((zw - w) / 2),
        top: Math.floor((zh - h) / 2),
        width: w,
        height: h,
      });
    } else {
      img = img.resize(w, h, { fit: 'cover', position: 'centre' });
    }
    if (view === 'flip' || view === 'zoom-flip') img = img.flop();
    const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return toRgb(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.channels, w * h);
  } catch (err) {
    if (err instanceof CodedError) throw err;
    const name = typeof input === 'string' ? input : 'the image';
    throw new CodedError(
      'dataset-invalid',
      `Could not read ${name} as an image (${(err as Error).message}). Remove or replace it.`,
    );
  }
}

function toRgb(data: Uint8Array, channels: number, pixels: number): Uint8Array {
  if (channels === 3) return data;
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const v = data[i * channels];
    out[i * 3] = v;
    out[i * 3 + 1] = channels >= 3 ? data[i * channels + 1] : v;
    out[i * 3 + 2] = channels >= 3 ? data[i * channels + 2] : v;
  }
  return out;
}

/**
 * Writes pixels into a float32 batch at `offset` as backbone input: pixel * scale + offset in float32
 * arithmetic, which is exactly what the exported graph's Mul and Add compute.
 */
export function writeNormalised(rgb: Uint8Array, out: Float32Array, at: number, scale: number, offset: number): void {
  const s = Math.fround(scale);
  const o = Math.fround(offset);
  for (let i = 0; i < rgb.length; i++) out[at + i] = Math.fround(Math.fround(rgb[i] * s) + o);
}
