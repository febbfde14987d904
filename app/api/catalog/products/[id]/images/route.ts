import { getDb } from '@/db/client';
import { MAX_IMAGE_BYTES } from '@/lib/media/image-type';
import { readBodyBytes } from '@/lib/server/body';
import { uploadProductImage } from '@/lib/server/media';
import { errorResponse, staffRoute } from '@/lib/server/route';
import { isUuid } from '@/lib/validation';
import { z } from '@/lib/zod';

const colour = z.string().trim().max(40, 'Use at most 40 characters for the colour.');

/**
 * One image upload: the file's bytes are the body (not a form), so the 10 MB limit is enforced while reading and
 * no multipart parser buffers more; `?colour=` files it under that colour's variants ('' = the product's own).
 * A route rather than a server action because a server action's body is capped far below 10 MB and is a form.
 * Answers 201 with the stored image, 400 for a file that is not an acceptable image, 413 over 10 MB.
 */
export const POST = staffRoute('catalog.write', async (req, user, ctx) => {
  const { id } = (await ctx.params) as { id: string };
  if (!isUuid(id)) return errorResponse('not_found', 'That product was not found.');
  const parsed = colour.safeParse(new URL(req.url).searchParams.get('colour') ?? '');
  if (!parsed.success)
    return errorResponse('invalid', 'Some fields need attention.', { colour: [parsed.error.issues[0]!.message] });
  const bytes = await readBodyBytes(req, MAX_IMAGE_BYTES);
  if (!bytes) return errorResponse('payload_too_large', 'The file is larger than 10 MB.');
  const image = await uploadProductImage(
    await getDb(),
    { id: user.id, label: user.email },
    {
      productId: id,
      colour: parsed.data,
      bytes,
      declaredType: req.headers.get('content-type'),
    },
  );
  return Response.json({ image }, { status: 201 });
});
