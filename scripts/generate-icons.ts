// Writes Bobbin's icon files into public/ from the one design below: `npx tsx scripts/generate-icons.ts`.
// Run it by hand after changing the design and commit the output; the build does not need it. PNGs are drawn by
// rsvg-convert (Debian: `apt-get install librsvg2-bin`); favicon.ico is assembled here (an ICO may hold PNGs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BRAND = '#3d55d6'; // --color-brand-600 in app/globals.css
const THREAD = '#f59e6b';
const THREAD_DARK = '#c2653a';
const WHITE = '#ffffff';

/**
 * A bobbin of thread on the brand square, drawn on a 64-unit grid. `bleed` fills the whole square (home-screen
 * icons, which the platform rounds or masks itself) and shrinks the bobbin into the maskable safe zone.
 */
function svg({ bleed }: { bleed: boolean }): string {
  const glyph = [
    // The wound thread, with a few turns showing, then the loose end leaving it.
    `<rect x="21" y="18" width="22" height="28" fill="${THREAD}"/>`,
    `<path d="M21 24.5h22M21 30.5h22M21 36.5h22" stroke="${THREAD_DARK}" stroke-width="1.6"/>`,
    `<path d="M43 32.5C50 32.5 54 36.5 54 42.5S51.5 52 55.5 56.5" fill="none" stroke="${THREAD}" stroke-width="2.6" stroke-linecap="round"/>`,
    // The two flanges.
    `<rect x="15" y="11" width="34" height="8" rx="3" fill="${WHITE}"/>`,
    `<rect x="15" y="45" width="34" height="8" rx="3" fill="${WHITE}"/>`,
  ].join('');
  const background = bleed
    ? `<rect width="64" height="64" fill="${BRAND}"/>`
    : `<rect width="64" height="64" rx="14" fill="${BRAND}"/>`;
  // Maskable icons keep their content within the central 80% circle.
  const body = bleed ? `<g transform="translate(32 32) scale(0.78) translate(-32 -32)">${glyph}</g>` : glyph;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${background}${body}</svg>\n`;
}

/** An ICO whose entries are PNGs (supported by every browser that reads favicon.ico today). */
function ico(pngs: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); // width (0 means 256)
    e.writeUInt8(size >= 256 ? 0 : size, 1); // height
    e.writeUInt8(0, 2); // palette colours
    e.writeUInt8(0, 3); // reserved
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

const out = path.resolve(import.meta.dirname, '..', 'public');
fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(out, '.icons-'));
try {
  const rounded = path.join(out, 'icon.svg');
  const bleed = path.join(tmp, 'bleed.svg');
  fs.writeFileSync(rounded, svg({ bleed: false }));
  fs.writeFileSync(bleed, svg({ bleed: true }));
  const png = (source: string, size: number, file: string) => {
    execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--output', file, source]);
    return fs.readFileSync(file);
  };
  png(rounded, 192, path.join(out, 'icon-192.png'));
  png(rounded, 512, path.join(out, 'icon-512.png'));
  png(bleed, 512, path.join(out, 'icon-maskable-512.png'));
  png(bleed, 180, path.join(out, 'apple-touch-icon.png')); // iOS rounds the corners itself
  const small = [16, 32, 48].map((size) => ({ size, data: png(rounded, size, path.join(tmp, `${size}.png`)) }));
  fs.writeFileSync(path.join(out, 'favicon.ico'), ico(small));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`icons written to ${out}`);
