import sharp from 'sharp';
import { CodedError } from '@shared/errors';

/** A small JPEG data: URL of a picture (EXIF-rotated, cropped to a square, transparency on white) for the UI. */
export async function makeThumbnail(path: string, size = 96): Promise<string> {
  try {
    const buf = await sharp(path, { animated: false, failOn: 'error' })
      .rotate()
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .resize(size, size, { fit: 'cover', position: 'centre' })
      .jpeg({ quality: 80 })
      .toBuffer();
    return `data:image/jpeg;base64,${buf.toString('base64')}`;
  } catch (err) {
    throw new CodedError('dataset-invalid', `Could not make a thumbnail of ${path}: ${(err as Error).message}`);
  }
}
