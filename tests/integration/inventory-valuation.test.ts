import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { adjustStock, createTransfer, recordCycleCount, verifyLedger } from '@/db/queries/inventory-ops';
import { createPurchaseOrder, receivePurchaseOrder, getPurchaseOrder } from '@/db/queries/inventory-purchase-orders';
import {
  stockValueByLocation,
  valuationRowsAsOf,
  valuationTotalsAsOf,
  verifyValuation,
} from '@/db/queries/inventory-valuation';
import { updateVariant } from '@/db/queries/catalog-variants';
import { replayAverage, stockValue } from '@/lib/inventory/valuation';
import { InvalidInput, OutOfStock } from '@/lib/errors';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeSupplier } from '../support/factories';
import { makeLocation, makeSkus } from '../support/inventory-factories';
import { inParallel } from '../support/parallel';
import { untilWaitingOnLock } from '../support/locks';

const t = useTestDatabase();
const db = () => t.handle.db;

/** Orders `quantity` of one SKU at `unitCost` cents into `locationId` and receives it all. */
async function buy(variantId: string, locationId: string, supplierId: string, quantity: number, unitCost: number) {
  const po = await createPurchaseOrder(db(), SYSTEM_ACTOR, {
    supplierId,
    locationId,
    expectedAt: null,
    note: '',
    order: true,
    lines: [{ variantId, quantity, unitCost }],
  });
  const full = await getPurchaseOrder(db(), po.id);
  return { po, lineId: full!.lines[0]!.id };
}

async function avgOf(variantId: string): Promise<number | null> {
  const [row] = rowsOf<{ avg_cost: string | null }>(
    await db().execute(sql`select avg_cost from variants where id = ${variantId}::uuid`),
  );
  return row!.avg_cost === null ? null : Number(row!.avg_cost);
}

/** Every movement of the SKU in ledger order, as the pure replay reads them. */
async function ledgerOf(variantId: string) {
  return rowsOf<{ id: number; kind: string; on_hand_delta: number; unit_cost: string | null; avg_cost: string | null }>(
    await db().execute(
      sql`select id::int as id, kind::text, on_hand_delta, unit_cost, avg_cost from stock_movements where variant_id = ${variantId}::uuid order by id`,
    ),
  ).map((m) => ({
    id: m.id,
    kind: m.kind,
    onHandDelta: m.on_hand_delta,
    unitCost: m.unit_cost === null ? null : Number(m.unit_cost),
    avgCost: m.avg_cost === null ? null : Number(m.avg_cost),
  }));
}

async function expectValueConsistent() {
  expect((await verifyLedger(db())).drift).toEqual([]);
  const v = await verifyValuation(db());
  expect(v.drift).toEqual([]);
  expect(v.valueNow).toBe(v.valueFromLedger);
  return v;
}

