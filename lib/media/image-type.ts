/** Image types Bobbin accepts for the catalog, told by their first bytes, never by a name or a declared type. */
export const IMAGE_TYPES = ['jpeg', 'png', 'webp', 'avif'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const IMAGE_MIME: Record<ImageType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** Upload limits: bytes of one file, pixels of one image (width × height), and either side. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 40_000_000;
export const MAX_IMAGE_SIDE = 12_000;

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

/** The image type of `bytes` by magic number, or null when it is none of the accepted ones. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => bytes[i] === v))
    return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  // ISO-BMFF: a `ftyp` box whose major or compatible brands include avif/avis.
  if (bytes.length >= 16 && ascii(bytes, 4, 4) === 'ftyp') {
    const boxSize = Math.min(
      ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0,
      bytes.length,
      256,
    );
    for (let at = 8; at + 4 <= boxSize; at += 4) {
      if (at === 12) continue; // minor version, not a brand
      const brand = ascii(bytes, at, 4);
      if (brand === 'avif' || brand === 'avis') return 'avif';
    }
  }
  return null;
}

/** The accepted type a client declared (a MIME type such as `image/jpeg`), or null for anything else or nothing. */
export function declaredImageType(mime: string | null | undefined): ImageType | null {
  const m = (mime ?? '').toLowerCase().split(';')[0]!.trim();
  if (m === 'image/jpg' || m === 'image/pjpeg') return 'jpeg';
  const hit = (Object.entries(IMAGE_MIME) as [ImageType, string][]).find(([, v]) => v === m);
  return hit ? hit[0] : null;
}

export const IMAGE_TYPE_LABEL: Record<ImageType, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', avif: 'AVIF' };
