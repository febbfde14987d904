import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { products, variants, type Variant } from '../schema';
import { skuProblems } from '../../lib/catalog/sku';
import { formatMoneyPlain } from '../../lib/catalog/constants';
import type { FieldErrors } from '../../lib/errors';
import { InvalidInput, NotFound, StaleVersion } from '../../lib/errors';
import { lastEditor, writeAudit, type Actor } from './audit';
import { refreshCompleteness } from './catalog-completeness';

export type VariantInput = {
  sku: string;
  size: string;
  colour: string;
  priceOverride: number | null;
  barcode: string;
  weightGrams: number | null;
  active: boolean;
  /** Purchase cost of one unit in cents; left out: unchanged. Edits are audited (stock valuation uses it). */
  unitCost?: number | null;
};

/** A variant in its product's audit trail: fields prefixed with the SKU so the trail says which one. */
function variantAuditView(v: VariantInput, label = v.sku) {
  return {
    [`${label} sku`]: v.sku,
    [`${label} size`]: v.size,
    [`${label} colour`]: v.colour,
    [`${label} price`]: v.priceOverride === null ? null : formatMoneyPlain(v.priceOverride),
    [`${label} barcode`]: v.barcode,
    [`${label} weight (g)`]: v.weightGrams,
    ...(v.unitCost === undefined
      ? {}
      : { [`${label} unit cost`]: v.unitCost === null ? null : formatMoneyPlain(v.unitCost) }),
    [`${label} active`]: v.active,
  };
}

/** SKUs among `skus` already used (ignoring case), except by `exceptId`. */
export async function takenSkus(db: Db, skus: string[], exceptId?: string): Promise<Set<string>> {
  if (skus.length === 0) return new Set();
  const lower = skus.map((s) => s.toLowerCase());
  const rows = await db
    .select({ sku: variants.sku })
    .from(variants)
    .where(and(inArray(sql`lower(${variants.sku})`, lower), exceptId ? ne(variants.id, exceptId) : undefined));
  return new Set(rows.map((r) => r.sku.toLowerCase()));
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as {
    code?: string;
    constraint?: string;
    message?: string;
    cause?: { code?: string; constraint?: string; message?: string };
  };
  const hit = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
  if (!hit) return false;
  return !constraint || hit.constraint === constraint || (hit.message ?? '').includes(constraint);
}

/** Barcodes among `barcodes` already on another variant than `exceptId` ('' is no barcode and never clashes). */
export async function takenBarcodes(db: Db, barcodes: string[], exceptId?: string): Promise<Map<string, string>> {
  const wanted = barcodes.filter(Boolean);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ barcode: variants.barcode, sku: variants.sku })
    .from(variants)
    .where(and(inArray(variants.barcode, wanted), exceptId ? ne(variants.id, exceptId) : undefined));
  return new Map(rows.map((r) => [r.barcode, r.sku]));
}

const barcodeTaken = (barcode: string, sku?: string) =>
  sku ? `Barcode ${barcode} is already on ${sku}.` : `Barcode ${barcode} is already used by another SKU.`;

/**
 * Adds variants (e.g. a size × colour matrix) to a product in one transaction. SKU clashes, within the list
 * or with existing SKUs, are field errors keyed `variants.<index>.sku`.
 */
