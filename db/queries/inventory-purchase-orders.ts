import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { locations, purchaseOrderLines, purchaseOrders, suppliers, variants, type PurchaseOrder } from '../schema';
import { Conflict, InvalidInput, NotFound, StaleVersion } from '../../lib/errors';
import type { PoStatus } from '../../lib/inventory/constants';
import { poStatusAfterReceipt } from '../../lib/inventory/rules';
import { lastEditor, writeAudit, type Actor } from './audit';
import { enqueueEvent } from './outbox';
import { requireActiveLocation } from './inventory-ops';
import { applyMovement, ensureLevels, lockVariantLevels, lockVariants, receiveAtAverage } from './inventory-stock';

export type PoInput = {
  supplierId: string;
  locationId: string;
  expectedAt: string | null;
  note: string;
  lines: { variantId: string; quantity: number; unitCost?: number | null }[];
};

/** A purchase order in draft (or ordered at once), with its lines. */
export async function createPurchaseOrder(
  db: Db,
  actor: Actor,
  input: PoInput & { order?: boolean },
): Promise<PurchaseOrder> {
  if (input.lines.length === 0) throw new InvalidInput('Add at least one line.');
  if (new Set(input.lines.map((l) => l.variantId)).size !== input.lines.length)
    throw new InvalidInput('Each SKU may appear once per order.');
  if (input.lines.some((l) => !Number.isInteger(l.quantity) || l.quantity <= 0))
    throw new InvalidInput('Quantities must be whole numbers above 0.');
  return db.transaction(async (tx) => {
    await requireActiveLocation(tx, input.locationId, 'purchase orders', 'locationId');
    const [po] = await tx
      .insert(purchaseOrders)
      .values({
        supplierId: input.supplierId,
        locationId: input.locationId,
        expectedAt: input.expectedAt,
        note: input.note,
        status: input.order ? 'ordered' : 'draft',
      })
      .returning();
    await tx.insert(purchaseOrderLines).values(
      input.lines.map((l) => ({
        purchaseOrderId: po!.id,
        variantId: l.variantId,
        quantityOrdered: l.quantity,
        unitCost: l.unitCost ?? null,
      })),
    );
    // A line without a cost takes the SKU's unit cost (still editable by the next order, never retroactive).
    await tx.execute(sql`
      update purchase_order_lines l set unit_cost = v.unit_cost from variants v
       where l.purchase_order_id = ${po!.id}::uuid and l.unit_cost is null and v.id = l.variant_id`);
    // Level rows exist from the start, so the expected stock shows as incoming on the stock pages.
    await ensureLevels(
      tx,
      input.lines.map((l) => ({ variantId: l.variantId, locationId: input.locationId })),
    );
    await writeAudit(tx, actor, {
      entityType: 'purchase_order',
      entityId: po!.id,
      action: 'create',
      before: null,
      after: { number: po!.number, status: po!.status, lines: input.lines.length },
    });
    return po!;
  });
}

