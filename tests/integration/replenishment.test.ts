import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { setLocationActive, updateReorderSettings, verifyLedger } from '@/db/queries/inventory-ops';
import {
  closePurchaseOrderShort,
  getPurchaseOrder,
  receivePurchaseOrder,
  setPurchaseOrderStatus,
} from '@/db/queries/inventory-purchase-orders';
import { listLowStock, listStock } from '@/db/queries/inventory-read';
import { draftPurchaseOrders } from '@/db/queries/inventory-replenishment';
import { applyMovement } from '@/db/queries/inventory-stock';
import { Conflict } from '@/lib/errors';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeCategory, makeProduct, makeSupplier, makeVariants } from '../support/factories';
import { makeLocation, receive } from '../support/inventory-factories';
import { untilWaitingOnLock } from '../support/locks';

const t = useTestDatabase();
const db = () => t.handle.db;

/** `n` SKUs of a product supplied by a supplier with a 10-day lead time, each with a level and a rule at `loc`. */
async function lowSkus(n: number, locId: string, rule = { reorderPoint: 5, reorderQuantity: 0, reorderMax: 20 }) {
  const supplier = await makeSupplier(db());
  const cat = await makeCategory(db());
  const product = await makeProduct(db(), cat.id, { supplierId: supplier.id });
  const variants = await makeVariants(
    db(),
    product.id,
    Array.from({ length: n }, (_, i) => `RP-${supplier.id.slice(0, 4)}-${i}`),
  );
  for (const v of variants) {
    await receive(db(), v.id, locId, 2);
    const [level] = rowsOf<{ id: number; version: number }>(
      await db().execute(
        sql`select id::int as id, version from stock_levels where variant_id = ${v.id}::uuid and location_id = ${locId}::uuid`,
      ),
    );
    await updateReorderSettings(db(), SYSTEM_ACTOR, { levelId: level!.id, version: level!.version, ...rule });
  }
  return { supplier, variants };
}

/** Units on open or draft purchase orders per variant at a location. */
async function onOrder(locId: string) {
  const rows = rowsOf<{ variant_id: string; n: number }>(
    await db().execute(sql`
      select l.variant_id, sum(l.quantity_ordered - l.quantity_received)::int as n
        from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id
       where po.location_id = ${locId}::uuid and po.status in ('draft', 'ordered', 'partially_received')
       group by l.variant_id`),
  );
  return new Map(rows.map((r) => [r.variant_id, r.n]));
}