export async function createVariants(
  db: Db,
  actor: Actor,
  productId: string,
  rows: VariantInput[],
): Promise<Variant[]> {
  if (rows.length === 0) throw new InvalidInput('Add at least one variant.');
  const errors: FieldErrors = {};
  for (const [i, message] of skuProblems(rows.map((r) => r.sku))) errors[`variants.${i}.sku`] = [message];
  if (Object.keys(errors).length) throw new InvalidInput('Some SKU codes need attention.', errors);
  try {
    return await db.transaction(async (tx) => {
      const [product] = await tx
        .select({ id: products.id })
        .from(products)
        .where(eq(products.id, productId))
        .for('update');
      if (!product) throw new NotFound('That product');
      const taken = await takenSkus(
        tx,
        rows.map((r) => r.sku),
      );
      rows.forEach((r, i) => {
        if (taken.has(r.sku.toLowerCase())) errors[`variants.${i}.sku`] = [`SKU ${r.sku} is already used.`];
      });
      const barcodes = await takenBarcodes(
        tx,
        rows.map((r) => r.barcode),
      );
      const seenBarcodes = new Set<string>();
      rows.forEach((r, i) => {
        if (!r.barcode) return;
        if (barcodes.has(r.barcode) || seenBarcodes.has(r.barcode))
          errors[`variants.${i}.barcode`] = [barcodeTaken(r.barcode, barcodes.get(r.barcode))];
        seenBarcodes.add(r.barcode);
      });
      if (Object.keys(errors).length)
        throw new InvalidInput('Some SKU codes or barcodes are already used. Change them and save again.', errors);
      const created = await tx
        .insert(variants)
        .values(rows.map((r) => ({ ...r, productId })))
        .returning();
      await writeAudit(tx, actor, {
        entityType: 'product',
        entityId: productId,
        action: 'add_variants',
        before: null,
        after: { variants: created.map((v) => [v.sku, v.size, v.colour].filter(Boolean).join(' ')).join('; ') },
      });
      await refreshCompleteness(tx, [productId]);
      return created;
    });
  } catch (err) {
    // Someone took one of the SKUs or barcodes between the check and the insert.
    if (isUniqueViolation(err, 'variants_barcode_key'))
      throw new InvalidInput('A barcode was taken meanwhile. Check the barcodes and save again.');
    if (isUniqueViolation(err))
      throw new InvalidInput('A SKU code was taken meanwhile. Check the codes and save again.');
    throw err;
  }
}

/** Inline edit of one variant, with its version. */
export async function updateVariant(
  db: Db,
  actor: Actor,
  input: VariantInput & { id: string; version: number },
): Promise<Variant> {
  const format = skuProblems([input.sku]).get(0);
  if (format) throw new InvalidInput('Check the SKU code.', { sku: [format] });
  try {
    return await db.transaction(async (tx) => {
      // The product first (the completeness rescore below updates it), then the variant: the order the bulk
      // editor, variant creation and CSV import lock them in, so an inline edit cannot deadlock with them.
      const [owner] = await tx
        .select({ productId: variants.productId })
        .from(variants)
        .where(eq(variants.id, input.id));
      if (owner)
        await tx
          .select({ id: products.id })
          .from(products)
          .where(eq(products.id, owner.productId))
          .for('no key update');
      const [before] = await tx.select().from(variants).where(eq(variants.id, input.id)).for('update');
      if (!before) throw new NotFound('That variant');
      if (before.version !== input.version)
        throw new StaleVersion(
          `Variant ${before.sku}`,
          [],
          undefined,
          await lastEditor(tx, actor, 'product', before.productId),
        );
      if ((await takenSkus(tx, [input.sku], input.id)).size)
        throw new InvalidInput(`SKU ${input.sku} is already used.`, { sku: [`SKU ${input.sku} is already used.`] });
      const clash = (await takenBarcodes(tx, [input.barcode], input.id)).get(input.barcode);
      if (clash)
        throw new InvalidInput(barcodeTaken(input.barcode, clash), { barcode: [barcodeTaken(input.barcode, clash)] });
      const { id, version: _v, ...values } = input;
      const [after] = await tx
        .update(variants)
        .set({ ...values, version: sql`${variants.version} + 1`, updatedAt: sql`now()` })
        .where(eq(variants.id, id))
        .returning();
      await writeAudit(tx, actor, {
        entityType: 'product',
        entityId: before.productId,
        action: 'update_variant',
        before: variantAuditView(before, before.sku),
        after: variantAuditView(after!, before.sku),
      });
      await refreshCompleteness(tx, [after!.productId]);
      return after!;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'variants_barcode_key'))
      throw new InvalidInput(barcodeTaken(input.barcode), { barcode: [barcodeTaken(input.barcode)] });
    if (isUniqueViolation(err))
      throw new InvalidInput(`SKU ${input.sku} is already used.`, { sku: [`SKU ${input.sku} is already used.`] });
    throw err;
  }
}