/** Moves a purchase order draft → ordered or (not yet received) → cancelled, checking the version. */
export async function setPurchaseOrderStatus(
  db: Db,
  actor: Actor,
  input: { id: string; version: number; status: 'ordered' | 'cancelled' },
) {
  return db.transaction(async (tx) => {
    const [po] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, input.id)).for('update');
    if (!po) throw new NotFound('That purchase order');
    if (po.version !== input.version)
      throw new StaleVersion(
        `Purchase order PO-${po.number}`,
        [`status is now ${po.status}`],
        undefined,
        await lastEditor(tx, actor, 'purchase_order', po.id),
      );
    const allowed: Record<string, PoStatus[]> = { ordered: ['draft'], cancelled: ['draft', 'ordered'] };
    if (!allowed[input.status]!.includes(po.status))
      throw new Conflict(`A purchase order that is ${po.status.replace('_', ' ')} cannot become ${input.status}.`);
    const [after] = await tx
      .update(purchaseOrders)
      .set({
        status: input.status,
        // A draft ordered after its expected date (drafted days ago at today + lead time) is expected the
        // supplier's lead time from now; a date still ahead (a supplier's promise typed in) is kept.
        ...(input.status === 'ordered'
          ? {
              expectedAt: sql`case when ${purchaseOrders.expectedAt} >= current_date then ${purchaseOrders.expectedAt}
                else current_date + (select lead_time_days from suppliers where id = ${purchaseOrders.supplierId}) end`,
            }
          : {}),
        version: sql`${purchaseOrders.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(purchaseOrders.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'purchase_order',
      entityId: po.id,
      action: 'status',
      before: { status: po.status },
      after: { status: after!.status },
    });
    return after!;
  });
}

/**
 * Receives (part of) an ordered purchase order: each received quantity becomes a receipt movement at the
 * order's location, the lines' received counts rise (never above ordered: a CHECK), and the status follows.
 */
export async function receivePurchaseOrder(
  db: Db,
  actor: Actor,
  input: { id: string; lines: { lineId: number; quantity: number }[] },
) {
  const wanted = input.lines.filter((l) => l.quantity > 0);
  if (wanted.length === 0) throw new InvalidInput('Enter a received quantity for at least one line.');
  if (wanted.some((l) => !Number.isInteger(l.quantity))) throw new InvalidInput('Quantities must be whole numbers.');
  return db.transaction(async (tx) => {
    const [po] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, input.id)).for('update');
    if (!po) throw new NotFound('That purchase order');
    if (po.status !== 'ordered' && po.status !== 'partially_received')
      throw new Conflict(`A purchase order that is ${po.status.replace('_', ' ')} cannot be received.`);
    await requireActiveLocation(tx, po.locationId, 'receipts');
    const lines = await tx.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, po.id));
    const byId = new Map(lines.map((l) => [l.id, l]));
    for (const w of wanted) {
      const line = byId.get(w.lineId);
      if (!line) throw new InvalidInput('A line does not belong to this purchase order.');
      const open = line.quantityOrdered - line.quantityReceived;
      if (w.quantity > open)
        throw new InvalidInput(`Only ${open} of that line are still expected.`, {
          [`lines.${w.lineId}`]: [`At most ${open}.`],
        });
    }
    const pairs = wanted.map((w) => ({ variantId: byId.get(w.lineId)!.variantId, locationId: po.locationId }));
    const variantIds = pairs.map((p) => p.variantId);
    // Every line's variant first, in one ordered statement: ensureLevels locks only the variants it creates a level
    // for, and taking that subset before the rest would lock B before A, a cycle with another receipt or a bulk save.
    await lockVariants(tx, variantIds);
    await ensureLevels(tx, pairs);
    await lockVariantLevels(tx, variantIds);
    for (const w of wanted) {
      const line = byId.get(w.lineId)!;
      await tx
        .update(purchaseOrderLines)
        .set({ quantityReceived: sql`${purchaseOrderLines.quantityReceived} + ${w.quantity}` })
        .where(eq(purchaseOrderLines.id, w.lineId));
      line.quantityReceived += w.quantity;
      // The average and the movement in one transaction, under the SKU's locks (docs/adr/0017).
      const cost = await receiveAtAverage(tx, line.variantId, w.quantity, line.unitCost);
      await applyMovement(tx, actor, {
        variantId: line.variantId,
        locationId: po.locationId,
        kind: 'receipt',
        quantity: w.quantity,
        reference: `PO-${po.number}`,
        cost,
      });
    }
    const status = poStatusAfterReceipt(
      lines.map((l) => ({ ordered: l.quantityOrdered, received: l.quantityReceived })),
    );
    const [after] = await tx
      .update(purchaseOrders)
      .set({ status, version: sql`${purchaseOrders.version} + 1`, updatedAt: sql`now()` })
      .where(eq(purchaseOrders.id, po.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'purchase_order',
      entityId: po.id,
      action: 'receive',
      before: { status: po.status },
      after: { status, received: wanted.reduce((s, w) => s + w.quantity, 0) },
    });
    const skus = await tx
      .select({ id: variants.id, sku: variants.sku })
      .from(variants)
      .where(
        inArray(
          variants.id,
          wanted.map((w) => byId.get(w.lineId)!.variantId),
        ),
      );
    const skuOf = new Map(skus.map((v) => [v.id, v.sku]));
    const [loc] = await tx.select({ code: locations.code }).from(locations).where(eq(locations.id, po.locationId));
    await enqueueEvent(tx, {
      type: 'purchase_order.received',
      entityKey: `purchase_order:${po.id}`,
      payload: {
        id: po.id,
        number: po.number,
        status,
        location: loc?.code ?? null,
        lines: wanted.map((w) => ({ sku: skuOf.get(byId.get(w.lineId)!.variantId) ?? null, quantity: w.quantity })),
      },
    });
    return after!;
  });
}

/**
 * Closes a partly received purchase order short: the unreceived rest is cancelled (the order becomes `received`,
 * marked closed short), so it leaves "incoming". Locks the order row first, as a receipt does: a receipt racing it
 * either commits first (the rest closed is what was left after it) or finds the order closed and is refused.
 * `version` (from the page) refuses a close decided on figures that have changed since.
 */
export async function closePurchaseOrderShort(db: Db, actor: Actor, input: { id: string; version?: number }) {
  return db.transaction(async (tx) => {
    const [po] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, input.id)).for('update');
    if (!po) throw new NotFound('That purchase order');
    if (input.version !== undefined && po.version !== input.version)
      throw new StaleVersion(
        `Purchase order PO-${po.number}`,
        [`status is now ${po.status.replace('_', ' ')}`],
        undefined,
        await lastEditor(tx, actor, 'purchase_order', po.id),
      );
    if (po.status !== 'partially_received')
      throw new Conflict(
        po.status === 'ordered'
          ? 'Nothing was received yet: cancel the order instead.'
          : `A purchase order that is ${po.status.replace('_', ' ')} cannot be closed short.`,
      );
    const lines = await tx.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, po.id));
    const cancelled = lines.reduce((s, l) => s + l.quantityOrdered - l.quantityReceived, 0);
    const [after] = await tx
      .update(purchaseOrders)
      .set({
        status: 'received',
        closedShortAt: sql`now()`,
        version: sql`${purchaseOrders.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(purchaseOrders.id, po.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'purchase_order',
      entityId: po.id,
      action: 'close_short',
      before: { status: po.status, open: cancelled },
      after: { status: 'received', open: 0, cancelled },
    });
    return { ...after!, cancelled };
  });
}