describe(`drafting purchase orders from low stock (${TEST_DRIVER})`, () => {
  it('drafts one order per supplier and location, expected after the lead time; a second run orders nothing again', async () => {
    const ber = await makeLocation(db(), 'Berlin', 'BER');
    const ham = await makeLocation(db(), 'Hamburg', 'HAM');
    const a = await lowSkus(2, ber.id);
    const b = await lowSkus(1, ber.id);
    await lowSkus(1, ham.id);
    const first = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id, today: '2026-03-01' });
    expect(first.orders).toHaveLength(2);
    expect(first.orders.every((o) => o.created && o.locationId === ber.id)).toBe(true);
    const poA = await getPurchaseOrder(db(), first.orders.find((o) => o.supplierId === a.supplier.id)!.id);
    expect(poA!.status).toBe('draft');
    expect(poA!.expectedAt).toBe('2026-03-11');
    // 2 on hand, order up to 20.
    expect(poA!.lines.map((l) => l.ordered)).toEqual([18, 18]);
    expect(first.orders.find((o) => o.supplierId === b.supplier.id)!.units).toBe(18);

    // The list's suggestion counts drafts too: nothing left to suggest at Berlin.
    const listed = await listLowStock(db(), { locationId: ber.id });
    expect(listed.rows.map((r) => [r.drafted, r.suggested])).toEqual([
      [18, 0],
      [18, 0],
      [18, 0],
    ]);
    const second = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id, today: '2026-03-01' });
    expect(second.orders).toEqual([]);
    expect(second.covered).toBe(3);
    expect([...(await onOrder(ber.id)).values()]).toEqual([18, 18, 18]);
    // Hamburg was not asked for.
    expect((await onOrder(ham.id)).size).toBe(0);
  });

  it("a drafted line carries the SKU's unit cost; ordering the draft later moves its expected date to the lead time from then", async () => {
    const ber = await makeLocation(db(), 'Berlin', 'BER');
    const a = await lowSkus(2, ber.id);
    await db().execute(sql`update variants set unit_cost = 1234 where id = ${a.variants[0]!.id}::uuid`);
    const drafted = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id, today: '2020-01-01' });
    const po = await getPurchaseOrder(db(), drafted.orders[0]!.id);
    expect(po!.expectedAt).toBe('2020-01-11');
    expect(new Map(po!.lines.map((l) => [l.sku, l.unitCost]))).toEqual(
      new Map([
        [a.variants[0]!.sku, 1234],
        [a.variants[1]!.sku, null],
      ]),
    );
    const ordered = await setPurchaseOrderStatus(db(), SYSTEM_ACTOR, {
      id: po!.id,
      version: po!.version,
      status: 'ordered',
    });
    const [due] = rowsOf<{ d: string }>(await db().execute(sql`select (current_date + 10)::text as d`));
    expect(ordered.expectedAt).toBe(due!.d);
  });

  it('drafts only the selected rows; a later run adds the rest to the same open draft', async () => {
    const ber = await makeLocation(db(), 'Berlin', 'BER');
    const { variants } = await lowSkus(2, ber.id);
    const low = await listLowStock(db(), { locationId: ber.id });
    const picked = low.rows.find((r) => r.variantId === variants[0]!.id)!;
    expect(picked.suggested).toBe(18);
    const first = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { levelIds: [picked.id] });
    expect(first.orders).toMatchObject([{ lines: 1, units: 18 }]);
    const second = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id });
    expect(second.orders).toMatchObject([{ id: first.orders[0]!.id, created: false, lines: 1, units: 18 }]);
    const po = await getPurchaseOrder(db(), first.orders[0]!.id);
    expect(po!.lines).toHaveLength(2);
    // Ordered, it still counts: drafting again orders nothing.
    await setPurchaseOrderStatus(db(), SYSTEM_ACTOR, { id: po!.id, version: po!.version, status: 'ordered' });
    expect((await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id })).orders).toEqual([]);
  });

  it('rounds to the pack size, skips SKUs without a supplier, and uses sales velocity over lead time + safety days', async () => {
    const ber = await makeLocation(db(), 'Berlin', 'BER');
    const { variants } = await lowSkus(1, ber.id, { reorderPoint: 5, reorderQuantity: 0, reorderMax: 10 });
    const v = variants[0]!;
    await receive(db(), v.id, ber.id, 60);
    // 60 sold over the last 30 days: 2 a day.
    await applyMovement(db(), SYSTEM_ACTOR, { variantId: v.id, locationId: ber.id, kind: 'reservation', quantity: 60 });
    await applyMovement(db(), SYSTEM_ACTOR, { variantId: v.id, locationId: ber.id, kind: 'fulfilment', quantity: 60 });
    const [level] = rowsOf<{ id: number; version: number }>(
      await db().execute(sql`select id::int as id, version from stock_levels where variant_id = ${v.id}::uuid`),
    );
    await updateReorderSettings(db(), SYSTEM_ACTOR, {
      levelId: level!.id,
      version: level!.version,
      reorderPoint: 5,
      reorderQuantity: 0,
      reorderMax: 10,
      reorderMultiple: 6,
      safetyDays: 5,
    });
    const [row] = (await listStock(db(), { variantId: v.id, windowDays: 30 })).rows;
    expect(row!.sold).toBe(60);
    expect(row!.velocity).toBe(2);
    expect(row!.cover).toBe(1);
    // 2/day × (10 lead + 5 safety) = 30 > max 10: 30 − 2 available = 28 → 30 in packs of 6.
    const noSupplier = await makeVariants(db(), (await makeProduct(db(), (await makeCategory(db())).id)).id, [
      'RP-NONE',
    ]);
    await receive(db(), noSupplier[0]!.id, ber.id, 1);
    await db().execute(sql`update stock_levels set reorder_point = 3 where variant_id = ${noSupplier[0]!.id}::uuid`);
    const r = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id, windowDays: 30 });
    expect(r.orders).toMatchObject([{ units: 30 }]);
    expect(r.noSupplier).toBe(1);
    // Over the last 7 days the same sales are 60/7 a day: the window changes the suggestion.
    const [row7] = (await listStock(db(), { variantId: v.id, windowDays: 7 })).rows;
    expect(row7!.velocity).toBeCloseTo(60 / 7);
  });

  it('a low level at an inactive location is neither listed as low stock nor drafted (the stock list still shows it)', async () => {
    const ber = await makeLocation(db(), 'Berlin', 'BER');
    const osl = await makeLocation(db(), 'Oslo', 'OSL');
    const active = await lowSkus(1, ber.id);
    const closed = await lowSkus(1, osl.id);
    await setLocationActive(db(), SYSTEM_ACTOR, { id: osl.id, active: false });
    const closedVariant = closed.variants[0]!.id;

    const low = await listLowStock(db(), { pageSize: 1000 });
    expect(low.rows.map((r) => r.variantId)).toContain(active.variants[0]!.id);
    expect(low.rows.map((r) => r.variantId)).not.toContain(closedVariant);
    expect((await listLowStock(db(), { locationId: osl.id })).rows).toEqual([]);
    // Still there on the stock list's "low only", marked inactive: the level was not lost, only not for ordering.
    const [kept] = (await listStock(db(), { locationId: osl.id, low: true })).rows;
    expect(kept).toMatchObject({ variantId: closedVariant, locationActive: false });

    const all = await draftPurchaseOrders(db(), SYSTEM_ACTOR, {});
    expect(all.orders.some((o) => o.locationId === osl.id)).toBe(false);
    expect(all.orders.some((o) => o.locationId === ber.id)).toBe(true);
    // Picked by its level id, it is still skipped.
    expect((await draftPurchaseOrders(db(), SYSTEM_ACTOR, { levelIds: [kept!.id] })).orders).toEqual([]);
    expect((await onOrder(osl.id)).size).toBe(0);
  });
});

