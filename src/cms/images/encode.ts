import type { Sharp } from 'sharp';
import { AppError, UnsupportedMediaType } from '#shared/errors.ts';

/**
 * Checked by the file's magic bytes; its name and declared content type are not trusted. An animated
 * PNG (image/apng) is a PNG, and its first frame is what is kept.
 */
const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/apng', 'image/webp', 'image/gif']);
/** Decompression bombs: a small file that decodes to gigabytes of pixels is refused before decoding. */
export const MAX_INPUT_PIXELS = 40_000_000;
export const MAX_SIDE = 2000;
export const THUMBNAIL_SIDE = 320;

export interface EncodedFile {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface EncodedImage {
  readonly main: EncodedFile;
  readonly thumbnail: EncodedFile;
}

const unprocessable = (code: string, message: string) =>
  new AppError(422, code, message, [{ field: 'file', location: 'body', code, message }]);

// Loaded at the first upload: together they weigh some 40 MB that a CMS not handling images never
// needs (a sync of 100,000 products has better use for it), and the start is faster without them.
const imageLibraries = () =>
  Promise.all([import('file-type'), import('sharp')]).then(([fileType, sharp]) => ({
    fileTypeFromBuffer: fileType.fileTypeFromBuffer,
    sharp: sharp.default,
  }));

/** Refuses anything whose content is not a JPEG, PNG, WebP or GIF image (415). */
export async function requireImageType(upload: Buffer): Promise<void> {
  const { fileTypeFromBuffer } = await imageLibraries();
  const type = await fileTypeFromBuffer(upload);
  if (!type || !ACCEPTED.has(type.mime)) {
    throw new UnsupportedMediaType('The file must be a JPEG, PNG, WebP or GIF image.');
  }
}

/**
 * Re-encodes an upload as WebP, turned upright by its EXIF orientation, at most MAX_SIDE px on its
 * longer side, plus a thumbnail. The output carries no metadata (sharp drops it unless asked to keep
 * it), so no camera serial numbers or GPS positions are ever served.
 */
export async function encodeImage(upload: Buffer): Promise<EncodedImage> {
  const { sharp } = await imageLibraries();
  // Reading the header decodes no pixels, so the size is checked before anything is decoded.
  const { width = 0, height = 0 } = await sharp(upload)
    .metadata()
    .catch(() => {
      throw unprocessable('invalid_image', 'The image could not be read; it may be damaged.');
    });
  if (width * height > MAX_INPUT_PIXELS) {
    throw unprocessable(
      'image_too_large',
      `The image has more than ${MAX_INPUT_PIXELS / 1_000_000} million pixels.`,
    );
  }
  const upright = sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
  try {
    const [main, thumbnail] = await Promise.all([
      webp(upright.clone(), MAX_SIDE, 82),
      webp(upright.clone(), THUMBNAIL_SIDE, 75),
    ]);
    return { main, thumbnail };
  } catch {
    throw unprocessable('invalid_image', 'The image could not be decoded; it may be truncated.');
  }
}

async function webp(image: Sharp, side: number, quality: number): Promise<EncodedFile> {
  const { data, info } = await image
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    .webp({ quality })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, bytes: info.size };
}
