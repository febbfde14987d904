import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { InvalidInput } from '../errors';
import {
  declaredImageType,
  IMAGE_TYPE_LABEL,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  sniffImageType,
  type ImageType,
} from '../media/image-type';

/** Sizes made from every upload, both WebP: the list/matrix thumbnail and the product page's display size. */
export const THUMB_SIDE = 320;
export const DISPLAY_SIDE = 1600;

export type ProcessedImage = {
  type: ImageType;
  width: number;
  height: number;
  thumb: Buffer;
  display: Buffer;
  /** First 16 hex digits of each output's SHA-256: they go into the file names, so a URL names fixed bytes. */
  thumbHash: string;
  displayHash: string;
};

const hash16 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 16);

// sharp's format names for what we sniffed (AVIF is a HEIF container).
const SHARP_FORMAT: Record<ImageType, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'heif' };

/**
 * Checks an upload and makes its WebP sizes. Refused with an InvalidInput (shown to the person): empty or over
 * 10 MB, not JPEG/PNG/WebP/AVIF by content, a declared type that disagrees with the content, dimensions over the
 * limits (read from the header before anything is decoded, and `limitInputPixels` as the decoder's own backstop
 * against decompression bombs), or a file the decoder cannot read to the end (truncated, corrupt).
 * The outputs carry no metadata: sharp drops EXIF (GPS included), XMP and ICC unless asked to keep them; the
 * EXIF orientation is applied to the pixels first.
 */
export async function processImage(bytes: Uint8Array, declaredMime?: string | null): Promise<ProcessedImage> {
  if (bytes.byteLength === 0) throw new InvalidInput('The file is empty.');
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw new InvalidInput('The file is larger than 10 MB.');
  const type = sniffImageType(bytes);
  if (!type) throw new InvalidInput('This is not a JPEG, PNG, WebP or AVIF image.');
  const declared = declaredImageType(declaredMime);
  if (declared && declared !== type) {
    throw new InvalidInput(
      `The file says it is ${IMAGE_TYPE_LABEL[declared]} but its content is ${IMAGE_TYPE_LABEL[type]}.`,
    );
  }
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' as const, sequentialRead: true };
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // The header alone (nothing decoded), so its dimensions can be refused with a clear message.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw new InvalidInput(`The ${IMAGE_TYPE_LABEL[type]} file cannot be read: it is damaged or incomplete.`);
  }
  if (meta.format !== SHARP_FORMAT[type])
    throw new InvalidInput(`The ${IMAGE_TYPE_LABEL[type]} file cannot be read: it is damaged or incomplete.`);
  const { width = 0, height = 0 } = meta;
  if (width <= 0 || height <= 0) throw new InvalidInput('The image has no size.');
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new InvalidInput(
      `The image is ${width} × ${height} pixels; at most ${MAX_IMAGE_SIDE.toLocaleString('en')} a side and ${MAX_IMAGE_PIXELS / 1e6} megapixels are accepted.`,
    );
  }
  try {
    // Oriented by its EXIF, then resized twice from one input; animated files keep their first frame.
    const source = sharp(bytes, options).rotate();
    const [display, thumb] = await Promise.all([
      source
        .clone()
        .resize({ width: DISPLAY_SIDE, height: DISPLAY_SIDE, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true }),
      source
        .clone()
        .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer(),
    ]);
    // Width and height as displayed (after orientation); the display size keeps the aspect ratio.
    const swap = (meta.orientation ?? 1) >= 5;
    return {
      type,
      width: swap ? height : width,
      height: swap ? width : height,
      thumb,
      display: display.data,
      thumbHash: hash16(thumb),
      displayHash: hash16(display.data),
    };
  } catch {
    throw new InvalidInput(`The ${IMAGE_TYPE_LABEL[type]} file cannot be read: it is damaged or incomplete.`);
  }
}