describe(`moving-average valuation (${TEST_DRIVER})`, () => {
  it('receipts at different costs set the average; transfers keep it; adjustments and counts move at it', async () => {
    const berlin = await makeLocation(db(), 'Berlin', 'BER');
    const paris = await makeLocation(db(), 'Paris', 'PAR');
    const supplier = await makeSupplier(db());
    const [v] = await makeSkus(db(), 1);
    const a = await buy(v!.id, berlin.id, supplier.id, 10, 1000);
    await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: a.po.id, lines: [{ lineId: a.lineId, quantity: 10 }] });
    expect(await avgOf(v!.id)).toBe(1000);
    // 10 @ 10.00 + 30 @ 14.00 → 13.00, received at another location: the average is the SKU's, across locations.
    const b = await buy(v!.id, paris.id, supplier.id, 30, 1400);
    await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: b.po.id, lines: [{ lineId: b.lineId, quantity: 30 }] });
    expect(await avgOf(v!.id)).toBe(1300);
    await createTransfer(db(), SYSTEM_ACTOR, {
      fromLocationId: paris.id,
      toLocationId: berlin.id,
      note: '',
      receiveNow: true,
      lines: [{ variantId: v!.id, quantity: 5 }],
    });
    await adjustStock(db(), SYSTEM_ACTOR, { variantId: v!.id, locationId: berlin.id, quantity: -2, reason: 'damaged' });
    await recordCycleCount(db(), SYSTEM_ACTOR, { locationId: paris.id, counts: [{ variantId: v!.id, counted: 20 }] });
    expect(await avgOf(v!.id)).toBe(1300);
    const ledger = await ledgerOf(v!.id);
    expect(ledger.map((m) => [m.kind, m.onHandDelta, m.unitCost])).toEqual([
      ['receipt', 10, 1000],
      ['receipt', 30, 1400],
      ['transfer_out', -5, 1300],
      ['transfer_in', 5, 1300],
      ['adjustment', -2, 1300],
      ['correction', -5, 1300],
    ]);
    // Berlin 13, Paris 20: 33 × 13.00
    const now = await stockValueByLocation(db());
    expect(now.locations.find((l) => l.code === 'BER')!.value).toBe(13 * 1300);
    expect(now.locations.find((l) => l.code === 'PAR')!.value).toBe(20 * 1300);
    expect(now.total).toBe(33 * 1300);
    // Every level here has a cost, and a location holding nothing has no level to be "uncosted".
    await makeLocation(db(), 'Empty', 'EMP');
    const withEmpty = await stockValueByLocation(db());
    expect(withEmpty.locations.map((l) => [l.code, l.uncosted])).toEqual(
      expect.arrayContaining([
        ['BER', 0],
        ['PAR', 0],
        ['EMP', 0],
      ]),
    );
    await expectValueConsistent();
  });

  it('a line without a cost takes the SKU unit cost; selling out then buying again starts afresh', async () => {
    const loc = await makeLocation(db());
    const supplier = await makeSupplier(db());
    const [v] = await makeSkus(db(), 1);
    await db().execute(sql`update variants set unit_cost = 800 where id = ${v!.id}::uuid`);
    const po = await createPurchaseOrder(db(), SYSTEM_ACTOR, {
      supplierId: supplier.id,
      locationId: loc.id,
      expectedAt: null,
      note: '',
      order: true,
      lines: [{ variantId: v!.id, quantity: 4 }],
    });
    const line = (await getPurchaseOrder(db(), po.id))!.lines[0]!;
    expect(line.unitCost).toBe(800);
    await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: po.id, lines: [{ lineId: line.id, quantity: 4 }] });
    expect(await avgOf(v!.id)).toBe(800);
    await adjustStock(db(), SYSTEM_ACTOR, { variantId: v!.id, locationId: loc.id, quantity: -4, reason: 'lost' });
    const again = await buy(v!.id, loc.id, supplier.id, 2, 1500);
    await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: again.po.id, lines: [{ lineId: again.lineId, quantity: 2 }] });
    expect(await avgOf(v!.id)).toBe(1500);
    await expectValueConsistent();
  });

  it('verify notices a tampered average', async () => {
    const loc = await makeLocation(db());
    const supplier = await makeSupplier(db());
    const [v] = await makeSkus(db(), 1);
    const a = await buy(v!.id, loc.id, supplier.id, 3, 500);
    await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: a.po.id, lines: [{ lineId: a.lineId, quantity: 3 }] });
    await expectValueConsistent();
    await db().execute(sql`update variants set avg_cost = 499 where id = ${v!.id}::uuid`);
    const bad = await verifyValuation(db());
    expect(bad.drift).toEqual([{ sku: v!.sku, stored: 499, replayed: 500, movementId: null }]);
    expect(bad.valueNow).not.toBe(bad.valueFromLedger);
  });

  it('a unit cost edit is audited with before and after', async () => {
    const [v] = await makeSkus(db(), 1);
    const { id, version, sku, size, colour, priceOverride, barcode, weightGrams, active } = v!;
    await updateVariant(db(), SYSTEM_ACTOR, {
      id,
      version,
      sku,
      size,
      colour,
      priceOverride,
      barcode,
      weightGrams,
      active,
      unitCost: 1234,
    });
    const [audit] = rowsOf<{ changes: Record<string, [unknown, unknown]> }>(
      await db().execute(sql`select changes from audit_log where action = 'update_variant' order by id desc limit 1`),
    );
    // Only what changed is recorded: the cost, from nothing to 12.34.
    expect(audit!.changes).toEqual({ [`${sku} unit cost`]: [null, '12.34'] });
  });

  it('a barcode already on another SKU is a field error, not a 500', async () => {
    const [a, b] = await makeSkus(db(), 2);
    const base = (v: typeof a) => ({
      id: v!.id,
      version: v!.version,
      sku: v!.sku,
      size: v!.size,
      colour: v!.colour,
      priceOverride: null,
      weightGrams: null,
      active: true,
    });
    await updateVariant(db(), SYSTEM_ACTOR, { ...base(a), barcode: '4006381333931' });
    const err = await updateVariant(db(), SYSTEM_ACTOR, { ...base(b), barcode: '4006381333931' }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidInput);
    expect(err.fieldErrors).toEqual({ barcode: [`Barcode 4006381333931 is already on ${a!.sku}.`] });
    // The index is the backstop even for a write that skips the check.
    await expect(
      db().execute(sql`update variants set barcode = '4006381333931' where id = ${b!.id}::uuid`),
    ).rejects.toThrow();
  });

  it('valuation as of a past date equals a replay of the ledger up to that date', async () => {
    const berlin = await makeLocation(db(), 'Berlin', 'BER');
    const paris = await makeLocation(db(), 'Paris', 'PAR');
    const supplier = await makeSupplier(db());
    const [v, w] = await makeSkus(db(), 2);
    const steps: { at: string; run: () => Promise<unknown> }[] = [];
    const receiveAll = (variantId: string, locationId: string, qty: number, cost: number) => async () => {
      const p = await buy(variantId, locationId, supplier.id, qty, cost);
      await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: p.po.id, lines: [{ lineId: p.lineId, quantity: qty }] });
    };
    steps.push({ at: '2026-01-10T10:00:00Z', run: receiveAll(v!.id, berlin.id, 10, 1000) });
    steps.push({ at: '2026-01-12T10:00:00Z', run: receiveAll(w!.id, paris.id, 4, 250) });
    steps.push({
      at: '2026-01-20T10:00:00Z',
      run: () =>
        adjustStock(db(), SYSTEM_ACTOR, { variantId: v!.id, locationId: berlin.id, quantity: -3, reason: 'damaged' }),
    });
    steps.push({ at: '2026-02-05T10:00:00Z', run: receiveAll(v!.id, paris.id, 7, 2000) });
    steps.push({ at: '2026-02-06T10:00:00Z', run: receiveAll(w!.id, paris.id, 4, 350) });
    // Each step's movements are dated to its day: the ledger of a past month, booked through the real paths.
    for (const s of steps) {
      const [{ max }] = rowsOf<{ max: number | null }>(
        await db().execute(sql`select max(id)::int as max from stock_movements`),
      ) as [{ max: number | null }];
      await s.run();
      await db().execute(sql`update stock_movements set created_at = ${s.at}::timestamptz where id > ${max ?? 0}`);
    }
    const cut = new Date('2026-02-01T00:00:00Z');
    const totals = await valuationTotalsAsOf(db(), cut);
    const rows = await valuationRowsAsOf(db(), cut);
    // Replay: every movement before the cut, in ledger order, per SKU → average; on hand per level.
    const movements = rowsOf<{
      level_id: number;
      variant_id: string;
      location_id: string;
      kind: string;
      on_hand_delta: number;
      unit_cost: string | null;
    }>(
      await db().execute(
        sql`select level_id::int as level_id, variant_id, location_id, kind::text, on_hand_delta, unit_cost from stock_movements where created_at < ${cut.toISOString()}::timestamptz order by id`,
      ),
    );
    const expected = new Map<number, number>();
    for (const variantId of [v!.id, w!.id]) {
      const mine = movements.filter((m) => m.variant_id === variantId);
      const avg = replayAverage(
        mine.map((m) => ({
          kind: m.kind,
          onHandDelta: m.on_hand_delta,
          unitCost: m.unit_cost === null ? null : Number(m.unit_cost),
        })),
      ).at(-1)!.average;
      const perLevel = new Map<number, number>();
      for (const m of mine) perLevel.set(m.level_id, (perLevel.get(m.level_id) ?? 0) + m.on_hand_delta);
      for (const [levelId, onHand] of perLevel) if (onHand !== 0) expected.set(levelId, stockValue(onHand, avg));
    }
    expect(new Map(rows.map((r) => [r.levelId, r.value]))).toEqual(expected);
    expect(totals.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    // Worked by hand: Berlin 7 × 10.00, Paris 4 × 2.50; February's receipts are not in it.
    expect(totals.total).toBe(7 * 1000 + 4 * 250);
    expect(totals.locations.map((l) => [l.code, l.units, l.value])).toEqual([
      ['BER', 7, 7000],
      ['PAR', 4, 1000],
    ]);
    // And as of now: (7 × 10.00 + 7 × 20.00) / 14 = 15.00; (4 × 2.50 + 4 × 3.50) / 8 = 3.00.
    const now = await valuationTotalsAsOf(db(), new Date('2026-03-01T00:00:00Z'));
    expect(now.total).toBe(14 * 1500 + 8 * 300);
    await expectValueConsistent();
  });
});

