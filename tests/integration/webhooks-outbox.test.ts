import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Db } from '@/db/client';
import { col, decodeRows } from '@/db/codec';
import { products } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { bulkSaveVariants } from '@/db/queries/catalog-bulk-edit';
import { exportHeader, exportRows } from '@/db/queries/catalog-export';
import { commitImport } from '@/db/queries/catalog-import';
import { bulkUpdateProducts, updateProduct } from '@/db/queries/catalog-products';
import { toCsv } from '@/lib/catalog/csv';
import { adjustStock } from '@/db/queries/inventory-ops';
import { endReservation, reserveStock } from '@/db/queries/inventory-reservations';
import { claimDue, enqueueEvent, fanOut, OUTBOX_RETENTION, pruneOutbox } from '@/db/queries/outbox';
import { createEndpoint, listDeliveries, redeliver, rotateEndpointSecret } from '@/db/queries/webhook-endpoints';
import { outboxPruneClock, runJob } from '@/lib/server/jobs';
import { dispatchWebhooks, requestFor } from '@/lib/server/webhook-dispatch';
import { checkEndpointUrl, sendWebhook } from '@/lib/server/webhook-send';
import { parseWebhookSettings } from '@/lib/webhooks/settings';
import { OutOfStock } from '@/lib/errors';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { editInput, makeCategory, makeProduct, makeSupplier, makeVariants } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';
import { inParallel } from '../support/parallel';
import { untilWaitingOnLock } from '../support/locks';
import { until } from '../support/until';
import { startReceiver } from '../support/webhook-receiver';

const t = useTestDatabase();
const db = () => t.handle.db;

// Tests deliver to a receiver on 127.0.0.1, which the SSRF guard refuses unless allowed (as a deployment would).
const settings = parseWebhookSettings({
  WEBHOOK_ALLOW_NETWORKS: '127.0.0.1/32',
  WEBHOOK_RETRY_BASE_MS: '20',
  WEBHOOK_RETRY_CAP_MS: '100',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '2000',
});

const receivers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (receivers.length) await receivers.pop()!.close();
});
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

const events = async (d: Db = db()) =>
  rowsOf<{ type: string; entity_key: string; payload: Record<string, unknown> }>(
    await d.execute(sql`select type, entity_key, payload from outbox_events order by id`),
  );

async function stocked(qty = 10) {
  const loc = await makeLocation(db());
  const [v] = await makeSkus(db(), 1);
  await receive(db(), v!.id, loc.id, qty);
  return { loc, v: v! };
}

