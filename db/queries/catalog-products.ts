import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, categories, products, suppliers, variants, type Category, type Product } from '../schema';
import { validateAttributes, type AttributeValues } from '../../lib/catalog/attributes';
import { formatMoneyPlain, type ProductStatus } from '../../lib/catalog/constants';
import { formatValue } from '../../lib/format';
import { Conflict, InvalidInput, NotFound, StaleVersion } from '../../lib/errors';
import { productsWithUndescribedImages } from './catalog-images';
import { lastEditor, writeAudit, type Actor } from './audit';
import { refreshCompleteness } from './catalog-completeness';
import { enqueueProductUpdated } from './outbox';

/** A product as the audit trail shows it: names rather than ids, prices as money, one entry per attribute. */
export function productAuditView(
  p: Pick<Product, 'name' | 'slug' | 'description' | 'status' | 'basePrice' | 'currency' | 'tags' | 'attributes'>,
  categoryName: string,
  supplierName: string | null,
) {
  return {
    name: p.name,
    slug: p.slug,
    description: p.description,
    category: categoryName,
    status: p.status,
    price: `${formatMoneyPlain(p.basePrice)} ${p.currency}`,
    supplier: supplierName,
    tags: p.tags.join(', '),
    ...Object.fromEntries(
      Object.entries(p.attributes).map(([k, v]) => [`attributes.${k}`, Array.isArray(v) ? v.join(', ') : v]),
    ),
  };
}

/** A product with its category, supplier and variants, for the product page. */
export async function getProduct(db: Db, id: string) {
  const [row] = await db
    .select({ product: products, category: categories, supplierName: suppliers.name })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(suppliers, eq(suppliers.id, products.supplierId))
    .where(eq(products.id, id));
  if (!row) return null;
  const variantRows = await db
    .select()
    .from(variants)
    .where(eq(variants.productId, id))
    .orderBy(asc(variants.size), asc(variants.colour), asc(variants.sku));
  return { ...row.product, category: row.category, supplierName: row.supplierName, variants: variantRows };
}

export type ProductInput = {
  name: string;
  slug: string;
  description: string;
  categoryId: string;
  status: ProductStatus;
  basePrice: number;
  currency: string;
  supplierId: string | null;
  tags: string[];
  /** Raw values keyed by attribute key (form strings or typed values); validated against the category. */
  attributes: Record<string, unknown>;
};

async function loadCategory(tx: Db, id: string): Promise<Category> {
  const [category] = await tx.select().from(categories).where(eq(categories.id, id));
  if (!category) throw new InvalidInput('Choose a category.', { categoryId: ['That category no longer exists.'] });
  return category;
}

async function supplierName(tx: Db, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [s] = await tx.select({ name: suppliers.name }).from(suppliers).where(eq(suppliers.id, id));
  if (!s) throw new InvalidInput('Choose a supplier.', { supplierId: ['That supplier no longer exists.'] });
  return s.name;
}

function checkAttributes(category: Category, raw: Record<string, unknown>): AttributeValues {
  const { values, errors } = validateAttributes(category.attributeDefs, raw);
  if (Object.keys(errors).length)
    throw new InvalidInput(`Some attributes do not fit the category ${category.name}.`, errors);
  return values;
}

async function assertSlugFree(tx: Db, slug: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: products.id })
    .from(products)
    .where(exceptId ? and(eq(products.slug, slug), ne(products.id, exceptId)) : eq(products.slug, slug));
  if (clash) throw new Conflict('Another product already uses this slug.', 'slug');
}

export async function createProduct(db: Db, actor: Actor, input: ProductInput): Promise<Product> {
  return db.transaction(async (tx) => {
    const category = await loadCategory(tx, input.categoryId);
    const attributes = checkAttributes(category, input.attributes);
    const supplier = await supplierName(tx, input.supplierId);
    await assertSlugFree(tx, input.slug);
    const [created] = await tx
      .insert(products)
      .values({ ...input, attributes })
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'product',
      entityId: created!.id,
      action: 'create',
      before: null,
      after: productAuditView(created!, category.name, supplier),
    });
    await refreshCompleteness(tx, [created!.id]);
    return created!;
  });
}

/**
 * What others changed since `version`: the field changes of the product's audit rows written after it
 * (each save bumps the version by one and writes one row), as "field: before → after".
 */
async function changesSince(tx: Db, id: string, current: number, version: number): Promise<string[]> {
  const rows = await tx
    .select({ changes: auditLog.changes })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, 'product'),
        eq(auditLog.entityId, id),
        inArray(auditLog.action, ['create', 'update', 'bulk_update', 'import']),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(Math.max(0, Math.min(current - version, 20)));
  const merged = new Map<string, [unknown, unknown]>();
  for (const row of rows.reverse()) {
    for (const [field, [from, to]] of Object.entries(row.changes)) {
      const prev = merged.get(field);
      merged.set(field, [prev ? prev[0] : from, to]);
    }
  }
  return [...merged].map(([field, [from, to]]) => `${field}: ${formatValue(from)} → ${formatValue(to)}`);
}

