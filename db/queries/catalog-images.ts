import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { productImages, products, variants, type ProductImage } from '../schema';
import { InvalidInput, NotFound } from '../../lib/errors';
import { writeAudit, type Actor } from './audit';
import { refreshCompleteness } from './catalog-completeness';

/** At most this many images per product (all colours together). */
export const MAX_IMAGES_PER_PRODUCT = 40;

/** The URL path a stored key is served at (app/media/[...key]/route.ts). */
export const mediaUrl = (key: string) => `/media/${key}`;

/** The key a served URL names, when it is one of ours (`/media/…` or an absolute URL on any host with that path). */
export function keyOfMediaUrl(url: string): string | null {
  let p = url.trim();
  try {
    if (/^https?:\/\//i.test(p)) p = new URL(p).pathname;
  } catch {
    return null;
  }
  return p.startsWith('/media/') ? p.slice('/media/'.length) : null;
}

export type ImageView = Pick<
  ProductImage,
  'id' | 'productId' | 'colour' | 'position' | 'alt' | 'width' | 'height' | 'bytes'
> & { thumbUrl: string; displayUrl: string };

function view(r: ProductImage): ImageView {
  return {
    id: r.id,
    productId: r.productId,
    colour: r.colour,
    position: r.position,
    alt: r.alt,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
    thumbUrl: mediaUrl(r.thumbKey),
    displayUrl: mediaUrl(r.displayKey),
  };
}

/** A product's images: its own ('' colour) first, then per colour, each in order; the first of a group is its primary. */
export async function listProductImages(db: Db, productId: string): Promise<ImageView[]> {
  const rows = await db
    .select()
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.colour), asc(productImages.position));
  return rows.map(view);
}

/** The primary thumbnail of each product: its own first image, else the first of any colour. */
export async function primaryThumbs(db: Db, productIds: string[]): Promise<Map<string, { url: string; alt: string }>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([productImages.productId], {
      productId: productImages.productId,
      key: productImages.thumbKey,
      alt: productImages.alt,
    })
    .from(productImages)
    .where(inArray(productImages.productId, productIds))
    .orderBy(productImages.productId, asc(productImages.colour), asc(productImages.position));
  return new Map(rows.map((r) => [r.productId, { url: mediaUrl(r.key), alt: r.alt }]));
}

export type NewImage = {
  id: string;
  productId: string;
  colour: string;
  thumbKey: string;
  displayKey: string;
  width: number;
  height: number;
  bytes: number;
};

/** Records an uploaded image (its files already stored) at the end of its product/colour group. */
export async function addProductImage(db: Db, actor: Actor, img: NewImage): Promise<ImageView> {
  return db.transaction(async (tx) => {
    // The product row's lock orders concurrent uploads to it, so positions and the per-product cap hold.
    const [product] = await tx
      .select({ id: products.id })
      .from(products)
      .where(eq(products.id, img.productId))
      .for('update');
    if (!product) throw new NotFound('That product');
    const [stats] = await tx
      .select({
        n: sql<number>`count(*)::int`,
        next: sql<number>`coalesce(max(${productImages.position}) filter (where ${productImages.colour} = ${img.colour}), -1)::int + 1`,
      })
      .from(productImages)
      .where(eq(productImages.productId, img.productId));
    if ((stats?.n ?? 0) >= MAX_IMAGES_PER_PRODUCT)
      throw new InvalidInput(`A product has at most ${MAX_IMAGES_PER_PRODUCT} images.`);
    const [row] = await tx
      .insert(productImages)
      .values({ ...img, position: stats?.next ?? 0 })
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'product',
      entityId: img.productId,
      action: 'image_add',
      before: null,
      after: { image: `${img.colour || 'product'} #${(stats?.next ?? 0) + 1}` },
    });
    await refreshCompleteness(tx, [img.productId]);
    return view(row!);
  });
}

async function lockGroup(tx: Db, productId: string, colour: string) {
  await tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).for('update');
  return tx
    .select()
    .from(productImages)
    .where(and(eq(productImages.productId, productId), eq(productImages.colour, colour)))
    .orderBy(asc(productImages.position));
}