export type PurchaseOrderQuery = {
  status?: PoStatus;
  /** Delivered to this location. */
  locationId?: string;
  /** By number (purchase_orders_number_key), newest first by default; keyset-paged on the number. */
  dir?: 'asc' | 'desc';
  before?: number;
  limit?: number;
};

/** Purchase orders by number, filtered by status and location, keyset-paged (`before`: the number to continue from). */
export async function listPurchaseOrders(db: Db, filter: PurchaseOrderQuery = {}) {
  const asc_ = filter.dir === 'asc';
  const where: SQL[] = [];
  if (filter.status) where.push(eq(purchaseOrders.status, filter.status));
  if (filter.locationId) where.push(eq(purchaseOrders.locationId, filter.locationId));
  if (filter.before)
    where.push(asc_ ? gt(purchaseOrders.number, filter.before) : lt(purchaseOrders.number, filter.before));
  return db
    .select({
      id: purchaseOrders.id,
      number: purchaseOrders.number,
      status: purchaseOrders.status,
      expectedAt: purchaseOrders.expectedAt,
      closedShortAt: purchaseOrders.closedShortAt,
      supplier: suppliers.name,
      location: locations.name,
      ordered: sql<number>`(select coalesce(sum(quantity_ordered), 0)::int from purchase_order_lines l where l.purchase_order_id = ${purchaseOrders.id})`,
      received: sql<number>`(select coalesce(sum(quantity_received), 0)::int from purchase_order_lines l where l.purchase_order_id = ${purchaseOrders.id})`,
      createdAt: purchaseOrders.createdAt,
    })
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .innerJoin(locations, eq(locations.id, purchaseOrders.locationId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc_ ? asc(purchaseOrders.number) : desc(purchaseOrders.number))
    .limit(Math.min(filter.limit ?? 100, 5000));
}

/** One purchase order with its lines and their SKUs. */
export async function getPurchaseOrder(db: Db, id: string) {
  const [po] = await db
    .select({ po: purchaseOrders, supplier: suppliers.name, location: locations.name })
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .innerJoin(locations, eq(locations.id, purchaseOrders.locationId))
    .where(eq(purchaseOrders.id, id));
  if (!po) return null;
  const lines = await db
    .select({
      id: purchaseOrderLines.id,
      variantId: purchaseOrderLines.variantId,
      sku: variants.sku,
      barcode: variants.barcode,
      ordered: purchaseOrderLines.quantityOrdered,
      received: purchaseOrderLines.quantityReceived,
      unitCost: purchaseOrderLines.unitCost,
    })
    .from(purchaseOrderLines)
    .innerJoin(variants, eq(variants.id, purchaseOrderLines.variantId))
    .where(eq(purchaseOrderLines.purchaseOrderId, id))
    .orderBy(asc(variants.sku));
  return { ...po.po, supplier: po.supplier, location: po.location, lines };
}

/** Variant ids for SKU codes (case-insensitive); unknown codes are reported by the caller. */
export async function variantIdsBySku(db: Db, skus: string[]) {
  if (skus.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: variants.id, sku: variants.sku })
    .from(variants)
    .where(
      inArray(
        sql`lower(${variants.sku})`,
        skus.map((s) => s.toLowerCase()),
      ),
    );
  return new Map(rows.map((r) => [r.sku.toLowerCase(), r.id]));
}
