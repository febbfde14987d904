import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { declaredImageType, MAX_IMAGE_BYTES, sniffImageType } from '@/lib/media/image-type';
import { processImage } from '@/lib/server/media-image';

const photo = (format: 'jpeg' | 'png' | 'webp' | 'avif', width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: { r: 180, g: 60, b: 90 } } })
    .toFormat(format)
    .toBuffer();

/** A PNG whose header claims `width` × `height` with a tiny compressed body: the classic decompression bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  // A few rows of zeros: megabytes of pixels would follow from a few bytes.
  const idat = deflateSync(Buffer.alloc(width + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('image type by content', () => {
  it('knows the four accepted types by their first bytes', async () => {
    for (const f of ['jpeg', 'png', 'webp', 'avif'] as const) expect(sniffImageType(await photo(f, 16, 16))).toBe(f);
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from('GIF89a........'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
    expect(declaredImageType('image/JPEG')).toBe('jpeg');
    expect(declaredImageType('text/html')).toBeNull();
  });
});

describe('processImage', () => {
  it('makes WebP thumbnail and display sizes, hashed, within their bounds', async () => {
    const out = await processImage(await photo('jpeg', 2400, 1200), 'image/jpeg');
    expect(out).toMatchObject({ type: 'jpeg', width: 2400, height: 1200 });
    const [thumb, display] = await Promise.all([sharp(out.thumb).metadata(), sharp(out.display).metadata()]);
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 320, 160]);
    expect([display.format, display.width, display.height]).toEqual(['webp', 1600, 800]);
    expect(out.thumbHash).toMatch(/^[0-9a-f]{16}$/);
    expect(out.displayHash).not.toBe(out.thumbHash);
  });

  it('accepts PNG, WebP and AVIF too', async () => {
    for (const f of ['png', 'webp', 'avif'] as const) expect((await processImage(await photo(f, 50, 40))).type).toBe(f);
  });

  it('strips EXIF and GPS and applies the orientation', async () => {
    const withGps = await sharp(await photo('jpeg', 300, 100))
      .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const before = await sharp(withGps).metadata();
    expect(before.exif?.includes(Buffer.from('PhoneCo'))).toBe(true);
    expect(before.orientation).toBe(6);
    const out = await processImage(withGps);
    for (const b of [out.thumb, out.display]) {
      const m = await sharp(b).metadata();
      expect(m.exif).toBeUndefined();
      expect(m.xmp).toBeUndefined();
      expect(b.includes(Buffer.from('PhoneCo'))).toBe(false);
    }
    // Orientation 6 is a quarter turn: the stored pixels stand upright.
    expect([out.width, out.height]).toEqual([100, 300]);
    expect((await sharp(out.display).metadata()).height).toBe(300);
  });

  it('refuses a truncated file', async () => {
    const whole = await photo('jpeg', 800, 600);
    await expect(processImage(whole.subarray(0, Math.floor(whole.length / 2)))).rejects.toThrow(
      /damaged or incomplete/,
    );
    const png = await photo('png', 800, 600);
    await expect(processImage(png.subarray(0, Math.floor(png.length * 0.6)))).rejects.toThrow(/damaged or incomplete/);
  });

  it('refuses a file lying about its type', async () => {
    // An HTML page named .jpg and sent as image/jpeg.
    await expect(processImage(Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg')).rejects.toThrow(
      /not a JPEG, PNG, WebP or AVIF/,
    );
    // A PNG sent as a JPEG.
    await expect(processImage(await photo('png', 20, 20), 'image/jpeg')).rejects.toThrow(
      /says it is JPEG but its content is PNG/,
    );
    // JPEG magic bytes in front of something else.
    await expect(
      processImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg at all')])),
    ).rejects.toThrow(/damaged or incomplete/);
  });

  it('refuses oversized dimensions before decoding (a decompression bomb)', async () => {
    const bomb = pngClaiming(50_000, 50_000);
    expect(bomb.length).toBeLessThan(1000);
    await expect(processImage(bomb)).rejects.toThrow(/50000 × 50000 pixels/);
    await expect(processImage(pngClaiming(13_000, 10))).rejects.toThrow(/at most 12,000 a side/);
  });

  it('refuses empty and over-10 MB files', async () => {
    await expect(processImage(new Uint8Array())).rejects.toThrow(/empty/);
    await expect(processImage(new Uint8Array(MAX_IMAGE_BYTES + 1))).rejects.toThrow(/larger than 10 MB/);
  });
});
