import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { createApiKey } from '@/db/queries/api-keys';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { adjustStock, createTransfer, verifyLedger } from '@/db/queries/inventory-ops';
import { createPurchaseOrder, receivePurchaseOrder } from '@/db/queries/inventory-purchase-orders';
import { endReservation, reserveStock } from '@/db/queries/inventory-reservations';
import { DomainError, STATUS_OF } from '@/lib/errors';
import { POST as reserve } from '@/app/api/v1/inventory/reservations/route';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff, makeSupplier } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';
import { inParallel } from '../support/parallel';
import { untilWaitingOnLock } from '../support/locks';

const t = useTestDatabase();
const db = () => t.handle.db;

let key: string;
beforeEach(async () => {
  const admin = await makeStaff(db(), 'admin');
  key = (
    await createApiKey(db(), { id: admin.id, label: admin.email }, { name: 'shop', scopes: ['inventory:reserve'] })
  ).key;
});

const reserveRequest = (body: unknown) =>
  reserve(
    new Request('http://test.local/api/v1/inventory/reservations', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve<Record<string, string>>({}) },
  );

async function levelOf(variantId: string, locationId: string) {
  const [row] = rowsOf<{ on_hand: number; reserved: number }>(
    await db().execute(
      sql`select on_hand, reserved from stock_levels where variant_id = ${variantId}::uuid and location_id = ${locationId}::uuid`,
    ),
  );
  return row;
}

async function expectConsistent() {
  const v = await verifyLedger(db());
  expect(v.drift).toEqual([]);
  const [bad] = rowsOf<{ n: number }>(
    await db().execute(sql`select count(*)::int as n from stock_levels where on_hand < reserved or reserved < 0`),
  );
  expect(bad!.n).toBe(0);
}

/** The HTTP status a failure of a stock operation would answer (a non-domain error is a 500). */
const statusOf = (err: unknown) => (err instanceof DomainError ? STATUS_OF[err.code] : 500);

// One connection on PGlite: a second connection that holds a lock exists only on the server.
if (TEST_DRIVER !== 'pglite') {
  describe(`a reservation waiting on a held stock transaction (${TEST_DRIVER})`, () => {
    it('decides from the committed release: 201, never 500', async () => {
      const loc = await makeLocation(db(), 'Berlin', 'BER');
      const [v] = await makeSkus(db(), 1);
      await receive(db(), v!.id, loc.id, 2);
      const first = await reserveRequest({ sku: v!.sku, location: 'BER', quantity: 2, idempotencyKey: 'order-held-1' });
      expect(first.status).toBe(201);
      const { id } = (await first.json()).reservation;
      const holder = new pg.Client({ connectionString: t.url! });
      await holder.connect();
      try {
        // The release as endReservation books it, left open: status, level, movement.
        await holder.query('begin');
        await holder.query(`update reservations set status = 'released' where id = $1`, [id]);
        await holder.query(
          `update stock_levels set reserved = reserved - 2 where variant_id = $1 and location_id = $2`,
          [v!.id, loc.id],
        );
        await holder.query(
          `insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_label)
           select id, variant_id, location_id, 'release', 0, -2, '', 'reservation ' || $3, 'test' from stock_levels where variant_id = $1 and location_id = $2`,
          [v!.id, loc.id, id],
        );
        const pending = reserveRequest({ sku: v!.sku, location: 'BER', quantity: 1, idempotencyKey: 'order-held-2' });
        await untilWaitingOnLock(holder);
        await holder.query('commit');
        const res = await pending;
        expect(res.status).toBe(201);
        expect(await levelOf(v!.id, loc.id)).toEqual({ on_hand: 2, reserved: 1 });
      } finally {
        await holder.end();
      }
      await expectConsistent();
    });

    it('decides from a committed adjustment that took the stock: 409, never 500', async () => {
      const loc = await makeLocation(db(), 'Berlin', 'BER');
      const [v] = await makeSkus(db(), 1);
      await receive(db(), v!.id, loc.id, 2);
      const holder = new pg.Client({ connectionString: t.url! });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query(`update stock_levels set on_hand = on_hand - 2 where variant_id = $1 and location_id = $2`, [
          v!.id,
          loc.id,
        ]);
        await holder.query(
          `insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_label)
           select id, variant_id, location_id, 'adjustment', -2, 0, 'damaged', '', 'test' from stock_levels where variant_id = $1 and location_id = $2`,
          [v!.id, loc.id],
        );
        const pending = Promise.all(
          [1, 2].map((i) =>
            reserveRequest({ sku: v!.sku, location: 'BER', quantity: 1, idempotencyKey: `order-took-${i}` }),
          ),
        );
        await untilWaitingOnLock(holder);
        await holder.query('commit');
        expect((await pending).map((r) => r.status)).toEqual([409, 409]);
        expect(await levelOf(v!.id, loc.id)).toEqual({ on_hand: 0, reserved: 0 });
      } finally {
        await holder.end();
      }
      await expectConsistent();
    });
  });
}

