import { getMediaStore, isSafeKey } from '@/lib/server/media-store';
import { errorResponse, publicRoute } from '@/lib/server/route';

/** A year, and never revalidated: a key names fixed bytes (the image id and a hash of the content are in it). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves a stored catalog image from whichever store is configured, so the pages (and their CSP) only ever point
 * at this origin.
 */
export const GET = publicRoute(
  'catalog images are shown on public survey pages; keys are unguessable ids + content hashes',
  async (req, ctx) => {
    const parts = ((await ctx.params).key ?? []) as string[];
    const key = parts.join('/');
    if (!isSafeKey(key) || !key.startsWith('catalog/')) return errorResponse('not_found', 'No such image.');
    const etag = `"${/([0-9a-f]{16})-[a-z]+\.webp$/.exec(key)?.[1] ?? key}"`;
    if (req.headers.get('if-none-match') === etag)
      return new Response(null, { status: 304, headers: { etag, 'cache-control': IMMUTABLE } });
    const obj = await getMediaStore().get(key);
    if (!obj) return errorResponse('not_found', 'No such image.');
    return new Response(
      Buffer.from(obj.bytes.buffer, obj.bytes.byteOffset, obj.bytes.byteLength) as unknown as BodyInit,
      {
        headers: {
          'content-type': obj.contentType === 'image/webp' ? 'image/webp' : 'application/octet-stream',
          'content-length': String(obj.bytes.byteLength),
          'cache-control': IMMUTABLE,
          etag,
          'x-content-type-options': 'nosniff',
        },
      },
    );
  },
);
