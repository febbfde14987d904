import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { productImages, products } from '../schema';
import { mediaUrl } from './catalog-images';
import { toPrefixQuery } from './catalog-list';

export type PickableImage = {
  id: string;
  productName: string;
  colour: string;
  alt: string;
  thumbUrl: string;
  displayUrl: string;
};

/**
 * Catalog images for the survey builder's picker: those of products whose name matches the words typed
 * (word prefixes, the list's name index), most recently changed products first, each product's images in order.
 */
export async function searchCatalogImages(db: Db, q: string, limit = 24): Promise<PickableImage[]> {
  const tsq = toPrefixQuery(q);
  const rows = await db
    .select({ image: productImages, productName: products.name })
    .from(productImages)
    .innerJoin(products, eq(products.id, productImages.productId))
    .where(tsq ? sql`to_tsvector('simple', ${products.name}) @@ to_tsquery('simple', ${tsq})` : undefined)
    .orderBy(desc(products.updatedAt), asc(products.id), asc(productImages.colour), asc(productImages.position))
    .limit(limit);
  return rows.map(({ image, productName }) => ({
    id: image.id,
    productName,
    colour: image.colour,
    alt: image.alt,
    thumbUrl: mediaUrl(image.thumbKey),
    displayUrl: mediaUrl(image.displayKey),
  }));
}

/** The current URLs of referenced images (an image deleted since is absent: the option then shows none). */
export async function catalogImagesByIds(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { displayUrl: string; alt: string }>> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: productImages.id, key: productImages.displayKey, alt: productImages.alt })
    .from(productImages)
    .where(and(inArray(productImages.id, unique)));
  return new Map(rows.map((r) => [r.id, { displayUrl: mediaUrl(r.key), alt: r.alt }]));
}
