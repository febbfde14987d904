import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../client';
import { col, decodeRows } from '../codec';
import { categories, products, suppliers, variants } from '../schema';
import { primaryThumbs } from './catalog-images';
import { attributeFilterFragment, type AttributeDefinition, type AttributeValues } from '../../lib/catalog/attributes';
import { PAGE_SIZES, type ProductFilter, type ProductListQuery, type ProductSort } from '../../lib/catalog/list-query';

export { type ProductFilter, type ProductListQuery, type ProductSort } from '../../lib/catalog/list-query';

/** Exact counting stops here; past it the list shows the planner's estimate ("about 10,200"). */
export const COUNT_CAP = 1_000;

/** Words of a search as a prefix tsquery ("lin wra" → "lin:* & wra:*"), or null when nothing is searchable. */
export function toPrefixQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length
    ? words
        .slice(0, 8)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Attribute definitions by key across categories (or one), to type filter values. */
async function definitionsByKey(db: Db, categoryId?: string): Promise<Map<string, AttributeDefinition>> {
  const rows = await db
    .select({ defs: categories.attributeDefs })
    .from(categories)
    .where(categoryId ? eq(categories.id, categoryId) : undefined);
  const map = new Map<string, AttributeDefinition>();
  for (const r of rows) for (const d of r.defs) if (!map.has(d.key)) map.set(d.key, d);
  return map;
}

/**
 * The WHERE clause of a product filter. Every branch is backed by an index: the name's tsvector GIN and the
 * SKU pattern btree (search), btrees (category, status, supplier, price), GIN (tags, attributes).
 */
export async function productWhere(db: Db, f: ProductFilter): Promise<SQL | undefined> {
  const where: SQL[] = [];
  const q = f.q?.trim();
  if (q) {
    const tsq = toPrefixQuery(q);
    const skuLike = `${escapeLike(q.toLowerCase())}%`;
    // A union of two index lookups, rather than an OR the planner could only answer with a scan.
    where.push(sql`${products.id} in (
      ${tsq ? sql`select id from products where to_tsvector('simple', name) @@ to_tsquery('simple', ${tsq}) union ` : sql``}
      select product_id from variants where lower(sku) like ${skuLike})`);
  }
  if (f.category) where.push(eq(products.categoryId, f.category));
  if (f.status) where.push(eq(products.status, f.status));
  if (f.supplier) where.push(eq(products.supplierId, f.supplier));
  if (f.tag) where.push(sql`${products.tags} @> array[${f.tag}]::text[]`);
  if (f.attrs?.length) {
    const defs = await definitionsByKey(db, f.category);
    const fragment: AttributeValues = {};
    for (const [key, value] of f.attrs) {
      const part = attributeFilterFragment(defs.get(key), key, value);
      if (!part) return sql`false`; // "inseam = abc" on a number attribute matches nothing
      const existing = fragment[key];
      const v = part[key]!;
      fragment[key] = Array.isArray(existing) && Array.isArray(v) ? [...existing, ...v] : v;
    }
    where.push(sql`${products.attributes} @> ${JSON.stringify(fragment)}::jsonb`);
  }
  if (f.priceMin !== undefined) where.push(gte(products.basePrice, f.priceMin));
  if (f.priceMax !== undefined) where.push(lte(products.basePrice, f.priceMax));
  if (f.incomplete) where.push(sql`${products.completeness} < 100`);
  return where.length ? and(...where) : undefined;
}

function orderOf(sort: ProductSort | undefined) {
  switch (sort) {
    case 'name':
      return [asc(sql`lower(${products.name})`), asc(products.id)];
    case '-name':
      return [desc(sql`lower(${products.name})`), desc(products.id)];
    case 'price':
      return [asc(products.basePrice), asc(products.id)];
    case '-price':
      return [desc(products.basePrice), desc(products.id)];
    // Least complete first; both directions follow products_completeness_idx (NULLS as the index keeps them).
    case 'completeness':
      return [sql`${products.completeness} asc nulls last`, asc(products.id)];
    case '-completeness':
      return [sql`${products.completeness} desc nulls first`, desc(products.id)];
    default:
      // NULLS LAST to match the indexes drizzle builds for `.desc()` (the column is NOT NULL anyway).
      return [sql`${products.updatedAt} desc nulls last`, asc(products.id)];
  }
}

