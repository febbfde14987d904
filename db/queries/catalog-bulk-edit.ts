import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { col, decodeRows } from '../codec';
import { auditLog, categories, locations, products, stockLevels, variants } from '../schema';
import type { AttributeDefinition, AttributeValue, AttributeValues } from '../../lib/catalog/attributes';
import {
  BULK_MAX_ROWS,
  formatCell,
  validateBulkEdit,
  type BulkEditInput,
  type ParsedVariantChange,
} from '../../lib/catalog/bulk-edit';
import { formatMoneyPlain } from '../../lib/catalog/constants';
import { InvalidInput } from '../../lib/errors';
import { diffRecords } from '../../lib/audit-diff';
import type { Actor } from './audit';
import { refreshCompleteness } from './catalog-completeness';
import { isUniqueViolation, takenBarcodes } from './catalog-variants';
import { productWhere, type ProductFilter } from './catalog-list';
import { insertProductUpdated, productEventColumns } from './outbox';

export type BulkGridRow = {
  id: string;
  version: number;
  sku: string;
  size: string;
  colour: string;
  priceOverride: number | null;
  barcode: string;
  active: boolean;
  productId: string;
  /** Reorder point and level version by location id (absent: no stock level there yet). */
  levels: Record<string, { point: number; version: number }>;
};
export type BulkGridProduct = {
  id: string;
  version: number;
  name: string;
  categoryId: string;
  currency: string;
  basePrice: number;
  attributes: AttributeValues;
};
export type BulkGrid = {
  rows: BulkGridRow[];
  products: BulkGridProduct[];
  defsByCategory: Record<string, AttributeDefinition[]>;
  locations: { id: string; code: string }[];
  /** More variants match than the grid holds. */
  truncated: boolean;
};

/** The variants of the filtered products (product name, then SKU order), at most BULK_MAX_ROWS, with what the grid edits. */
export async function loadBulkGrid(db: Db, filter: ProductFilter, limit = BULK_MAX_ROWS): Promise<BulkGrid> {
  const where = await productWhere(db, filter);
  const joined = await db
    .select({ v: variants, p: products })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(where)
    .orderBy(asc(sql`lower(${products.name})`), asc(products.id), asc(sql`lower(${variants.sku})`))
    .limit(limit + 1);
  const truncated = joined.length > limit;
  const page = joined.slice(0, limit);
  const productMap = new Map<string, BulkGridProduct>();
  for (const { p } of page)
    productMap.set(p.id, {
      id: p.id,
      version: p.version,
      name: p.name,
      categoryId: p.categoryId,
      currency: p.currency,
      basePrice: p.basePrice,
      attributes: p.attributes,
    });
  const categoryIds = [...new Set([...productMap.values()].map((p) => p.categoryId))];
  const [cats, locs] = await Promise.all([
    categoryIds.length
      ? db
          .select({ id: categories.id, defs: categories.attributeDefs })
          .from(categories)
          .where(inArray(categories.id, categoryIds))
      : [],
    db
      .select({ id: locations.id, code: locations.code })
      .from(locations)
      .where(eq(locations.active, true))
      .orderBy(asc(locations.code)),
  ]);
  const levelRows = page.length
    ? await db
        .select({
          variantId: stockLevels.variantId,
          locationId: stockLevels.locationId,
          point: stockLevels.reorderPoint,
          version: stockLevels.version,
        })
        .from(stockLevels)
        .where(
          inArray(
            stockLevels.variantId,
            page.map((r) => r.v.id),
          ),
        )
    : [];
  const levelsOf = new Map<string, BulkGridRow['levels']>();
  for (const l of levelRows)
    (levelsOf.get(l.variantId) ?? levelsOf.set(l.variantId, {}).get(l.variantId)!)[l.locationId] = {
      point: l.point,
      version: l.version,
    };
  return {
    rows: page.map(({ v }) => ({
      id: v.id,
      version: v.version,
      sku: v.sku,
      size: v.size,
      colour: v.colour,
      priceOverride: v.priceOverride,
      barcode: v.barcode,
      active: v.active,
      productId: v.productId,
      levels: levelsOf.get(v.id) ?? {},
    })),
    products: [...productMap.values()],
    defsByCategory: Object.fromEntries(cats.map((c) => [c.id, c.defs])),
    locations: locs,
    truncated,
  };
}