describe(`low stock by days of cover (${TEST_DRIVER})`, () => {
  it('sorts the least cover first and the SKUs that do not sell last, either way; the window changes the figure', async () => {
    const ber = await makeLocation(db(), 'Berlin', 'BER');
    const { variants } = await lowSkus(3, ber.id);
    // 2 available each. Sold: 20 of the first (cover 3 days over 30), 4 of the second (15 days), none of the third.
    for (const [v, sold] of [
      [variants[0]!, 20],
      [variants[1]!, 4],
    ] as const) {
      await receive(db(), v.id, ber.id, sold);
      await applyMovement(db(), SYSTEM_ACTOR, {
        variantId: v.id,
        locationId: ber.id,
        kind: 'reservation',
        quantity: sold,
      });
      await applyMovement(db(), SYSTEM_ACTOR, {
        variantId: v.id,
        locationId: ber.id,
        kind: 'fulfilment',
        quantity: sold,
      });
    }
    const asc = await listLowStock(db(), { locationId: ber.id, sort: { key: 'cover', dir: 'asc' }, windowDays: 30 });
    expect(asc.rows.map((r) => [r.variantId, r.cover])).toEqual([
      [variants[0]!.id, 3],
      [variants[1]!.id, 15],
      [variants[2]!.id, null],
    ]);
    const desc = await listLowStock(db(), { locationId: ber.id, sort: { key: 'cover', dir: 'desc' }, windowDays: 30 });
    expect(desc.rows.map((r) => r.variantId)).toEqual([variants[1]!.id, variants[0]!.id, variants[2]!.id]);
    // Paged by number: page 2 of 2-row pages holds the third.
    const p2 = await listLowStock(db(), {
      locationId: ber.id,
      sort: { key: 'cover', dir: 'asc' },
      windowDays: 30,
      page: 2,
      pageSize: 2,
    });
    expect(p2.rows.map((r) => r.variantId)).toEqual([variants[2]!.id]);
    const week = await listLowStock(db(), { locationId: ber.id, sort: { key: 'cover', dir: 'asc' }, windowDays: 7 });
    expect(week.rows[0]!.cover).toBeCloseTo(2 / (20 / 7));
  });
});