/** Puts a product/colour group in `ids`' order (every image of the group, once). */
export async function reorderProductImages(
  db: Db,
  actor: Actor,
  productId: string,
  colour: string,
  ids: string[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const group = await lockGroup(tx, productId, colour);
    const current = group.map((r) => r.id);
    if (ids.length !== current.length || new Set(ids).size !== ids.length || ids.some((id) => !current.includes(id))) {
      throw new InvalidInput('The images changed meanwhile. Reload the page and try again.');
    }
    if (ids.every((id, i) => current[i] === id)) return;
    for (const [position, id] of ids.entries()) {
      await tx.update(productImages).set({ position }).where(eq(productImages.id, id));
    }
    await writeAudit(tx, actor, {
      entityType: 'product',
      entityId: productId,
      action: 'image_reorder',
      before: {
        [`${colour || 'product'} images`]: current.map((id) => group.findIndex((g) => g.id === id) + 1).join(','),
      },
      after: { [`${colour || 'product'} images`]: ids.map((id) => group.findIndex((g) => g.id === id) + 1).join(',') },
    });
  });
}

/** Sets an image's alt text. */
export async function setImageAlt(db: Db, actor: Actor, imageId: string, alt: string): Promise<ImageView> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(productImages).where(eq(productImages.id, imageId)).for('update');
    if (!before) throw new NotFound('That image');
    const [after] = await tx.update(productImages).set({ alt }).where(eq(productImages.id, imageId)).returning();
    if (before.alt !== alt) {
      await writeAudit(tx, actor, {
        entityType: 'product',
        entityId: before.productId,
        action: 'image_alt',
        before: { 'image alt text': before.alt },
        after: { 'image alt text': alt },
      });
    }
    await refreshCompleteness(tx, [before.productId]);
    return view(after!);
  });
}

/**
 * Removes an image's row and closes the gap in its group. Returns the keys of its files: the caller deletes them
 * after this commits (a failure there leaves an orphan that `npm run media:verify` reports, never a row without files).
 */
export async function deleteProductImage(
  db: Db,
  actor: Actor,
  imageId: string,
): Promise<{ productId: string; keys: string[] }> {
  return db.transaction(async (tx) => {
    const [img] = await tx.select().from(productImages).where(eq(productImages.id, imageId));
    if (!img) throw new NotFound('That image');
    const group = await lockGroup(tx, img.productId, img.colour);
    await tx.delete(productImages).where(eq(productImages.id, imageId));
    let position = 0;
    for (const r of group) {
      if (r.id === imageId) continue;
      if (r.position !== position) await tx.update(productImages).set({ position }).where(eq(productImages.id, r.id));
      position += 1;
    }
    await writeAudit(tx, actor, {
      entityType: 'product',
      entityId: img.productId,
      action: 'image_delete',
      before: { image: img.alt || '(no alt text)' },
      after: null,
    });
    await refreshCompleteness(tx, [img.productId]);
    return { productId: img.productId, keys: [img.thumbKey, img.displayKey] };
  });
}

/** Names of products among `ids` with an image lacking alt text (they may not become active). */
export async function productsWithUndescribedImages(tx: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ productId: productImages.productId })
    .from(productImages)
    .where(and(inArray(productImages.productId, ids), sql`btrim(${productImages.alt}) = ''`));
  return new Set(rows.map((r) => r.productId));
}

/** Every stored key the database refers to (the orphan check compares the store against it). */
export async function allImageKeys(db: Db): Promise<Set<string>> {
  const rows = await db.select({ t: productImages.thumbKey, d: productImages.displayKey }).from(productImages);
  const keys = new Set<string>();
  for (const r of rows) {
    keys.add(r.t);
    keys.add(r.d);
  }
  return keys;
}

/** Each variant's thumbnail: its colour's primary image, else the product's own primary (stock pages). */
export async function variantThumbs(db: Db, variantIds: string[]): Promise<Map<string, { url: string; alt: string }>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([variants.id], { variantId: variants.id, key: productImages.thumbKey, alt: productImages.alt })
    .from(variants)
    .innerJoin(
      productImages,
      and(
        eq(productImages.productId, variants.productId),
        or(eq(productImages.colour, variants.colour), eq(productImages.colour, '')),
      ),
    )
    .where(inArray(variants.id, variantIds))
    .orderBy(variants.id, desc(sql`${productImages.colour} = ${variants.colour}`), asc(productImages.position));
  return new Map(rows.map((r) => [r.variantId, { url: mediaUrl(r.key), alt: r.alt }]));
}
