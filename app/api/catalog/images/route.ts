import { getDb } from '@/db/client';
import { searchCatalogImages } from '@/db/queries/catalog-image-picker';
import { staffRoute } from '@/lib/server/route';

/** The survey builder's image picker: catalog images of products whose name matches `q` (at most 24). */
export const GET = staffRoute('catalog.read', async (req) => {
  const q = (new URL(req.url).searchParams.get('q') ?? '').slice(0, 100);
  const images = await searchCatalogImages(await getDb(), q);
  return Response.json({ images }, { headers: { 'cache-control': 'private, no-store' } });
});