describe(`expected dates and closing short (${TEST_DRIVER})`, () => {
  it('shows the next expected order with its date, and closing short removes the rest from incoming (audited)', async () => {
    const ber = await makeLocation(db(), 'Berlin', 'BER');
    const { variants } = await lowSkus(1, ber.id);
    const v = variants[0]!;
    const { orders } = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id, today: '2020-01-01' });
    const draft = (await getPurchaseOrder(db(), orders[0]!.id))!;
    // A draft is not incoming yet.
    expect((await listStock(db(), { variantId: v.id })).rows[0]!.next).toBeNull();
    await setPurchaseOrderStatus(db(), SYSTEM_ACTOR, { id: draft.id, version: draft.version, status: 'ordered' });
    const [row] = (await listStock(db(), { variantId: v.id })).rows;
    expect(row!.incoming).toBe(18);
    // Ordered today: expected the supplier's 10-day lead time from now, not from the 2020 drafting day.
    const [due] = rowsOf<{ d: string }>(await db().execute(sql`select (current_date + 10)::text as d`));
    expect(row!.next).toEqual({ kind: 'po', id: draft.id, number: draft.number, expectedAt: due!.d });
    await receivePurchaseOrder(db(), SYSTEM_ACTOR, {
      id: draft.id,
      lines: [{ lineId: draft.lines[0]!.id, quantity: 5 }],
    });
    const partial = (await getPurchaseOrder(db(), draft.id))!;
    const closed = await closePurchaseOrderShort(db(), SYSTEM_ACTOR, { id: draft.id, version: partial.version });
    expect(closed.cancelled).toBe(13);
    expect(closed.status).toBe('received');
    expect(closed.closedShortAt).not.toBeNull();
    const [after] = (await listStock(db(), { variantId: v.id })).rows;
    expect(after!.incoming).toBe(0);
    expect(after!.next).toBeNull();
    expect(after!.onHand).toBe(7);
    const [audit] = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from audit_log where entity_id = ${draft.id} and action = 'close_short'`,
      ),
    );
    expect(audit!.n).toBe(1);
    await expect(closePurchaseOrderShort(db(), SYSTEM_ACTOR, { id: draft.id })).rejects.toBeInstanceOf(Conflict);
    await expect(
      receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: draft.id, lines: [{ lineId: draft.lines[0]!.id, quantity: 1 }] }),
    ).rejects.toBeInstanceOf(Conflict);
  });
});

// One connection on PGlite: racing needs the server's parallel connections.
if (TEST_DRIVER !== 'pglite') {
  describe(`racing on the server (${TEST_DRIVER})`, () => {
    it('two drafting runs at once order each shortfall once', async () => {
      const ber = await makeLocation(db(), 'Berlin', 'BER');
      const { variants } = await lowSkus(4, ber.id);
      const holder = new pg.Client({ connectionString: t.url! });
      await holder.connect();
      try {
        // Hold the location's drafting lock so both runs are in flight, queued on it, before either reads.
        await holder.query('begin');
        await holder.query(`select pg_advisory_xact_lock(hashtext('bobbin.replenish:' || $1::text))`, [ber.id]);
        const runs = [1, 2].map(() => draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id }));
        await untilWaitingOnLock(holder, 2, runs);
        await holder.query('commit');
        const [a, b] = await Promise.all(runs);
        expect(a!.orders.length + b!.orders.length).toBe(1);
        const ordered = await onOrder(ber.id);
        expect(variants.map((v) => ordered.get(v.id))).toEqual([18, 18, 18, 18]);
        const [drafts] = rowsOf<{ n: number }>(
          await db().execute(sql`select count(*)::int as n from purchase_orders where status = 'draft'`),
        );
        expect(drafts!.n).toBe(1);
      } finally {
        await holder.end();
      }
    });

    it('closing short while a receipt is in flight: one order, both figures consistent', async () => {
      const ber = await makeLocation(db(), 'Berlin', 'BER');
      const { variants } = await lowSkus(1, ber.id);
      const { orders } = await draftPurchaseOrders(db(), SYSTEM_ACTOR, { locationId: ber.id });
      const d = (await getPurchaseOrder(db(), orders[0]!.id))!;
      await setPurchaseOrderStatus(db(), SYSTEM_ACTOR, { id: d.id, version: d.version, status: 'ordered' });
      const lineId = d.lines[0]!.id;
      await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: d.id, lines: [{ lineId, quantity: 3 }] });
      const holder = new pg.Client({ connectionString: t.url! });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('select 1 from purchase_orders where id = $1 for update', [d.id]);
        const receipt = receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: d.id, lines: [{ lineId, quantity: 4 }] }).then(
          () => 'received' as const,
          (e: unknown) => e,
        );
        const close = closePurchaseOrderShort(db(), SYSTEM_ACTOR, { id: d.id });
        await untilWaitingOnLock(holder, 2, [receipt, close]);
        await holder.query('commit');
        const [r, c] = await Promise.all([receipt, close]);
        const po = (await getPurchaseOrder(db(), d.id))!;
        const received = po.lines[0]!.received;
        if (r === 'received') {
          // The receipt went first: the close cancelled what was left after it.
          expect(received).toBe(7);
          expect(c.cancelled).toBe(11);
        } else {
          // The close went first: the receipt found the order closed and was refused.
          expect(r).toBeInstanceOf(Conflict);
          expect(received).toBe(3);
          expect(c.cancelled).toBe(15);
        }
        expect(received + c.cancelled).toBe(18);
        const [row] = (await listStock(db(), { variantId: variants[0]!.id })).rows;
        expect(row!.onHand).toBe(2 + received);
        expect(row!.incoming).toBe(0);
        expect((await verifyLedger(db())).drift).toEqual([]);
      } finally {
        await holder.end();
      }
    });
  });
}