export type BulkSaveResult = {
  /** Saved variants with their new versions and values. */
  variants: { id: string; version: number; priceOverride: number | null; barcode: string; active: boolean }[];
  products: { id: string; version: number; attributes: AttributeValues }[];
  levels: { variantId: string; locationId: string; point: number; version: number }[];
  /** Rows changed by someone else since they were loaded: not saved, reported per row. */
  stale: { kind: 'variant' | 'product'; id: string; message: string }[];
};

const money = (v: number | null) => (v === null ? 'base price' : formatMoneyPlain(v));
const attrText = (v: AttributeValue | undefined) => (v === undefined ? null : formatCell('attr', v));

/**
 * Saves a bulk edit in one transaction. Every product and variant touched is locked (ids in order, so two
 * bulk saves never deadlock) and its version compared with the one the grid loaded: a row someone changed
 * meanwhile is left as it is and reported, every other row is saved. Bad cells refuse the whole save with
 * errors per row and column (the grid checks the same rules first, so this is the server's backstop).
 * One audit row per product, listing its own and its variants' changes.
 */
export async function bulkSaveVariants(db: Db, actor: Actor, input: BulkEditInput): Promise<BulkSaveResult> {
  if (input.variants.length + input.products.length === 0) throw new InvalidInput('There are no changes to save.');
  // A barcode taken by a concurrent save between the check below and the write: the same cell error.
  return bulkSave(db, actor, input).catch((err: unknown) => {
    if (isUniqueViolation(err, 'variants_barcode_key'))
      throw new InvalidInput(
        'A barcode was just given to another SKU. Nothing was saved; check the barcodes and save again.',
      );
    throw err;
  });
}

