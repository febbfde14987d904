import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '@/db/client';
import { stockLevels, stockMovements, transfers } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import {
  adjustStock,
  cancelTransfer,
  createTransfer,
  receiveTransfer,
  recordCycleCount,
  setLocationActive,
  undoAdjustment,
  updateLocation,
  updateReorderSettings,
  verifyLedger,
} from '@/db/queries/inventory-ops';
import {
  createPurchaseOrder,
  getPurchaseOrder,
  receivePurchaseOrder,
  setPurchaseOrderStatus,
} from '@/db/queries/inventory-purchase-orders';
import { endReservation, expireReservations, reserveStock } from '@/db/queries/inventory-reservations';
import { applyMovement } from '@/db/queries/inventory-stock';
import { countLowStock, listStock } from '@/db/queries/inventory-read';
import { seedDemo } from '@/db/seed';
import { Conflict, OutOfStock, StaleVersion } from '@/lib/errors';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeSupplier } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';
import { inParallel } from '../support/parallel';

const t = useTestDatabase();

const db = () => t.handle.db;

async function level(variantId: string, locationId: string) {
  const [row] = await db()
    .select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .where(sql`${stockLevels.variantId} = ${variantId} and ${stockLevels.locationId} = ${locationId}`);
  return row ?? { onHand: 0, reserved: 0 };
}

async function expectLedgerConsistent() {
  const v = await verifyLedger(db());
  expect(v.drift).toEqual([]);
  const [neg] = rowsOf<{ n: number }>(
    await db().execute(sql`select count(*)::int as n from stock_levels where on_hand - reserved < 0 or reserved < 0`),
  );
  expect(neg!.n).toBe(0);
  return v;
}