describe(`receipts racing on one SKU (${TEST_DRIVER})`, () => {
  it('parallel receipts at different costs and locations, with issues and first levels at new locations between: the average equals the sequential replay', async () => {
    const locs = [await makeLocation(db(), 'Race A', 'RA'), await makeLocation(db(), 'Race B', 'RB')];
    // Locations where the SKU has no level yet: each gets its first one during the storm.
    const fresh: Awaited<ReturnType<typeof makeLocation>>[] = [];
    for (let i = 0; i < 12; i++) fresh.push(await makeLocation(db(), `Race new ${i}`, `RN${i}`));
    const supplier = await makeSupplier(db());
    const [v] = await makeSkus(db(), 1);
    const orders: Awaited<ReturnType<typeof buy>>[] = [];
    for (let i = 0; i < 24; i++) orders.push(await buy(v!.id, locs[i % 2]!.id, supplier.id, 3 + (i % 5), 700 + 37 * i));
    const tolerateOutOfStock = (e: unknown) => (e instanceof OutOfStock ? null : Promise.reject(e));
    const receipt = (i: number) => () =>
      receivePurchaseOrder(db(), SYSTEM_ACTOR, {
        id: orders[i]!.po.id,
        lines: [{ lineId: orders[i]!.lineId, quantity: 3 + (i % 5) }],
      });
    const issue = (i: number) => () =>
      adjustStock(db(), SYSTEM_ACTOR, {
        variantId: v!.id,
        locationId: locs[i % 2]!.id,
        quantity: -1,
        reason: 'damaged',
      }).catch(tolerateOutOfStock);
    // A first level by each path that creates one with stock: an adjustment, a cycle count, a transfer arriving.
    const firstLevel = (i: number) => () => {
      const at = fresh[i]!.id;
      if (i % 3 === 0)
        return adjustStock(db(), SYSTEM_ACTOR, { variantId: v!.id, locationId: at, quantity: 2, reason: 'found' });
      if (i % 3 === 1)
        return recordCycleCount(db(), SYSTEM_ACTOR, { locationId: at, counts: [{ variantId: v!.id, counted: 3 }] });
      return createTransfer(db(), SYSTEM_ACTOR, {
        fromLocationId: locs[i % 2]!.id,
        toLocationId: at,
        note: '',
        receiveNow: true,
        lines: [{ variantId: v!.id, quantity: 1 }],
      }).catch(tolerateOutOfStock);
    };
    // Interleaved, so first levels are created while receipts are in flight.
    const ops: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < orders.length; i++) ops.push(receipt(i), i % 2 ? firstLevel(i >> 1) : issue(i >> 1));
    // Receipts racing each other and stock moving meanwhile, on real parallel connections on the server.
    const results = await inParallel(8, ops.length, (i) => ops[i]!());
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const ledger = await ledgerOf(v!.id);
    const replayed = replayAverage(ledger);
    // Every movement recorded the average the sequential replay gives at that point.
    ledger.forEach((m, i) => {
      expect({ id: m.id, avg: m.avgCost }).toEqual({ id: m.id, avg: replayed[i]!.average });
    });
    expect(await avgOf(v!.id)).toBe(replayed.at(-1)!.average);
    expect(ledger.filter((m) => m.kind === 'receipt')).toHaveLength(24);
    // Every adjustment and count at a new location went through (a transfer may have found its source empty).
    expect(
      ledger.filter((m) => m.kind === 'correction' || (m.kind === 'adjustment' && m.onHandDelta > 0)),
    ).toHaveLength(8);
    await expectValueConsistent();
  });
});