async function bulkSave(db: Db, actor: Actor, input: BulkEditInput): Promise<BulkSaveResult> {
  return db.transaction(async (tx) => {
    // Lock order: products, then variants, then stock levels (each by id), as the product form, variant creation
    // and CSV import (products before variants) and receipts (variants before levels) take them, so no two of
    // them can wait on each other in a cycle. NO KEY UPDATE: nothing here changes a key, and a reservation's
    // foreign keys (KEY SHARE on the variant and level) must not wait for a bulk save.
    const variantIds = [...new Set(input.variants.map((v) => v.id))].sort();
    const ownerIds = variantIds.length
      ? (await tx.select({ productId: variants.productId }).from(variants).where(inArray(variants.id, variantIds))).map(
          (v) => v.productId,
        )
      : [];
    const productIds = [...new Set([...input.products.map((p) => p.id), ...ownerIds])].sort();
    const lockedProducts = productIds.length
      ? await tx
          .select()
          .from(products)
          .where(inArray(products.id, productIds))
          .orderBy(asc(products.id))
          .for('no key update')
      : [];
    const lockedVariants = variantIds.length
      ? await tx
          .select()
          .from(variants)
          .where(inArray(variants.id, variantIds))
          .orderBy(asc(variants.id))
          .for('no key update')
      : [];
    const variantById = new Map(lockedVariants.map((v) => [v.id, v]));
    const productById = new Map(lockedProducts.map((p) => [p.id, p]));
    const catIds = [...new Set(lockedProducts.map((p) => p.categoryId))];
    const cats = catIds.length
      ? await tx
          .select({ id: categories.id, defs: categories.attributeDefs })
          .from(categories)
          .where(inArray(categories.id, catIds))
      : [];
    const defsOf = new Map(cats.map((c) => [c.id, c.defs]));

    const parsed = validateBulkEdit(input, (pid) => {
      const p = productById.get(pid);
      return p ? (defsOf.get(p.categoryId) ?? []) : undefined;
    });
    for (const v of input.variants)
      if (!variantById.has(v.id)) parsed.errors[`variants.${v.id}`] = ['This variant no longer exists.'];
    // Reorder points only at locations that exist and are active (the grid's columns), never a foreign-key error.
    const wantedLocations = [...new Set(parsed.variants.flatMap((v) => v.reorder.map((r) => r.locationId)))];
    const activeLocations = new Set(
      wantedLocations.length
        ? (
            await tx
              .select({ id: locations.id })
              .from(locations)
              .where(and(inArray(locations.id, wantedLocations), eq(locations.active, true)))
          ).map((l) => l.id)
        : [],
    );
    for (const v of parsed.variants)
      for (const r of v.reorder)
        if (!activeLocations.has(r.locationId))
          parsed.errors[`variants.${v.id}.reorder.${r.locationId}`] = ['That location does not exist or is inactive.'];
    // Barcodes already on another SKU (the unique index would refuse them with a bare error).
    const taken = await takenBarcodes(
      tx,
      parsed.variants.flatMap((v) => (v.barcode ? [v.barcode] : [])),
    );
    for (const v of parsed.variants) {
      const holder = v.barcode ? taken.get(v.barcode) : undefined;
      if (holder !== undefined && holder !== variantById.get(v.id)?.sku)
        parsed.errors[`variants.${v.id}.barcode`] = [`Barcode ${v.barcode} is already on ${holder}.`];
    }
    if (Object.keys(parsed.errors).length)
      throw new InvalidInput('Some cells need attention. Nothing was saved.', parsed.errors);

    // Stock levels touched, locked like the rows.
    const levelKeys = parsed.variants.flatMap((v) => v.reorder.map((r) => ({ variantId: v.id, ...r })));
    const lockedLevels = levelKeys.length
      ? await tx
          .select()
          .from(stockLevels)
          .where(
            inArray(
              stockLevels.variantId,
              levelKeys.map((l) => l.variantId),
            ),
          )
          .orderBy(asc(stockLevels.id))
          .for('no key update')
      : [];
    const levelOf = new Map(lockedLevels.map((l) => [`${l.variantId}:${l.locationId}`, l]));

    const stale: BulkSaveResult['stale'] = [];
    const freshVariants: ParsedVariantChange[] = [];
    for (const v of parsed.variants) {
      const now = variantById.get(v.id)!;
      const levelMoved = v.reorder.some((r) => (levelOf.get(`${v.id}:${r.locationId}`)?.version ?? null) !== r.version);
      if (now.version !== v.version || levelMoved)
        stale.push({
          kind: 'variant',
          id: v.id,
          message: `${now.sku} was changed by someone else while you were editing; its edits were not saved. Reload to see theirs.`,
        });
      else freshVariants.push(v);
    }
    const freshProducts = parsed.products.filter((p) => {
      const now = productById.get(p.id)!;
      if (now.version === p.version) return true;
      stale.push({
        kind: 'product',
        id: p.id,
        message: `“${now.name}” was changed by someone else while you were editing; its attribute edits were not saved. Reload to see theirs.`,
      });
      return false;
    });

    // Variants: one statement; a field is set only where the grid changed it.
    const variantRows = freshVariants
      .filter((v) => v.priceOverride !== undefined || v.barcode !== undefined || v.active !== undefined)
      .map((v) => ({
        id: v.id,
        sp: v.priceOverride !== undefined,
        price: v.priceOverride ?? null,
        sb: v.barcode !== undefined,
        barcode: v.barcode ?? null,
        sa: v.active !== undefined,
        active: v.active ?? null,
      }));
    const variantsOut = variantRows.length
      ? decodeRows(
          {
            id: col.text,
            version: col.number,
            price_override: col.nullable(col.number),
            barcode: col.text,
            active: col.boolean,
          },
          await tx.execute(sql`
          update variants v set
            price_override = case when x.sp then x.price else v.price_override end,
            barcode = case when x.sb then x.barcode else v.barcode end,
            active = case when x.sa then x.active else v.active end,
            version = v.version + 1, updated_at = now()
          from jsonb_to_recordset(${JSON.stringify(variantRows)}::jsonb)
            as x(id uuid, sp boolean, price integer, sb boolean, barcode text, sa boolean, active boolean)
          where v.id = x.id
          returning v.id, v.version, v.price_override, v.barcode, v.active`),
        ).map((r) => ({
          id: r.id,
          version: r.version,
          priceOverride: r.price_override,
          barcode: r.barcode,
          active: r.active,
        }))
      : [];

    // Products: their attributes merged with the grid's (undefined removes one).
    const productRows = freshProducts.map((p) => {
      const merged: AttributeValues = { ...productById.get(p.id)!.attributes };
      for (const [k, v] of Object.entries(p.attributes)) {
        if (v === undefined) delete merged[k];
        else merged[k] = v;
      }
      return { id: p.id, attributes: merged };
    });
    const productsOut: BulkSaveResult['products'] = productRows.length
      ? // Each product's `product.updated` webhook event is written by the same statement (as the edit form's).
        decodeRows(
          { id: col.text, version: col.number, attributes: col.json<AttributeValues> },
          await tx.execute(sql`
          with upd as (
            update products p set attributes = x.attributes, version = p.version + 1, updated_at = now()
            from jsonb_to_recordset(${JSON.stringify(productRows)}::jsonb) as x(id uuid, attributes jsonb)
            where p.id = x.id
            returning ${productEventColumns('p')}, p.attributes
          ), ev as (${insertProductUpdated(sql`upd`)})
          select id, version, attributes from upd`),
        )
      : [];

    // Reorder points: an existing level is updated (its version bumped), a missing one created.
    const levelRows = freshVariants.flatMap((v) =>
      v.reorder.map((r) => ({ variant_id: v.id, location_id: r.locationId, point: r.point })),
    );
    const levelsOut = levelRows.length
      ? decodeRows(
          { variant_id: col.text, location_id: col.text, reorder_point: col.number, version: col.number },
          await tx.execute(sql`
          insert into stock_levels (variant_id, location_id, reorder_point)
          select x.variant_id, x.location_id, x.point
          from jsonb_to_recordset(${JSON.stringify(levelRows)}::jsonb) as x(variant_id uuid, location_id uuid, point integer)
          on conflict (variant_id, location_id) do update
            set reorder_point = excluded.reorder_point, version = stock_levels.version + 1, updated_at = now()
          returning variant_id, location_id, reorder_point, version`),
        ).map((l) => ({
          variantId: l.variant_id,
          locationId: l.location_id,
          point: l.reorder_point,
          version: l.version,
        }))
      : [];

    // One audit row per product: before and after of every field the save changed, variant fields under their SKU.
    const before = new Map<string, Record<string, unknown>>();
    const after = new Map<string, Record<string, unknown>>();
    const put = (productId: string, field: string, b: unknown, a: unknown) => {
      if (b === a) return;
      (before.get(productId) ?? before.set(productId, {}).get(productId)!)[field] = b;
      (after.get(productId) ?? after.set(productId, {}).get(productId)!)[field] = a;
    };
    for (const out of variantsOut) {
      const was = variantById.get(out.id)!;
      put(was.productId, `${was.sku} price`, money(was.priceOverride), money(out.priceOverride));
      put(was.productId, `${was.sku} barcode`, was.barcode, out.barcode);
      put(was.productId, `${was.sku} active`, was.active, out.active);
    }
    for (const out of productsOut) {
      const was = productById.get(out.id)!.attributes;
      for (const k of new Set([...Object.keys(was), ...Object.keys(out.attributes)]))
        put(out.id, `attributes.${k}`, attrText(was[k]), attrText(out.attributes[k]));
    }
    const codes = new Map(
      levelsOut.length
        ? (
            await tx
              .select({ id: locations.id, code: locations.code })
              .from(locations)
              .where(inArray(locations.id, [...new Set(levelsOut.map((l) => l.locationId))]))
          ).map((l) => [l.id, l.code])
        : [],
    );
    for (const l of levelsOut) {
      const was = levelOf.get(`${l.variantId}:${l.locationId}`)?.reorderPoint ?? 0;
      const v = variantById.get(l.variantId)!;
      put(v.productId, `${v.sku} reorder point ${codes.get(l.locationId) ?? l.locationId}`, was, l.point);
    }
    const auditRows = [...after.keys()].map((productId) => ({
      actorId: actor.id,
      actorLabel: actor.label,
      entityType: 'product',
      entityId: productId,
      action: 'bulk_edit',
      changes: diffRecords(before.get(productId)!, after.get(productId)!),
    }));
    if (auditRows.length) await tx.insert(auditLog).values(auditRows);

    await refreshCompleteness(tx, [
      ...variantsOut.map((v) => variantById.get(v.id)!.productId),
      ...productsOut.map((p) => p.id),
    ]);
    return { variants: variantsOut, products: productsOut, levels: levelsOut, stale };
  });
}