describe('stock movements', () => {
  it('refuses a decrement below available with the location in the message, and changes nothing', async () => {
    const berlin = await makeLocation(db(), 'Berlin', 'BER');
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, berlin.id, 3);
    const err = await adjustStock(db(), SYSTEM_ACTOR, {
      variantId: v!.id,
      locationId: berlin.id,
      quantity: -5,
      reason: 'damaged',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(OutOfStock);
    expect(err.message).toBe(`Only 3 available of ${v!.sku} at Berlin.`);
    expect(await level(v!.id, berlin.id)).toEqual({ onHand: 3, reserved: 0 });
    const movements = await db().select().from(stockMovements);
    expect(movements).toHaveLength(1);
  });

  it('the CHECK constraints refuse a direct write that would make stock negative', async () => {
    const loc = await makeLocation(db());
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 2);
    await expect(db().execute(sql`update stock_levels set reserved = 3`)).rejects.toThrow();
    await expect(db().execute(sql`update stock_levels set on_hand = -1, reserved = 0`)).rejects.toThrow();
    expect(await level(v!.id, loc.id)).toEqual({ onHand: 2, reserved: 0 });
  });

  it('reservations count against available; fulfilment takes both on hand and reserved', async () => {
    const loc = await makeLocation(db(), 'Paris', 'PAR');
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 5);
    const r = await reserveStock(db(), {
      sku: v!.sku,
      location: 'par',
      quantity: 4,
      idempotencyKey: 'k1',
      expiresInSeconds: 60,
    });
    expect(r.created).toBe(true);
    expect(r.reservation).toMatchObject({ sku: v!.sku, location: 'PAR', quantity: 4, status: 'active' });
    const err = await adjustStock(db(), SYSTEM_ACTOR, {
      variantId: v!.id,
      locationId: loc.id,
      quantity: -2,
      reason: 'lost',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(OutOfStock);
    expect((err as OutOfStock).available).toBe(1);
    await endReservation(db(), r.reservation.id, 'fulfil');
    expect(await level(v!.id, loc.id)).toEqual({ onHand: 1, reserved: 0 });
    // Ending twice the same way answers the same reservation; the other way is refused.
    expect((await endReservation(db(), r.reservation.id, 'fulfil')).status).toBe('fulfilled');
    await expect(endReservation(db(), r.reservation.id, 'release')).rejects.toThrow(/already fulfilled/);
    await expectLedgerConsistent();
  });

  it('an adjustment can be undone once, within the window, as a compensating movement', async () => {
    const loc = await makeLocation(db());
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 10);
    const adj = await adjustStock(db(), SYSTEM_ACTOR, {
      variantId: v!.id,
      locationId: loc.id,
      quantity: -4,
      reason: 'damaged',
    });
    await undoAdjustment(db(), SYSTEM_ACTOR, adj.movementId);
    expect(await level(v!.id, loc.id)).toEqual({ onHand: 10, reserved: 0 });
    await expect(undoAdjustment(db(), SYSTEM_ACTOR, adj.movementId)).rejects.toThrow(/already undone/);
    const late = await adjustStock(db(), SYSTEM_ACTOR, {
      variantId: v!.id,
      locationId: loc.id,
      quantity: 1,
      reason: 'found',
    });
    await expect(
      undoAdjustment(db(), SYSTEM_ACTOR, late.movementId, new Date(Date.now() + 11 * 60_000)),
    ).rejects.toThrow(/window/);
    expect(await db().select().from(stockMovements)).toHaveLength(4);
    await expectLedgerConsistent();
  });

  it('detects a reorder point changed by someone else meanwhile', async () => {
    const loc = await makeLocation(db());
    const [v] = await makeSkus(db(), 1);
    const applied = await receive(db(), v!.id, loc.id, 1);
    const [lvl] = await db().select().from(stockLevels).where(eq(stockLevels.id, applied.levelId));
    await updateReorderSettings(db(), SYSTEM_ACTOR, {
      levelId: lvl!.id,
      version: lvl!.version,
      reorderPoint: 5,
      reorderQuantity: 20,
    });
    const err = await updateReorderSettings(db(), SYSTEM_ACTOR, {
      levelId: lvl!.id,
      version: lvl!.version,
      reorderPoint: 8,
      reorderQuantity: 20,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(StaleVersion);
    expect(err.message).toMatch(/reorder point is now 5/);
  });

  it('a cycle count books differences as corrections', async () => {
    const loc = await makeLocation(db());
    const [a, b, c] = await makeSkus(db(), 3);
    await receive(db(), a!.id, loc.id, 10);
    await receive(db(), b!.id, loc.id, 4);
    const r = await recordCycleCount(db(), SYSTEM_ACTOR, {
      locationId: loc.id,
      counts: [
        { variantId: a!.id, counted: 7 },
        { variantId: b!.id, counted: 4 },
        { variantId: c!.id, counted: 2 },
      ],
    });
    expect(r).toEqual({ counted: 3, corrections: 2 });
    expect(await level(a!.id, loc.id)).toEqual({ onHand: 7, reserved: 0 });
    expect(await level(c!.id, loc.id)).toEqual({ onHand: 2, reserved: 0 });
    await expectLedgerConsistent();
  });
});

describe('demo seed', () => {
  it('books opening stock as movements, leaves some SKUs low, and shows ordered stock as incoming', async () => {
    expect(await seedDemo(db())).toBe(true);
    const v = await expectLedgerConsistent();
    expect(v.levels).toBeGreaterThan(100);
    expect(await countLowStock(db())).toBeGreaterThan(0);
    const all = await listStock(db(), { pageSize: 200 });
    expect(all.rows.length).toBe(200);
    const incoming = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from purchase_orders where status = 'ordered'`),
    );
    expect(incoming[0]!.n).toBe(1);
  });
});

describe('stock list paging', () => {
  it('Next and Previous cursors walk the same rows, in the same order, as one big page', async () => {
    const a = await makeLocation(db(), 'Alpha', 'ALP');
    const b = await makeLocation(db(), 'Beta', 'BET');
    const skus = await makeSkus(db(), 13);
    for (const v of skus) for (const loc of [a, b]) await receive(db(), v.id, loc.id, 1);
    const all = (await listStock(db(), { pageSize: 200 })).rows.map((r) => r.id);
    expect(all).toHaveLength(26);
    const forward: number[] = [];
    const pages = [];
    let page = await listStock(db(), { pageSize: 5 });
    for (;;) {
      pages.push(page);
      forward.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      page = await listStock(db(), { pageSize: 5, after: page.next, page: page.page + 1 });
    }
    expect(forward).toEqual(all);
    expect(pages[0]!.prev).toBeNull();
    // Back from the last page gives each earlier page again, the first without a Previous.
    let back = pages[pages.length - 1]!;
    for (let i = pages.length - 2; i >= 0; i--) {
      back = await listStock(db(), { pageSize: 5, before: back.prev! });
      expect(back.rows.map((r) => r.id)).toEqual(pages[i]!.rows.map((r) => r.id));
    }
    expect(back.prev).toBeNull();
  });
});

describe('locations', () => {
  it('edits code, name and address (codes unique ignoring case), audited', async () => {
    const a = await makeLocation(db(), 'Alpha', 'ALP');
    await makeLocation(db(), 'Beta', 'BET');
    const saved = await updateLocation(db(), SYSTEM_ACTOR, {
      id: a.id,
      code: 'ALX',
      name: 'Alpha depot',
      address: 'Dock 4',
    });
    expect(saved).toMatchObject({ code: 'ALX', name: 'Alpha depot', address: 'Dock 4', active: true });
    const clash = await updateLocation(db(), SYSTEM_ACTOR, { id: a.id, code: 'bet', name: 'x', address: '' }).catch(
      (e) => e,
    );
    expect(clash).toBeInstanceOf(Conflict);
    expect(clash.fieldErrors).toEqual({ code: ['Another location already uses this code.'] });
    const audit = rowsOf<{ action: string }>(
      await db().execute(
        sql`select action from audit_log where entity_type = 'location' and entity_id = ${a.id} order by id`,
      ),
    );
    expect(audit.map((r) => r.action)).toEqual(['create', 'update']);
  });

  it('an inactive location keeps its stock listed (marked) but refuses receipts, transfers and reservations until reactivated', async () => {
    const a = await makeLocation(db(), 'Alpha', 'ALP');
    const b = await makeLocation(db(), 'Beta', 'BET');
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, a.id, 10);
    const supplier = await makeSupplier(db());
    const po = await createPurchaseOrder(db(), SYSTEM_ACTOR, {
      supplierId: supplier.id,
      locationId: a.id,
      expectedAt: null,
      note: '',
      lines: [{ variantId: v!.id, quantity: 5 }],
      order: true,
    });
    await setLocationActive(db(), SYSTEM_ACTOR, { id: a.id, active: false });

    const rows = (await listStock(db(), { variantId: v!.id })).rows;
    expect(rows.map((r) => [r.locationCode, r.locationActive, r.onHand])).toEqual([['ALP', false, 10]]);
    const reserve = await reserveStock(db(), {
      sku: v!.sku,
      location: 'ALP',
      quantity: 1,
      idempotencyKey: 'inactive-1',
      expiresInSeconds: 60,
    }).catch((e) => e);
    expect(reserve.message).toBe('Alpha is inactive and takes no new reservations.');
    await expect(
      reserveStock(db(), { sku: v!.sku, quantity: 1, idempotencyKey: 'inactive-2', expiresInSeconds: 60 }),
    ).rejects.toBeInstanceOf(OutOfStock);
    const ship = await createTransfer(db(), SYSTEM_ACTOR, {
      fromLocationId: a.id,
      toLocationId: b.id,
      lines: [{ variantId: v!.id, quantity: 1 }],
    }).catch((e) => e);
    expect(ship.message).toBe('Alpha is inactive and takes no new transfers; reactivate it first.');
    expect(ship.fieldErrors).toEqual({ fromLocationId: [ship.message] });
    const receipt = await receivePurchaseOrder(db(), SYSTEM_ACTOR, {
      id: po.id,
      lines: [{ lineId: (await getPurchaseOrder(db(), po.id))!.lines[0]!.id, quantity: 5 }],
    }).catch((e) => e);
    expect(receipt.message).toBe('Alpha is inactive and takes no new receipts; reactivate it first.');
    expect(await level(v!.id, a.id)).toEqual({ onHand: 10, reserved: 0 });

    await setLocationActive(db(), SYSTEM_ACTOR, { id: a.id, active: true });
    await reserveStock(db(), {
      sku: v!.sku,
      location: 'ALP',
      quantity: 1,
      idempotencyKey: 'inactive-3',
      expiresInSeconds: 60,
    });
    expect(await level(v!.id, a.id)).toEqual({ onHand: 10, reserved: 1 });
    const audit = rowsOf<{ action: string }>(
      await db().execute(
        sql`select action from audit_log where entity_type = 'location' and entity_id = ${a.id} order by id`,
      ),
    );
    expect(audit.map((r) => r.action)).toEqual(['create', 'deactivate', 'reactivate']);
    await expectLedgerConsistent();
  });
});

describe('transfers and purchase orders', () => {
  it('cancelling an in-transit transfer books every line back at the source, once; incoming at the destination drops', async () => {
    const from = await makeLocation(db(), 'Berlin', 'BER');
    const to = await makeLocation(db(), 'Paris', 'PAR');
    const [v1, v2] = await makeSkus(db(), 2);
    await receive(db(), v1!.id, from.id, 10);
    await receive(db(), v2!.id, from.id, 10);
    const t1 = await createTransfer(db(), SYSTEM_ACTOR, {
      fromLocationId: from.id,
      toLocationId: to.id,
      lines: [
        { variantId: v1!.id, quantity: 4 },
        { variantId: v2!.id, quantity: 3 },
      ],
    });
    expect((await listStock(db(), { variantId: v1!.id, locationId: to.id })).rows[0]!.incoming).toBe(4);
    // Cancelled twice at once: one wins, the other is told.
    const results = await Promise.allSettled([
      cancelTransfer(db(), SYSTEM_ACTOR, t1.id),
      cancelTransfer(db(), SYSTEM_ACTOR, t1.id),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(
      /already cancelled/,
    );
    expect(await level(v1!.id, from.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(v2!.id, from.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(v1!.id, to.id)).toEqual({ onHand: 0, reserved: 0 });
    expect((await listStock(db(), { variantId: v1!.id, locationId: to.id })).rows[0]!.incoming).toBe(0);
    await expect(receiveTransfer(db(), SYSTEM_ACTOR, t1.id)).rejects.toThrow(/no longer in transit/);
    const back = await db()
      .select()
      .from(stockMovements)
      .where(eq(stockMovements.reference, `cancel of transfer T-${t1.number}`));
    expect(back.map((m) => [m.kind, m.onHandDelta]).sort()).toEqual([
      ['transfer_in', 3],
      ['transfer_in', 4],
    ]);
    // A received transfer cannot be cancelled.
    const t2 = await createTransfer(db(), SYSTEM_ACTOR, {
      fromLocationId: from.id,
      toLocationId: to.id,
      lines: [{ variantId: v1!.id, quantity: 1 }],
      receiveNow: true,
    });
    await expect(cancelTransfer(db(), SYSTEM_ACTOR, t2.id)).rejects.toThrow(/already received/);
    await expectLedgerConsistent();
  });

  it('ships all lines or none: a failing second line leaves both sides unchanged', async () => {
    const from = await makeLocation(db(), 'Berlin', 'BER');
    const to = await makeLocation(db(), 'Paris', 'PAR');
    const [a, b] = await makeSkus(db(), 2);
    await receive(db(), a!.id, from.id, 10);
    await receive(db(), b!.id, from.id, 1);
    const err = await createTransfer(db(), SYSTEM_ACTOR, {
      fromLocationId: from.id,
      toLocationId: to.id,
      lines: [
        { variantId: a!.id, quantity: 5 },
        { variantId: b!.id, quantity: 2 },
      ],
      receiveNow: true,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(OutOfStock);
    expect(err.message).toMatch(/Only 1 available .* at Berlin/);
    expect(await level(a!.id, from.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(a!.id, to.id)).toEqual({ onHand: 0, reserved: 0 });
    expect(await db().select().from(transfers)).toHaveLength(0);
    await expectLedgerConsistent();
  });

  it('a transfer is in transit until received, then lands at the destination', async () => {
    const from = await makeLocation(db());
    const to = await makeLocation(db());
    const [a] = await makeSkus(db(), 1);
    await receive(db(), a!.id, from.id, 10);
    const tr = await createTransfer(db(), SYSTEM_ACTOR, {
      fromLocationId: from.id,
      toLocationId: to.id,
      lines: [{ variantId: a!.id, quantity: 4 }],
    });
    expect(tr.status).toBe('in_transit');
    expect(await level(a!.id, from.id)).toEqual({ onHand: 6, reserved: 0 });
    expect(await level(a!.id, to.id)).toEqual({ onHand: 0, reserved: 0 });
    await receiveTransfer(db(), SYSTEM_ACTOR, tr.id);
    expect(await level(a!.id, to.id)).toEqual({ onHand: 4, reserved: 0 });
    await expect(receiveTransfer(db(), SYSTEM_ACTOR, tr.id)).rejects.toThrow(/no longer in transit/);
    await expectLedgerConsistent();
  });

  it('receives a purchase order in parts; the status follows', async () => {
    const loc = await makeLocation(db());
    const supplier = await makeSupplier(db());
    const [a, b] = await makeSkus(db(), 2);
    const po = await createPurchaseOrder(db(), SYSTEM_ACTOR, {
      supplierId: supplier.id,
      locationId: loc.id,
      expectedAt: '2030-01-01',
      note: '',
      lines: [
        { variantId: a!.id, quantity: 10 },
        { variantId: b!.id, quantity: 5 },
      ],
    });
    await expect(
      receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: po.id, lines: [{ lineId: 1, quantity: 1 }] }),
    ).rejects.toThrow(/draft cannot be received/);
    await setPurchaseOrderStatus(db(), SYSTEM_ACTOR, { id: po.id, version: po.version, status: 'ordered' });
    const full = (await getPurchaseOrder(db(), po.id))!;
    const la = full.lines.find((l) => l.variantId === a!.id)!;
    const lb = full.lines.find((l) => l.variantId === b!.id)!;
    const part = await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: po.id, lines: [{ lineId: la.id, quantity: 6 }] });
    expect(part.status).toBe('partially_received');
    await expect(
      receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: po.id, lines: [{ lineId: la.id, quantity: 5 }] }),
    ).rejects.toThrow(/Only 4/);
    const done = await receivePurchaseOrder(db(), SYSTEM_ACTOR, {
      id: po.id,
      lines: [
        { lineId: la.id, quantity: 4 },
        { lineId: lb.id, quantity: 5 },
      ],
    });
    expect(done.status).toBe('received');
    expect(await level(a!.id, loc.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(b!.id, loc.id)).toEqual({ onHand: 5, reserved: 0 });
    await expectLedgerConsistent();
  });
});

// On the PostgreSQL server these run on a pool of 20 connections: real parallel transactions. On PGlite
// (one connection) they run one after another; the invariants are the same.
describe(`concurrency (${TEST_DRIVER})`, () => {
  it('500 concurrent reservations for 50 units: exactly 50 succeed', async () => {
    const loc = await makeLocation(db(), 'Berlin', 'BER');
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 50);
    const results = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) =>
        reserveStock(db(), {
          sku: v!.sku,
          location: 'BER',
          quantity: 1,
          idempotencyKey: `hot-${i}`,
          expiresInSeconds: 60,
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(50);
    expect(refused.every((r) => (r as PromiseRejectedResult).reason instanceof OutOfStock)).toBe(true);
    expect(await level(v!.id, loc.id)).toEqual({ onHand: 50, reserved: 50 });
    await expectLedgerConsistent();
  });

  it('concurrent retries with one idempotency key reserve once', async () => {
    const loc = await makeLocation(db());
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 100);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        reserveStock(db(), { sku: v!.sku, quantity: 2, idempotencyKey: 'same', expiresInSeconds: 60 }),
      ),
    );
    const ok = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof reserveStock>>>).value);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((r) => r.reservation.id)).size).toBe(1);
    expect(ok.filter((r) => r.created)).toHaveLength(1);
    expect(await level(v!.id, loc.id)).toEqual({ onHand: 100, reserved: 2 });
    await expect(
      reserveStock(db(), { sku: v!.sku, quantity: 3, idempotencyKey: 'same', expiresInSeconds: 60 }),
    ).rejects.toThrow(/different reservation/);
  });

  it('without a location: 200 concurrent reservations over two locations (30 + 20 units) reserve exactly 50', async () => {
    const a = await makeLocation(db(), 'Alpha', 'ALP');
    const b = await makeLocation(db(), 'Beta', 'BET');
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, a.id, 30);
    await receive(db(), v!.id, b.id, 20);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        reserveStock(db(), { sku: v!.sku, quantity: 1, idempotencyKey: `any-${i}`, expiresInSeconds: 60 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refusal.reason).toBeInstanceOf(OutOfStock);
    expect(refusal.reason.message).toBe(`Only 0 available of ${v!.sku} at any location.`);
    expect(await level(v!.id, a.id)).toEqual({ onHand: 30, reserved: 30 });
    expect(await level(v!.id, b.id)).toEqual({ onHand: 20, reserved: 20 });
    await expectLedgerConsistent();
  });

  it('a batched request that does not fit gets its own 409 with what is left; smaller ones after it still fit', async () => {
    const loc = await makeLocation(db(), 'Berlin', 'BER');
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 10);
    const asks = [4, 8, 3, 2, 5];
    const results = await Promise.allSettled(
      asks.map((quantity, i) =>
        reserveStock(db(), {
          sku: v!.sku,
          location: 'BER',
          quantity,
          idempotencyKey: `mix-${i}`,
          expiresInSeconds: 60,
        }),
      ),
    );
    const reserved = results.map((r, i) => (r.status === 'fulfilled' ? asks[i]! : 0)).reduce((x, y) => x + y, 0);
    expect(await level(v!.id, loc.id)).toEqual({ onHand: 10, reserved });
    // Whatever the arrival order, nothing that would still fit is refused: every refusal names less than it asked for.
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(OutOfStock);
        expect((r.reason as OutOfStock).available).toBeLessThan(asks[i]!);
      }
    }
    expect(10 - reserved).toBeLessThan(Math.min(...asks.filter((_, i) => results[i]!.status === 'rejected'), Infinity));
    await expectLedgerConsistent();
  });

  it('duplicate idempotency keys racing through two handles (two processes) reserve once per key', async () => {
    const loc = await makeLocation(db(), 'Berlin', 'BER');
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 1000);
    // A second pool on the server; on PGlite (one connection) a second handle object still gets its own coalescer.
    const other = t.url ? await openDatabase({ driver: TEST_DRIVER as 'pg' | 'neon', url: t.url, max: 5 }) : null;
    const second = other?.db ?? (Object.create(db()) as ReturnType<typeof db>);
    try {
      const calls = Array.from({ length: 120 }, (_, i) =>
        reserveStock(i % 2 ? db() : second, {
          sku: v!.sku,
          location: 'BER',
          quantity: 1,
          idempotencyKey: `race-${i % 30}`,
          expiresInSeconds: 60,
        }),
      );
      const results = await Promise.allSettled(calls);
      const ok = results
        .filter((r) => r.status === 'fulfilled')
        .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof reserveStock>>>).value);
      // A request whose twin is still uncommitted may be told to retry (409), never reserved twice.
      for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/still in progress/);
      expect(ok.filter((r) => r.created)).toHaveLength(30);
      expect(new Set(ok.map((r) => r.reservation.id)).size).toBe(30);
      expect(await level(v!.id, loc.id)).toEqual({ onHand: 1000, reserved: 30 });
      await expectLedgerConsistent();
    } finally {
      await other?.close();
    }
  });

  it('multi-line transfers in opposite line orders do not deadlock', async () => {
    const a = await makeLocation(db());
    const b = await makeLocation(db());
    const skus = await makeSkus(db(), 4);
    for (const s of skus) {
      await receive(db(), s.id, a.id, 1000);
      await receive(db(), s.id, b.id, 1000);
    }
    const lines = skus.map((s) => ({ variantId: s.id, quantity: 1 }));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        createTransfer(db(), SYSTEM_ACTOR, {
          fromLocationId: i % 2 ? a.id : b.id,
          toLocationId: i % 2 ? b.id : a.id,
          lines: i % 4 < 2 ? lines : [...lines].reverse(),
          receiveNow: true,
        }),
      ),
    );
    const [sum] = rowsOf<{ n: number }>(await db().execute(sql`select sum(on_hand)::int as n from stock_levels`));
    expect(sum!.n).toBe(8000);
    await expectLedgerConsistent();
  });

  it('thousands of random operations in parallel keep levels == sum(movements) and available >= 0', async () => {
    const locs = [await makeLocation(db()), await makeLocation(db()), await makeLocation(db())];
    const skus = await makeSkus(db(), 5);
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const reservationsMade: string[] = [];
    const op = async (i: number) => {
      const v = skus[rand(skus.length)]!;
      const l = locs[rand(locs.length)]!;
      const q = 1 + rand(5);
      switch (rand(6)) {
        case 0:
          return receive(db(), v.id, l.id, q);
        case 1: {
          const r = await reserveStock(db(), {
            sku: v.sku,
            quantity: q,
            idempotencyKey: `r-${i}`,
            expiresInSeconds: 60,
          });
          reservationsMade.push(r.reservation.id);
          return r;
        }
        case 2: {
          const id = reservationsMade[rand(reservationsMade.length + 1)];
          return id ? endReservation(db(), id, rand(2) ? 'release' : 'fulfil') : null;
        }
        case 3: {
          const to = locs[(locs.indexOf(l) + 1) % locs.length]!;
          return createTransfer(db(), SYSTEM_ACTOR, {
            fromLocationId: l.id,
            toLocationId: to.id,
            lines: [{ variantId: v.id, quantity: q }],
            receiveNow: rand(2) === 0,
          });
        }
        case 4:
          return adjustStock(db(), SYSTEM_ACTOR, {
            variantId: v.id,
            locationId: l.id,
            quantity: rand(2) ? q : -q,
            reason: 'other',
          });
        default:
          return applyMovement(db(), SYSTEM_ACTOR, {
            variantId: v.id,
            locationId: l.id,
            kind: 'fulfilment',
            quantity: q,
          });
      }
    };
    const results = await inParallel(60, TEST_DRIVER === 'pglite' ? 1500 : 2500, op);
    const unexpected = results.filter(
      (r) =>
        r.status === 'rejected' && !(r.reason instanceof OutOfStock) && !/already|no longer/.test(String(r.reason)),
    );
    expect(unexpected).toEqual([]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(100);
    const v = await expectLedgerConsistent();
    expect(v.movements).toBeGreaterThan(100);
  });

  it('expired reservations are released by the job', async () => {
    const loc = await makeLocation(db());
    const [v] = await makeSkus(db(), 1);
    await receive(db(), v!.id, loc.id, 5);
    const r = await reserveStock(db(), { sku: v!.sku, quantity: 3, idempotencyKey: 'exp', expiresInSeconds: 60 });
    await db().execute(sql`update reservations set expires_at = now() - interval '1 second'`);
    expect(await expireReservations(db())).toBe(1);
    expect(await level(v!.id, loc.id)).toEqual({ onHand: 5, reserved: 0 });
    expect((await endReservation(db(), r.reservation.id, 'expire')).status).toBe('expired');
    await expectLedgerConsistent();
  });
});