export function isFiltered(f: ProductFilter): boolean {
  return Boolean(
    f.q ||
      f.category ||
      f.status ||
      f.supplier ||
      f.tag ||
      f.attrs?.length ||
      f.priceMin !== undefined ||
      f.priceMax !== undefined ||
      f.incomplete,
  );
}

/**
 * One page of the product list. The page's ids come first from an index-ordered query (so a deep page
 * skips index entries, not joined rows), then their details; one row more than the page tells whether a
 * next page exists, so paging needs no count.
 */
export async function listProductPage(db: Db, query: ProductListQuery, opts: { thumbs?: boolean } = {}) {
  const pageSize = (PAGE_SIZES as readonly number[]).includes(query.pageSize ?? 0) ? query.pageSize! : 25;
  const page = Math.min(Math.max(query.page ?? 1, 1), 10_000);
  const where = await productWhere(db, query);
  const idRows = await db
    .select({ id: products.id })
    .from(products)
    .where(where)
    .orderBy(...orderOf(query.sort))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  const ids = idRows.slice(0, pageSize).map((r) => r.id);
  const details = ids.length
    ? await db
        .select({
          id: products.id,
          name: products.name,
          slug: products.slug,
          status: products.status,
          basePrice: products.basePrice,
          currency: products.currency,
          tags: products.tags,
          attributes: products.attributes,
          updatedAt: products.updatedAt,
          version: products.version,
          completeness: products.completeness,
          categoryName: categories.name,
          supplierName: suppliers.name,
          variantCount: sql<number>`(select count(*)::int from ${variants} where ${variants.productId} = ${products.id})`,
        })
        .from(products)
        .innerJoin(categories, eq(categories.id, products.categoryId))
        .leftJoin(suppliers, eq(suppliers.id, products.supplierId))
        .where(inArray(products.id, ids))
    : [];
  // Thumbnails by one DISTINCT ON over the page's ids (the (product, colour, position) index), beside the details.
  const thumbs = opts.thumbs === false ? new Map<string, { url: string; alt: string }>() : await primaryThumbs(db, ids);
  const byId = new Map(details.map((d) => [d.id, { ...d, thumb: thumbs.get(d.id) ?? null }]));
  const rows = ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  return { rows, hasNext: idRows.length > pageSize, page, pageSize };
}

export type ProductCount = { n: number; exact: boolean };

/**
 * How many products match: exact up to COUNT_CAP; past it, the planner's estimate of the whole table when
 * unfiltered (no full count of a huge table), or "more than COUNT_CAP" when filtered.
 */
export async function countProducts(db: Db, filter: ProductFilter): Promise<ProductCount> {
  const where = await productWhere(db, filter);
  const [row] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from (select 1 from ${products} ${where ? sql`where ${where}` : sql``} limit ${COUNT_CAP + 1}) capped`,
    ),
  );
  const n = row?.n ?? 0;
  if (n <= COUNT_CAP) return { n, exact: true };
  // Past the cap, the planner's row estimate (statistics kept by ANALYZE): instant at any table size.
  const [plan] = decodeRows(
    { 'QUERY PLAN': col.json<{ Plan?: { 'Plan Rows'?: number } }[]> },
    await db.execute(sql`explain (format json) select 1 from ${products} ${where ? sql`where ${where}` : sql``}`),
  );
  const parsed = plan?.['QUERY PLAN'];
  const estimate = Math.round(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0);
  return { n: Math.max(estimate, COUNT_CAP + 1), exact: false };
}

/** Tags in use, most used first (for the filter's suggestions). Bounded by a sample on big tables. */
export async function popularTags(db: Db, limit = 30): Promise<string[]> {
  const rows = rowsOf<{ tag: string }>(
    await db.execute(
      sql`select tag from (select unnest(tags) as tag from (select tags from products limit 5000) s) t group by tag order by count(*) desc, tag limit ${limit}`,
    ),
  );
  return rows.map((r) => r.tag);
}