/** Saves the edit form. Refused when someone saved after the form was loaded; the message says what they changed. */
export async function updateProduct(
  db: Db,
  actor: Actor,
  input: ProductInput & { id: string; version: number },
): Promise<Product> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(products).where(eq(products.id, input.id)).for('update');
    if (!before) throw new NotFound('That product');
    if (before.version !== input.version) {
      const { name, slug, description, categoryId, status, basePrice, currency, supplierId, tags, attributes } = before;
      const current = {
        name,
        slug,
        description,
        categoryId,
        status,
        basePrice,
        currency,
        supplierId,
        tags,
        attributes,
      };
      const by = await lastEditor(tx, actor, 'product', input.id);
      throw new StaleVersion(`“${before.name}”`, await changesSince(tx, input.id, before.version, input.version), {
        version: before.version,
        current,
        by,
      });
    }
    const [oldCategory] = await tx
      .select({ name: categories.name })
      .from(categories)
      .where(eq(categories.id, before.categoryId));
    const category = await loadCategory(tx, input.categoryId);
    const attributes = checkAttributes(category, input.attributes);
    const supplier = await supplierName(tx, input.supplierId);
    const oldSupplier = await supplierName(tx, before.supplierId).catch(() => null);
    await assertSlugFree(tx, input.slug, input.id);
    if (input.status === 'active' && before.status !== 'active') await assertImagesDescribed(tx, [input.id]);
    const { id, version: _v, ...values } = input;
    const [after] = await tx
      .update(products)
      .set({ ...values, attributes, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
      .where(eq(products.id, id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'product',
      entityId: id,
      action: 'update',
      before: productAuditView(before, oldCategory?.name ?? '', oldSupplier),
      after: productAuditView(after!, category.name, supplier),
    });
    await refreshCompleteness(tx, [id]);
    await enqueueProductUpdated(tx, [id]);
    return after!;
  });
}

/**
 * The rule for going live: every image of the product has alt text (screen readers and the public survey pages
 * show it). Images added to an already active product are flagged by its completeness until described.
 */
async function assertImagesDescribed(tx: Db, ids: string[], names?: Map<string, string>): Promise<void> {
  const bad = await productsWithUndescribedImages(tx, ids);
  if (bad.size === 0) return;
  const which = names
    ? ` (${[...bad]
        .slice(0, 5)
        .map((id) => names.get(id) ?? id)
        .join(', ')}${bad.size > 5 ? '…' : ''})`
    : '';
  throw new InvalidInput(
    `Add alt text to every image before making ${names ? 'these products' : 'the product'} active${which}.`,
    names ? undefined : { status: ['Every image needs alt text before the product can be active.'] },
  );
}

export type BulkChange =
  | { status: ProductStatus }
  | { categoryId: string }
  | { addTag: string }
  | { removeTag: string };

/**
 * One change applied to the selected products, all or nothing, each with its audit row. Moving products to
 * another category checks their attributes against its definitions; any misfit refuses the whole change.
 */
export async function bulkUpdateProducts(
  db: Db,
  actor: Actor,
  ids: string[],
  change: BulkChange,
): Promise<{ updated: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ product: products, categoryName: categories.name, supplierName: suppliers.name })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(suppliers, eq(suppliers.id, products.supplierId))
      .where(inArray(products.id, ids))
      .orderBy(asc(products.id))
      .for('update', { of: products });
    if (rows.length !== new Set(ids).size) throw new NotFound('One of the selected products');
    const target = 'categoryId' in change ? await loadCategory(tx, change.categoryId) : null;
    if ('status' in change && change.status === 'active') {
      await assertImagesDescribed(
        tx,
        rows.filter((r) => r.product.status !== 'active').map((r) => r.product.id),
        new Map(rows.map((r) => [r.product.id, r.product.name])),
      );
    }
    const misfits: string[] = [];
    const changed: string[] = [];
    for (const { product: before, categoryName, supplierName: supplier } of rows) {
      let next: Partial<Product> = {};
      if ('status' in change) next = { status: change.status };
      else if ('addTag' in change)
        next = before.tags.includes(change.addTag) ? {} : { tags: [...before.tags, change.addTag] };
      else if ('removeTag' in change)
        next = before.tags.includes(change.removeTag)
          ? { tags: before.tags.filter((t) => t !== change.removeTag) }
          : {};
      else if (target && target.id !== before.categoryId) {
        const { values, errors } = validateAttributes(target.attributeDefs, before.attributes);
        if (Object.keys(errors).length) {
          misfits.push(`${before.name} (${Object.values(errors).flat()[0]})`);
          continue;
        }
        next = { categoryId: target.id, attributes: values };
      }
      if (Object.keys(next).length === 0 || ('status' in next && next.status === before.status)) continue;
      const [after] = await tx
        .update(products)
        .set({ ...next, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
        .where(eq(products.id, before.id))
        .returning();
      await writeAudit(tx, actor, {
        entityType: 'product',
        entityId: before.id,
        action: 'bulk_update',
        before: productAuditView(before, categoryName, supplier),
        after: productAuditView(after!, target?.name ?? categoryName, supplier),
      });
      changed.push(before.id);
    }
    if (misfits.length) {
      throw new InvalidInput(
        `Nothing was moved: ${misfits.length} product${misfits.length === 1 ? ' does' : 's do'} not fit ${target!.name}'s attributes: ${misfits.slice(0, 5).join('; ')}${misfits.length > 5 ? '…' : ''}`,
      );
    }
    await enqueueProductUpdated(tx, changed);
    // A new category brings other attributes and rules.
    if ('categoryId' in change)
      await refreshCompleteness(
        tx,
        rows.map((r) => r.product.id),
      );
    return { updated: changed.length };
  });
}