// One connection on PGlite: a transaction held open on a second connection exists only on the server.
if (TEST_DRIVER !== 'pglite') {
  describe(`a receipt racing a SKU's first level at a new location (${TEST_DRIVER})`, () => {
    // Each operation writes its audit row last: a held lock on the audit table keeps it open after its stock
    // statements, so the one started first has written (not committed) when the other one runs.
    const cases = [
      { first: 'adjustment', kind: 'adjustment', order: ['receipt', 'adjustment', 'receipt'], avg: 1400 },
      { first: 'cycle count', kind: 'correction', order: ['receipt', 'correction', 'receipt'], avg: 1400 },
      { first: 'receipt', kind: 'adjustment', order: ['receipt', 'receipt', 'adjustment'], avg: 1500 },
    ] as const;
    it.each(cases)('$first first: every movement records the average of the sequential replay', async (c) => {
      const berlin = await makeLocation(db(), 'Berlin', 'BER');
      const paris = await makeLocation(db(), 'Paris', 'PAR');
      const supplier = await makeSupplier(db());
      const [v] = await makeSkus(db(), 1);
      const first = await buy(v!.id, berlin.id, supplier.id, 10, 1000);
      await receivePurchaseOrder(db(), SYSTEM_ACTOR, {
        id: first.po.id,
        lines: [{ lineId: first.lineId, quantity: 10 }],
      });
      const second = await buy(v!.id, berlin.id, supplier.id, 10, 2000);
      // 5 units at Paris, where the SKU has no level yet.
      const newLevel = () =>
        c.kind === 'correction'
          ? recordCycleCount(db(), SYSTEM_ACTOR, { locationId: paris.id, counts: [{ variantId: v!.id, counted: 5 }] })
          : adjustStock(db(), SYSTEM_ACTOR, { variantId: v!.id, locationId: paris.id, quantity: 5, reason: 'found' });
      const receipt = () =>
        receivePurchaseOrder(db(), SYSTEM_ACTOR, {
          id: second.po.id,
          lines: [{ lineId: second.lineId, quantity: 10 }],
        });
      const holder = new pg.Client({ connectionString: t.url! });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('lock table audit_log in share mode');
        const a = c.first === 'receipt' ? receipt() : newLevel();
        await untilWaitingOnLock(holder, 1, [a]);
        const b = c.first === 'receipt' ? newLevel() : receipt();
        await untilWaitingOnLock(holder, 2, [a, b]);
        await holder.query('commit');
        await Promise.all([a, b]);
      } finally {
        await holder.end();
      }
      const ledger = await ledgerOf(v!.id);
      expect(ledger.map((m) => m.kind)).toEqual(c.order);
      // Before the second receipt: 15 at 10.00 (Berlin 10, Paris 5), + 10 at 20.00 → 14.00. After it: 10 at 10.00
      // + 10 at 20.00 → 15.00, and Paris's 5 arrive at 15.00.
      expect(await avgOf(v!.id)).toBe(c.avg);
      const replayed = replayAverage(ledger);
      ledger.forEach((m, i) => expect({ id: m.id, avg: m.avgCost }).toEqual({ id: m.id, avg: replayed[i]!.average }));
      await expectValueConsistent();
    });
  });
}