describe(`a storm of stock operations (${TEST_DRIVER})`, () => {
  it('reservations, releases, fulfils, adjustments, transfers and receipts: only 2xx/409, nothing oversold, ledger clean', async () => {
    const locs = [await makeLocation(db(), 'Alpha', 'ALP'), await makeLocation(db(), 'Beta', 'BET')];
    const skus = await makeSkus(db(), 2);
    for (const s of skus) for (const l of locs) await receive(db(), s.id, l.id, 20);
    const supplier = await makeSupplier(db());
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const made: string[] = [];
    const total = TEST_DRIVER === 'pglite' ? 200 : 600;
    const op = async (i: number) => {
      const v = skus[rand(skus.length)]!;
      const l = locs[rand(locs.length)]!;
      const q = 1 + rand(3);
      switch (rand(7)) {
        case 0:
        case 1: {
          const r = await reserveStock(db(), {
            sku: v.sku,
            location: l.code,
            quantity: q,
            idempotencyKey: `s-${i}`,
            expiresInSeconds: 60,
          });
          made.push(r.reservation.id);
          return;
        }
        case 2: {
          const id = made[rand(made.length + 1)];
          if (id) await endReservation(db(), id, rand(2) ? 'release' : 'fulfil');
          return;
        }
        case 3:
          await adjustStock(db(), SYSTEM_ACTOR, {
            variantId: v.id,
            locationId: l.id,
            quantity: rand(2) ? q : -q,
            reason: 'other',
          });
          return;
        case 4: {
          const to = locs[(locs.indexOf(l) + 1) % locs.length]!;
          await createTransfer(db(), SYSTEM_ACTOR, {
            fromLocationId: l.id,
            toLocationId: to.id,
            lines: [{ variantId: v.id, quantity: q }],
            receiveNow: rand(2) === 0,
          });
          return;
        }
        case 5: {
          const po = await createPurchaseOrder(db(), SYSTEM_ACTOR, {
            supplierId: supplier.id,
            locationId: l.id,
            expectedAt: null,
            note: '',
            lines: [{ variantId: v.id, quantity: q }],
            order: true,
          });
          const [line] = rowsOf<{ id: number }>(
            await db().execute(
              sql`select id::int as id from purchase_order_lines where purchase_order_id = ${po.id}::uuid`,
            ),
          );
          await receivePurchaseOrder(db(), SYSTEM_ACTOR, { id: po.id, lines: [{ lineId: line!.id, quantity: q }] });
          return;
        }
        default:
          await reserveStock(db(), { sku: v.sku, quantity: q, idempotencyKey: `any-${i}`, expiresInSeconds: 60 });
      }
    };
    const statuses = (await inParallel(40, total, op)).map((r) =>
      r.status === 'fulfilled' ? 200 : statusOf(r.reason),
    );
    const unexpected = statuses.filter((s) => s !== 200 && s !== 409);
    expect(unexpected).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(total / 3);
    await expectConsistent();
  });
});
