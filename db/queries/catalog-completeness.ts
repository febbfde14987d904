import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { col, decodeRows } from '../codec';
import { categories, products } from '../schema';
import type { AttributeDefinition, AttributeValues } from '../../lib/catalog/attributes';
import { assessCompleteness, rulesOf, type Completeness, type CompletenessRules } from '../../lib/catalog/completeness';

type FactsRow = {
  id: string;
  attributes: AttributeValues;
  description: string;
  base_price: number;
  attribute_defs: AttributeDefinition[];
  completeness_rules: Partial<CompletenessRules>;
  images: number;
  no_alt: number;
  variants: number;
  no_price: number;
  no_barcode: number;
};

const FACTS = {
  id: col.text,
  attributes: col.json<AttributeValues>,
  description: col.text,
  base_price: col.number,
  attribute_defs: col.json<AttributeDefinition[]>,
  completeness_rules: col.json<Partial<CompletenessRules>>,
  images: col.number,
  no_alt: col.number,
  variants: col.number,
  no_price: col.number,
  no_barcode: col.number,
};

/** What the rules read, for many products in one statement (each count an indexed lookup by product). */
async function factsOf(db: Db, ids: string[]): Promise<FactsRow[]> {
  if (ids.length === 0) return [];
  return decodeRows(
    FACTS,
    await db.execute(sql`
      select p.id, p.attributes, p.description, p.base_price, c.attribute_defs, c.completeness_rules,
        (select count(*)::int from product_images i where i.product_id = p.id) as images,
        (select count(*)::int from product_images i where i.product_id = p.id and btrim(i.alt) = '') as no_alt,
        (select count(*)::int from variants v where v.product_id = p.id) as variants,
        (select count(*)::int from variants v where v.product_id = p.id and coalesce(v.price_override, p.base_price) <= 0) as no_price,
        (select count(*)::int from variants v where v.product_id = p.id and btrim(v.barcode) = '') as no_barcode
      from products p join categories c on c.id = p.category_id
      where p.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`),
  );
}

function assess(r: FactsRow): Completeness {
  return assessCompleteness(rulesOf(r.completeness_rules), r.attribute_defs, {
    attributes: r.attributes,
    description: r.description,
    basePrice: r.base_price,
    images: r.images,
    imagesWithoutAlt: r.no_alt,
    variants: r.variants,
    variantsWithoutPrice: r.no_price,
    variantsWithoutBarcode: r.no_barcode,
  });
}

/** One product's checks and what it is missing (the product page). */
export async function productCompleteness(db: Db, id: string): Promise<Completeness | null> {
  const [row] = await factsOf(db, [id]);
  return row ? assess(row) : null;
}

/**
 * Recomputes the stored score of these products. Called in the transaction of every write that changes what
 * the rules read (the product, its variants, its images, its category's rules or attributes, an import).
 * The score is derived data: neither the version nor updated_at move.
 */
export async function refreshCompleteness(db: Db, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const scores = (await factsOf(db, unique.slice(i, i + 1000))).map((r) => ({ id: r.id, score: assess(r).score }));
    if (scores.length === 0) continue;
    await db.execute(sql`
      update products p set completeness = x.score
      from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) as x(id uuid, score smallint)
      where p.id = x.id and p.completeness is distinct from x.score`);
  }
}

/** Every product of a category (its rules or attributes changed), in id order, 1,000 at a time. */
export async function refreshCategoryCompleteness(db: Db, categoryId: string): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const batch: { id: string }[] = await db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.categoryId, categoryId), after ? gt(products.id, after) : undefined))
      .orderBy(asc(products.id))
      .limit(1000);
    if (batch.length === 0) return;
    await refreshCompleteness(
      db,
      batch.map((b) => b.id),
    );
    after = batch.at(-1)!.id;
  }
}

/** Scores products that have none yet (rows written before the column, seeds, bulk loads). Returns how many. */
export async function backfillCompleteness(db: Db, batchSize = 1000): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await db
      .select({ id: products.id })
      .from(products)
      .where(isNull(products.completeness))
      .limit(batchSize);
    if (batch.length === 0) return done;
    await refreshCompleteness(
      db,
      batch.map((b) => b.id),
    );
    done += batch.length;
  }
}