describe(`outbox: events commit with their change (${TEST_DRIVER})`, () => {
  it('a rolled-back transaction leaves no event; a committed one leaves exactly its events', async () => {
    await expect(
      db().transaction(async (tx) => {
        await enqueueEvent(tx, { type: 'product.updated', entityKey: 'product:x', payload: { id: 'x' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await events()).toEqual([]);

    const { loc, v } = await stocked(3);
    expect((await events()).map((e) => e.type)).toEqual(['stock.level_changed']); // the receipt
    // A refused adjustment (would go below zero) and a refused reservation write nothing.
    await expect(
      adjustStock(db(), SYSTEM_ACTOR, { variantId: v.id, locationId: loc.id, quantity: -5, reason: 'damaged' }),
    ).rejects.toBeInstanceOf(OutOfStock);
    await expect(
      reserveStock(db(), {
        sku: v.sku,
        location: loc.code,
        quantity: 4,
        idempotencyKey: 'too-many',
        expiresInSeconds: 60,
      }),
    ).rejects.toBeInstanceOf(OutOfStock);
    expect(await events()).toHaveLength(1);

    const { reservation } = await reserveStock(db(), {
      sku: v.sku,
      location: loc.code,
      quantity: 2,
      idempotencyKey: 'r1',
      expiresInSeconds: 60,
    });
    await reserveStock(db(), {
      sku: v.sku,
      location: loc.code,
      quantity: 2,
      idempotencyKey: 'r1',
      expiresInSeconds: 60,
    }); // a replay: nothing new
    await endReservation(db(), reservation.id, 'release');
    const all = await events();
    expect(all.map((e) => e.type)).toEqual([
      'stock.level_changed',
      'reservation.created',
      'stock.level_changed',
      'stock.level_changed',
      'reservation.released',
    ]);
    expect(all[1]).toMatchObject({
      entity_key: `reservation:${reservation.id}`,
      payload: { id: reservation.id, sku: v.sku, location: loc.code, quantity: 2, status: 'active' },
    });
    expect(all[2]!.payload).toMatchObject({
      sku: v.sku,
      location: loc.code,
      onHand: 3,
      reserved: 2,
      available: 1,
      cause: 'reservation',
    });
    expect(all[3]!.payload).toMatchObject({ onHand: 3, reserved: 0, available: 3, cause: 'release' });
    expect(all[4]).toMatchObject({
      entity_key: `reservation:${reservation.id}`,
      payload: { status: 'released', sku: v.sku, location: loc.code },
    });
  });

  it('concurrent reservations of a hot SKU (the batched statement): one reservation.created per reservation, levels in order', async () => {
    const { loc, v } = await stocked(30);
    const results = await inParallel(20, 40, (i) =>
      reserveStock(db(), {
        sku: v.sku,
        location: loc.code,
        quantity: 1,
        idempotencyKey: `hot-${i}`,
        expiresInSeconds: 60,
      }),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(30);
    const all = await events();
    const created = all.filter((e) => e.type === 'reservation.created');
    expect(created).toHaveLength(30);
    expect(new Set(created.map((e) => e.entity_key)).size).toBe(30);
    // The level events, in id order, show reserved only growing, ending at 30 (each batch's level after it).
    const reserved = all.filter((e) => e.type === 'stock.level_changed').map((e) => e.payload.reserved as number);
    expect(reserved.at(-1)).toBe(30);
    expect([...reserved].sort((a, b) => a - b)).toEqual(reserved);
  });

  it('product.updated: the edit form, the list bulk change, the bulk grid and CSV import send the same payload', async () => {
    const cat = await makeCategory(db(), 'Outbox Dresses');
    const supplier = await makeSupplier(db(), 'Outbox Atelier');
    const p = await makeProduct(db(), cat.id, {
      name: 'Outbox Wren',
      description: 'Old words',
      supplierId: supplier.id,
      tags: ['summer', 'new-in'],
    });
    await makeVariants(db(), p.id, ['OBX-1']);
    const current = async () => (await db().select().from(products).where(eq(products.id, p.id)))[0]!;
    const productEvents = async () =>
      decodeRows(
        { type: col.text, entity_key: col.text, payload: col.json<Record<string, unknown>> },
        await db().execute(
          sql`select type, entity_key, payload from outbox_events where type = 'product.updated' order by id`,
        ),
      );
    // Each path changes a field outside the payload, so the payloads may differ in `version` alone.
    const sent: Record<string, unknown>[] = [];
    const expectNext = async (path: string) => {
      const all = await productEvents();
      expect(all, path).toHaveLength(sent.length + 1);
      const e = all.at(-1)!;
      const now = await current();
      expect(e.entity_key, path).toBe(`product:${p.id}`);
      // The edit form's payload, key for key and value for value (JSON types included).
      expect(e.payload, path).toStrictEqual({
        id: p.id,
        name: 'Outbox Wren',
        slug: p.slug,
        status: 'active',
        basePrice: 4900,
        currency: 'EUR',
        tags: ['summer', 'new-in'],
        version: now.version,
      });
      sent.push(e.payload);
    };

    // 1. The edit form's save.
    await updateProduct(db(), SYSTEM_ACTOR, editInput(p, { description: 'Form words' }));
    await expectNext('edit form');
    // 2. The product list's bulk change: a change that changes nothing sends nothing; a move to another category does.
    await bulkUpdateProducts(db(), SYSTEM_ACTOR, [p.id], { addTag: 'summer' });
    expect(await productEvents()).toHaveLength(1);
    await bulkUpdateProducts(db(), SYSTEM_ACTOR, [p.id], { categoryId: (await makeCategory(db(), 'Outbox Gowns')).id });
    await expectNext('list bulk change');
    // 3. The bulk grid's save.
    const before = await current();
    await bulkSaveVariants(db(), SYSTEM_ACTOR, {
      variants: [],
      products: [{ id: p.id, version: before.version, attributes: { fabric: 'cotton' } }],
    });
    await expectNext('bulk grid');
    // 4. CSV import of the exported catalog with another description.
    const header = await exportHeader(db());
    const rows: string[][] = [];
    for await (const batch of exportRows(db(), header, {}, 'variants')) rows.push(...batch);
    const file = toCsv(header, rows).replace('Form words', 'CSV words');
    expect(await commitImport(db(), SYSTEM_ACTOR, new TextEncoder().encode(file))).toMatchObject({ committed: true });
    expect((await current()).description).toBe('CSV words');
    await expectNext('CSV import');

    const withoutVersion = sent.map(({ version: _v, ...rest }) => rest);
    for (const other of withoutVersion.slice(1)) expect(other).toStrictEqual(withoutVersion[0]);
    expect(sent.map((e) => e.version)).toEqual([1, 2, 3, 4].map((n) => p.version + n));
  });
});

describe(`outbox: dispatcher (${TEST_DRIVER})`, () => {
  it('delivers a signed event once to each subscribed endpoint and logs it; unsubscribed endpoints get nothing', async () => {
    const rx = await receiver();
    const other = await receiver();
    const ep = await createEndpoint(db(), SYSTEM_ACTOR, {
      url: rx.url,
      description: 'shop',
      eventTypes: ['stock.level_changed'],
      enabled: true,
    });
    await createEndpoint(db(), SYSTEM_ACTOR, {
      url: other.url,
      description: 'surveys',
      eventTypes: ['survey.response_created'],
      enabled: true,
    });
    const { loc, v } = await stocked(7);
    const summary = await dispatchWebhooks(db(), { settings });
    expect(summary).toMatchObject({ fannedOut: 1, delivered: 1, failed: 0, dead: 0 });
    expect(rx.received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
    const [got] = rx.received;
    expect(rx.verify(got!, ep.secret)).toEqual({ ok: true });
    expect(got!.json).toMatchObject({
      type: 'stock.level_changed',
      data: { sku: v.sku, location: loc.code, onHand: 7, available: 7 },
    });
    expect(got!.headers['bobbin-event-id']).toBe(got!.json.id);
    const { rows } = await listDeliveries(db());
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'delivered',
        attempts: 1,
        responseStatus: 200,
        responseBody: 'ok',
        eventId: got!.json.id,
      }),
    ]);
    expect(rows[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    // Nothing left to do: a second run sends nothing.
    expect(await dispatchWebhooks(db(), { settings })).toMatchObject({ delivered: 0, fannedOut: 0 });
    expect(rx.received).toHaveLength(1);
  });

  it('a dispatcher that crashed mid-delivery (sent, never recorded): the event is sent again with the same id', async () => {
    const rx = await receiver();
    await createEndpoint(db(), SYSTEM_ACTOR, {
      url: rx.url,
      description: '',
      eventTypes: ['stock.level_changed'],
      enabled: true,
    });
    await stocked(2);
    await fanOut(db());
    // The first dispatcher claims and sends, then dies before recording the answer. Its claim is long, so a slow
    // machine cannot let it lapse before the next check (a 300 ms claim did, under load: CI run of 2026-11-28).
    const [claimed] = await claimDue(db(), { limit: 10, claimMs: 600_000 });
    const { body, headers } = requestFor(claimed!);
    expect((await sendWebhook(claimed!.url, headers, body, settings)).ok).toBe(true);
    // While its claim runs, nobody else sends it.
    expect(await dispatchWebhooks(db(), { settings })).toMatchObject({ delivered: 0 });
    // The claim lapses (its time is moved into the past, as if the 10 minutes had gone by); the next dispatcher
    // sends it again.
    await db().execute(
      sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where id = ${claimed!.id}`,
    );
    expect(await dispatchWebhooks(db(), { settings })).toMatchObject({ delivered: 1 });
    expect(rx.received.map((r) => r.json.id)).toEqual([claimed!.event.id, claimed!.event.id]);
    expect(rx.received.map((r) => r.headers['bobbin-delivery-attempt'])).toEqual(['1', '2']);
    expect((await listDeliveries(db())).rows[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('retries a failing endpoint with backoff, dead-letters it after the attempt limit, and redelivers on request', async () => {
    let failing = true;
    const rx = await receiver(() => (failing ? { status: 503, body: 'x'.repeat(2000) } : { status: 204 }));
    await createEndpoint(db(), SYSTEM_ACTOR, {
      url: rx.url,
      description: '',
      eventTypes: ['stock.level_changed'],
      enabled: true,
    });
    await stocked(1);
    await until(async () => {
      await dispatchWebhooks(db(), { settings });
      const [d] = (await listDeliveries(db())).rows;
      return d?.status === 'dead' ? d : undefined;
    }, 'the dead letter');
    const [dead] = (await listDeliveries(db())).rows;
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, responseStatus: 503 });
    expect(dead!.responseBody).toHaveLength(512); // the first bytes only
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.json.id)).size).toBe(1);

    failing = false;
    await redeliver(db(), SYSTEM_ACTOR, dead!.id);
    await dispatchWebhooks(db(), { settings });
    expect((await listDeliveries(db())).rows[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      responseStatus: 204,
    });
    expect(rx.received.at(-1)!.json.id).toBe(rx.received[0]!.json.id);
  });

  it('after a secret rotation both secrets sign until the overlap ends', async () => {
    const rx = await receiver();
    const ep = await createEndpoint(db(), SYSTEM_ACTOR, {
      url: rx.url,
      description: '',
      eventTypes: ['stock.level_changed'],
      enabled: true,
    });
    const rotated = await rotateEndpointSecret(db(), SYSTEM_ACTOR, ep.id, 24);
    expect(rotated.secret).not.toBe(ep.secret);
    await stocked(1);
    await dispatchWebhooks(db(), { settings });
    const [got] = rx.received;
    expect(String(got!.headers['bobbin-signature']).match(/v1=/g)).toHaveLength(2);
    expect(rx.verify(got!, ep.secret)).toEqual({ ok: true });
    expect(rx.verify(got!, rotated.secret)).toEqual({ ok: true });
  });

  it('runs as the webhook-dispatch job under the lease', async () => {
    const r = await runJob('webhook-dispatch', { handle: t.handle });
    expect(r).toMatchObject({ job: 'webhook-dispatch', ran: true });
  });

  it('two dispatchers at once deliver every event once per endpoint, in order per entity', async () => {
    const a = await receiver((_r, n) => ({ status: 200, delayMs: n % 3 }));
    const b = await receiver((_r, n) => ({ status: 200, delayMs: (n + 1) % 3 }));
    for (const rx of [a, b])
      await createEndpoint(db(), SYSTEM_ACTOR, {
        url: rx.url,
        description: '',
        eventTypes: ['stock.level_changed'],
        enabled: true,
      });
    const loc = await makeLocation(db());
    const skus = await makeSkus(db(), 3);
    const other =
      TEST_DRIVER === 'pglite'
        ? null
        : await openDatabase({ driver: TEST_DRIVER as 'pg' | 'neon', url: t.url!, max: 4 });
    try {
      // Events keep arriving while both dispatch (each SKU's level changes 15 times: on hand 1..15).
      let writing = true;
      const writer = (async () => {
        for (let i = 0; i < 15; i++) for (const v of skus) await receive(db(), v.id, loc.id, 1);
        writing = false;
      })();
      const loop = async (d: Db) => {
        while (writing) await dispatchWebhooks(d, { settings, batch: 4 });
        await dispatchWebhooks(d, { settings, batch: 4 });
      };
      await Promise.all([writer, loop(db()), loop(other?.db ?? db())]);
      await dispatchWebhooks(db(), { settings });
    } finally {
      await other?.close();
    }
    for (const rx of [a, b]) {
      expect(rx.received).toHaveLength(45);
      expect(new Set(rx.received.map((r) => r.json.id)).size).toBe(45);
      for (const v of skus) {
        const seq = rx.received.filter((r) => r.json.data.sku === v.sku).map((r) => r.json.data.onHand);
        expect(seq).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      }
    }
  });
});

describe(`outbox: retention (${TEST_DRIVER})`, () => {
  const endpoint = async (n: number) =>
    rowsOf<{ id: string }>(
      await db().execute(
        sql`insert into webhook_endpoints (url, event_types, secret)
            values (${`https://receiver${n}.example/hook`}, array['stock.level_changed'], 'secret') returning id`,
      ),
    )[0]!.id;
  /** An event fanned out `fannedDaysAgo` days ago (null: not yet), created a day before that. */
  const event = async (key: string, fannedDaysAgo: number | null) =>
    rowsOf<{ id: number }>(
      await db().execute(
        sql`insert into outbox_events (type, entity_key, payload, created_at, fanned_out_at)
            values ('stock.level_changed', ${key}, '{}'::jsonb,
                    now() - make_interval(days => ${(fannedDaysAgo ?? 40) + 1}),
                    case when ${fannedDaysAgo}::int is null then null else now() - make_interval(days => ${fannedDaysAgo}::int) end)
            returning id::int as id`,
      ),
    )[0]!.id;
  /** A delivery created with its event; `daysAgo`: when it was delivered (or last attempted, for dead). */
  const delivery = (eventId: number, endpointId: string, status: 'pending' | 'delivered' | 'dead', daysAgo: number) =>
    db().execute(sql`
      insert into webhook_deliveries (event_id, endpoint_id, entity_key, status, attempts, created_at, last_attempt_at, delivered_at)
      select o.id, ${endpointId}::uuid, o.entity_key, ${status}, 1, o.created_at,
             now() - make_interval(days => ${daysAgo}),
             case when ${status} = 'delivered' then now() - make_interval(days => ${daysAgo}) end
        from outbox_events o where o.id = ${eventId}`);
  const remaining = async () => ({
    events: rowsOf<{ key: string }>(
      await db().execute(sql`select entity_key as key from outbox_events order by entity_key`),
    ).map((r) => r.key),
    deliveries: rowsOf<{ key: string; status: string }>(
      await db().execute(sql`select entity_key as key, status from webhook_deliveries order by entity_key, status`),
    ).map((r) => `${r.key}:${r.status}`),
  });

  it('prunes delivered deliveries after 7 days, dead ones after 30, and events left without deliveries; keeps the rest', async () => {
    const [e1, e2] = [await endpoint(1), await endpoint(2)];
    await delivery(await event('a-old-delivered', 10), e1, 'delivered', 8);
    await delivery(await event('b-recent-delivered', 10), e1, 'delivered', 2);
    await delivery(await event('c-old-pending', 40), e1, 'pending', 35);
    await delivery(await event('d-dead-within-30', 25), e1, 'dead', 20);
    await delivery(await event('e-dead-past-30', 40), e1, 'dead', 35);
    const f = await event('f-one-delivered-one-pending', 40);
    await delivery(f, e1, 'delivered', 35);
    await delivery(f, e2, 'pending', 35);
    await event('g-not-fanned-out', null);
    await event('h-no-subscriber-old', 10);
    await event('i-no-subscriber-recent', 1);

    expect(await pruneOutbox(db())).toEqual({ delivered: 2, dead: 1, events: 3 });
    expect(await remaining()).toEqual({
      events: [
        'b-recent-delivered',
        'c-old-pending',
        'd-dead-within-30',
        'f-one-delivered-one-pending',
        'g-not-fanned-out',
        'i-no-subscriber-recent',
      ],
      deliveries: [
        'b-recent-delivered:delivered',
        'c-old-pending:pending',
        'd-dead-within-30:dead',
        'f-one-delivered-one-pending:pending',
      ],
    });
    // Nothing more to do: a second run deletes nothing.
    expect(await pruneOutbox(db())).toEqual({ delivered: 0, dead: 0, events: 0 });
  });

  it('deletes at most one batch of each kind per run; the next run continues', async () => {
    const ep = await endpoint(1);
    for (let i = 0; i < 5; i++) await delivery(await event(`old-${i}`, 10), ep, 'delivered', 9);
    expect(await pruneOutbox(db(), { batch: 2 })).toEqual({ delivered: 2, dead: 0, events: 2 });
    expect(await pruneOutbox(db(), { batch: 2 })).toEqual({ delivered: 2, dead: 0, events: 2 });
    expect(await pruneOutbox(db(), { batch: 2 })).toEqual({ delivered: 1, dead: 0, events: 1 });
    expect(await remaining()).toEqual({ events: [], deliveries: [] });
  });

  it('the webhook-dispatch job prunes on its first run in a process, then not again until OUTBOX_PRUNE_EVERY_MS', async () => {
    const ep = await endpoint(1);
    await delivery(await event('old', 10), ep, 'delivered', 9);
    await delivery(await event('recent', 1), ep, 'delivered', 0);
    // Nothing is due (and no endpoint is enabled), so the run only prunes.
    await db().execute(sql`update webhook_endpoints set enabled = false`);
    outboxPruneClock.last = null; // as in a process that has not pruned yet
    const r = await runJob('webhook-dispatch', { handle: t.handle });
    expect(r).toMatchObject({ ran: true, changed: true });
    expect(r.ran && r.summary).toMatch(/pruned 1 delivered and 0 dead deliveries, 1 event/);
    expect(await remaining()).toEqual({ events: ['recent'], deliveries: ['recent:delivered'] });
    // Within the interval the next run leaves an old row alone.
    await delivery(await event('old-again', 10), ep, 'delivered', 9);
    expect(await runJob('webhook-dispatch', { handle: t.handle })).toMatchObject({ ran: true, changed: false });
    expect((await remaining()).events).toContain('old-again');
  });
  it('a full batch makes the next run prune again, so a backlog drains a batch per run', async () => {
    const ep = await endpoint(1);
    for (let i = 0; i < 3; i++) await delivery(await event(`old-${i}`, 10), ep, 'delivered', 9);
    await db().execute(sql`update webhook_endpoints set enabled = false`);
    const saved = { ...OUTBOX_RETENTION };
    Object.assign(OUTBOX_RETENTION, { batch: 2, embeddedBatch: 2 });
    try {
      outboxPruneClock.last = null;
      const first = await runJob('webhook-dispatch', { handle: t.handle });
      expect(first.ran && first.summary).toMatch(/pruned 2 delivered and 0 dead deliveries, 2 event/);
      // The batch was full: the very next run prunes the rest instead of waiting OUTBOX_PRUNE_EVERY_MS.
      const second = await runJob('webhook-dispatch', { handle: t.handle });
      expect(second.ran && second.summary).toMatch(/pruned 1 delivered and 0 dead deliveries, 1 event/);
      expect(await remaining()).toEqual({ events: [], deliveries: [] });
      // Not full: back to the interval.
      await delivery(await event('old-again', 10), ep, 'delivered', 9);
      expect(await runJob('webhook-dispatch', { handle: t.handle })).toMatchObject({ ran: true, changed: false });
    } finally {
      Object.assign(OUTBOX_RETENTION, saved);
    }
  });

  if (TEST_DRIVER !== 'pglite') {
    it('never deletes a delivery an admin sends again while the prune runs (the redelivery commits first)', async () => {
      const ep = await endpoint(1);
      await delivery(await event('dead-old', 40), ep, 'dead', 35);
      const [{ id }] = rowsOf<{ id: number }>(
        await db().execute(sql`select id::int as id from webhook_deliveries`),
      ) as [{ id: number }];
      // The admin's Redeliver (its statement) inside a transaction held open on a second connection.
      const holder = new pg.Client({ connectionString: t.url! });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query(
          `update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now() where id = $1`,
          [id],
        );
        const prune = pruneOutbox(db());
        // A prune that waits on the row (the bug: it deletes the row once the redelivery commits) or one that
        // passes it by: either way the redelivery then commits.
        await Promise.race([prune, untilWaitingOnLock(holder, 1, [prune]).catch(() => undefined)]);
        await holder.query('commit');
        await prune;
      } finally {
        await holder.end();
      }
      expect((await remaining()).deliveries).toEqual(['dead-old:pending']);
      expect((await remaining()).events).toEqual(['dead-old']);
    });
  }
});

describe(`outbox: SSRF guard (${TEST_DRIVER})`, () => {
  const strict = parseWebhookSettings({ WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_MAX_RESPONSE_BYTES: '1024' });

  it('refuses loopback, private, link-local and metadata URLs unless allowed', async () => {
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/',
      'http://[fd00:ec2::254]/',
      'http://0.0.0.0/',
    ]) {
      expect(await checkEndpointUrl(url, strict.allowNetworks), url).toMatch(/^Refused: /);
    }
    expect(await checkEndpointUrl('ftp://example.com/x', strict.allowNetworks)).toMatch(/http or https/);
    expect(await checkEndpointUrl('https://user:pw@example.com/x', strict.allowNetworks)).toMatch(/credentials/);
    expect(await checkEndpointUrl('http://127.0.0.1:9/x', settings.allowNetworks)).toBeNull();
  });

  it('refuses to send to a refused address at delivery time (no request leaves), cuts big and slow answers', async () => {
    const rx = await receiver();
    const refused = await sendWebhook(rx.url, {}, '{}', strict);
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.error).toMatch(/loopback/);
    // By name too: the check runs inside the connection's own DNS lookup.
    const byName = await sendWebhook(rx.url.replace('127.0.0.1', 'localhost'), {}, '{}', strict);
    expect(byName.error).toMatch(/loopback/);
    expect(rx.received).toHaveLength(0);

    const big = await receiver(() => ({ status: 200, body: 'y'.repeat(100_000) }));
    const allowedStrict = { ...strict, allowNetworks: settings.allowNetworks };
    const capped = await sendWebhook(big.url, {}, '{}', allowedStrict);
    expect(capped.error).toMatch(/response cut at 1024 bytes/);
    expect(capped.body).toHaveLength(512);

    const slow = await receiver(() => 'hang');
    const timedOut = await sendWebhook(slow.url, {}, '{}', allowedStrict);
    expect(timedOut).toMatchObject({ ok: false, status: null, error: 'timed out after 500 ms' });
  });
});
