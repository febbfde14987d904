import { z } from '@/lib/zod';
import { getDb } from '@/db/client';
import { lookupSkus } from '@/db/queries/inventory-read';
import { InvalidInput } from '@/lib/errors';
import { staffRoute } from '@/lib/server/route';

const query = z.object({
  q: z.string().trim().max(100, 'Use at most 100 characters.').default(''),
  location: z.uuid({ error: 'Not a valid location.' }).optional(),
});

/** Feeds the SKU combobox and the count scanner: `?q=` (barcode, SKU prefix or product name prefix), `&location=`. */
export const GET = staffRoute('inventory.manage', async (req) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = query.safeParse({ q: params.q, location: params.location || undefined });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    throw new InvalidInput('Check the search.', fieldErrors);
  }
  const matches = await lookupSkus(await getDb(), parsed.data.q, { locationId: parsed.data.location });
  return Response.json({ matches }, { headers: { 'cache-control': 'no-store' } });
});
