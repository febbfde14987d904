import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { categories, productImages, products, suppliers, variants } from '../schema';
import { BASE_COLUMNS, IMAGES_COLUMN, attributeCell, imagesCell, moneyCell } from '../../lib/catalog/csv';
import { mediaUrl } from './catalog-images';
import { productWhere, type ProductFilter } from './catalog-list';

export type ExportKind = 'products' | 'variants';
export const EXPORT_MAX_PRODUCTS = 200_000;

/** The CSV header for the current categories: base columns, then every attribute key (sorted). */
export async function exportHeader(db: Db): Promise<string[]> {
  const rows = await db.select({ defs: categories.attributeDefs }).from(categories);
  const keys = [...new Set(rows.flatMap((r) => r.defs.map((d) => d.key)))].sort();
  return [...BASE_COLUMNS, IMAGES_COLUMN, ...keys.map((k) => `attr.${k}`)];
}

/**
 * The filtered list as CSV rows, in batches (keyset by product id, so the export of a big catalog costs the
 * same per batch). `variants`: one row per variant; `products`: one row per product, variant columns empty.
 */
export async function* exportRows(
  db: Db,
  header: string[],
  filter: ProductFilter,
  kind: ExportKind,
  batch = 1000,
): AsyncGenerator<string[][]> {
  const where = await productWhere(db, filter);
  const attrKeys = header.filter((h) => h.startsWith('attr.')).map((h) => h.slice(5));
  let after: string | null = null;
  let sent = 0;
  while (sent < EXPORT_MAX_PRODUCTS) {
    const page = await db
      .select({ p: products, categoryName: categories.name, supplierName: suppliers.name })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(suppliers, eq(suppliers.id, products.supplierId))
      .where(and(where, after ? gt(products.id, after) : undefined))
      .orderBy(asc(products.id))
      .limit(batch);
    if (page.length === 0) return;
    after = page.at(-1)!.p.id;
    sent += page.length;
    const vs =
      kind === 'variants'
        ? await db
            .select()
            .from(variants)
            .where(
              sql`${variants.productId} in (${sql.join(
                page.map((r) => sql`${r.p.id}::uuid`),
                sql`, `,
              )})`,
            )
            .orderBy(asc(variants.productId), asc(sql`lower(${variants.sku})`))
        : [];
    // Display-size URLs, the product's own first, then per colour, each in order.
    const imgs = await db
      .select({ productId: productImages.productId, colour: productImages.colour, key: productImages.displayKey })
      .from(productImages)
      .where(
        sql`${productImages.productId} in (${sql.join(
          page.map((r) => sql`${r.p.id}::uuid`),
          sql`, `,
        )})`,
      )
      .orderBy(asc(productImages.productId), asc(productImages.colour), asc(productImages.position));
    const imagesOf = new Map<string, { colour: string; url: string }[]>();
    for (const i of imgs)
      (imagesOf.get(i.productId) ?? imagesOf.set(i.productId, []).get(i.productId)!).push({
        colour: i.colour,
        url: mediaUrl(i.key),
      });
    const byProduct = new Map<string, typeof vs>();
    for (const v of vs) (byProduct.get(v.productId) ?? byProduct.set(v.productId, []).get(v.productId)!).push(v);
    const out: string[][] = [];
    for (const { p, categoryName, supplierName } of page) {
      const productCells = [
        p.slug,
        p.name,
        categoryName,
        p.status,
        moneyCell(p.basePrice),
        p.currency,
        supplierName ?? '',
        p.tags.join('|'),
        p.description,
      ];
      const attrCells = [imagesCell(imagesOf.get(p.id) ?? []), ...attrKeys.map((k) => attributeCell(p.attributes[k]))];
      const list = byProduct.get(p.id) ?? [];
      if (list.length === 0) out.push([...productCells, '', '', '', '', '', '', '', ...attrCells]);
      for (const v of list) {
        out.push([
          ...productCells,
          v.sku,
          v.size,
          v.colour,
          moneyCell(v.priceOverride),
          v.barcode,
          v.weightGrams === null ? '' : String(v.weightGrams),
          v.active ? 'yes' : 'no',
          ...attrCells,
        ]);
      }
    }
    yield out;
  }
}
