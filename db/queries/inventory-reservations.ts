import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { col, decodeRows, type Decoded } from '../codec';
import { locations, reservations, type Reservation } from '../schema';
import { Conflict, InvalidInput, NotFound, OutOfStock } from '../../lib/errors';
import { SYSTEM_ACTOR, type Actor } from './audit';
import { deltaOf } from '../../lib/inventory/rules';
import { RESERVATION_STATUSES } from '../../lib/inventory/constants';
import { enqueueEvent } from './outbox';
import { applyMovement, levelChangedPayload, outOfStock } from './inventory-stock';

export type ReserveInput = {
  sku: string;
  location?: string | null;
  quantity: number;
  idempotencyKey: string;
  expiresInSeconds: number;
  apiKeyId?: string | null;
};

export type ReservationView = {
  id: string;
  sku: string;
  location: string | null;
  quantity: number;
  status: Reservation['status'];
  expiresAt: string;
  createdAt: string;
};

async function view(db: Db, id: string): Promise<ReservationView> {
  const [row] = decodeRows(
    {
      id: col.text,
      sku: col.text,
      location: col.nullable(col.text),
      quantity: col.number,
      status: col.oneOf<Reservation['status']>(...RESERVATION_STATUSES),
      expires_at: col.iso,
      created_at: col.iso,
    },
    await db.execute(sql`
      select r.id, v.sku, loc.code as location, r.quantity, r.status, r.expires_at, r.created_at
        from reservations r join variants v on v.id = r.variant_id left join locations loc on loc.id = r.location_id
       where r.id = ${id}::uuid`),
  );
  if (!row) throw new NotFound('That reservation');
  return {
    id: row.id,
    sku: row.sku,
    location: row.location,
    quantity: row.quantity,
    status: row.status,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

const apiActor = (apiKeyId: string | null | undefined): Actor =>
  apiKeyId ? { id: null, label: `api key ${apiKeyId.slice(0, 8)}` } : SYSTEM_ACTOR;

/** What the request names, looked up in one round trip (the SKU, and the location when given). */
type Target = { variantId: string; sku: string };
type Place = { id: string; code: string; name: string };

async function lookup(db: Db, input: ReserveInput): Promise<{ target: Target; place: Place | null }> {
  const [row] = rowsOf<{
    id: string;
    sku: string;
    location_id: string | null;
    code: string | null;
    name: string | null;
    active: boolean | null;
  }>(
    await db.execute(sql`
      select v.id, v.sku, loc.id as location_id, loc.code, loc.name, loc.active
        from variants v left join locations loc on lower(loc.code) = lower(${input.location ?? null}::text)
       where lower(v.sku) = lower(${input.sku})`),
  );
  if (!row) throw new InvalidInput(`Unknown SKU ${input.sku}.`, { sku: ['Unknown SKU.'] });
  const target = { variantId: row.id, sku: row.sku };
  if (!input.location) return { target, place: null };
  if (!row.location_id)
    throw new InvalidInput(`Unknown location ${input.location}.`, { location: ['Unknown location.'] });
  if (!row.active)
    throw new InvalidInput(`${row.name} is inactive and takes no new reservations.`, {
      location: [`${row.name} is inactive.`],
    });
  return { target, place: { id: row.location_id, code: row.code!, name: row.name! } };
}

/**
 * Lookups in flight per handle: concurrent requests naming the same SKU and location share one query, so a hot
 * SKU's requests do not each pay a round trip before joining a batch. A shared answer is no staler than a private
 * one: the batch statement re-checks the location under its lock, and nothing is cached past the query.
 */
const lookups = new WeakMap<Db, Map<string, ReturnType<typeof lookup>>>();

function sharedLookup(db: Db, input: ReserveInput): ReturnType<typeof lookup> {
  let inFlight = lookups.get(db);
  if (!inFlight) lookups.set(db, (inFlight = new Map()));
  const key = `${input.sku}\u0000${input.location ?? ''}`;
  let found = inFlight.get(key);
  if (!found) {
    found = lookup(db, input).finally(() => inFlight.delete(key));
    inFlight.set(key, found);
  }
  return found;
}

/**
 * Reserves stock for a storefront. At a known location the request joins the coalescer below: concurrent
 * requests for the same level share one statement and one commit. Without a location, the active locations
 * with the most available stock are tried in turn through the same path (each attempt is atomic on its own).
 * Idempotency: a key that already has a reservation answers it (created: false), also for concurrent retries.
 */
export async function reserveStock(
  db: Db,
  input: ReserveInput,
): Promise<{ reservation: ReservationView; created: boolean }> {
  const { target, place } = await sharedLookup(db, input);
  if (place) return reserveAt(db, target, place, input);
  const candidates = rowsOf<{ id: string; code: string; name: string }>(
    await db.execute(sql`
      select loc.id, loc.code, loc.name from stock_levels s join locations loc on loc.id = s.location_id and loc.active
       where s.variant_id = ${target.variantId}::uuid and s.on_hand - s.reserved > 0
       order by s.on_hand - s.reserved desc, loc.code limit 10`),
  );
  for (const candidate of candidates) {
    try {
      return await reserveAt(db, target, candidate, input);
    } catch (err) {
      // A refused attempt changed nothing (not enough there, or deactivated meanwhile); the next location may have it.
      if (!(err instanceof OutOfStock) && !(err instanceof InvalidInput)) throw err;
    }
  }
  const [dup] = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(eq(reservations.idempotencyKey, input.idempotencyKey));
  if (dup) return replay(db, target.variantId, input);
  const [sum] = rowsOf<{ available: number }>(
    await db.execute(
      sql`select coalesce(sum(s.on_hand - s.reserved), 0)::int as available from stock_levels s join locations loc on loc.id = s.location_id and loc.active where s.variant_id = ${target.variantId}::uuid`,
    ),
  );
  throw new OutOfStock(sum!.available, 'any location', target.sku);
}

// ---- the coalescer ----

type Outcome = { reservation: ReservationView; created: boolean };
type Pending = {
  target: Target;
  place: Place;
  input: ReserveInput;
  /** Times this request was carried to the next batch because an earlier, larger request did not fit. */
  carried: number;
  resolve: (o: Outcome | Promise<Outcome>) => void;
  reject: (err: unknown) => void;
};
type Queue = { pending: Pending[]; running: boolean };

/** Requests waiting per database handle and level; one statement in flight per level and handle. */
const queues = new WeakMap<Db, Map<string, Queue>>();
const MAX_BATCH = 256;
const MAX_CARRIED = 3;

function reserveAt(db: Db, target: Target, place: Place, input: ReserveInput): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    let byLevel = queues.get(db);
    if (!byLevel) queues.set(db, (byLevel = new Map()));
    const key = `${target.variantId}|${place.id}`;
    let queue = byLevel.get(key);
    if (!queue) byLevel.set(key, (queue = { pending: [], running: false }));
    queue.pending.push({ target, place, input, carried: 0, resolve, reject });
    if (!queue.running) void drain(db, byLevel, key, queue);
  });
}

/**
 * Runs batches for one level until nothing waits. A lone request goes at once (no added latency); requests
 * arriving while a batch is in flight form the next batch, so N requests share one row lock and one commit.
 */
async function drain(db: Db, byLevel: Map<string, Queue>, key: string, queue: Queue) {
  queue.running = true;
  try {
    while (queue.pending.length) {
      const batch: Pending[] = [];
      const later: Pending[] = [];
      const keys = new Set<string>();
      for (const p of queue.pending.splice(0)) {
        // The same key twice in one statement would be one insert too few: the repeat waits for the next batch and replays.
        if (batch.length < MAX_BATCH && !keys.has(p.input.idempotencyKey)) {
          keys.add(p.input.idempotencyKey);
          batch.push(p);
        } else later.push(p);
      }
      queue.pending.unshift(...later);
      try {
        await runBatch(db, batch, queue);
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
  } finally {
    queue.running = false;
    if (byLevel.get(key) === queue) byLevel.delete(key);
  }
}

const BATCH_ROW = {
  kind: col.oneOf('ok', 'dup', 'level'),
  key: col.nullable(col.text),
  id: col.nullable(col.text),
  created_at: col.nullable(col.iso),
  expires_at: col.nullable(col.iso),
  available: col.nullable(col.number),
};
type BatchRow = Decoded<typeof BATCH_ROW>;

/**
 * One statement for the whole batch, in arrival order: lock the level (FOR UPDATE returns its latest value),
 * accept the longest prefix whose running sum fits in available, write the level from that same locked
 * version (the UPDATE's own view of the row can be the one read before waiting on a concurrent writer, so it
 * must not be the base of the new values), insert the
 * accepted reservations (idempotency key unique) and one movement each. Keys that already have a reservation
 * are left out and replayed. If a concurrent duplicate from another process wins a key meanwhile, its
 * reservation insert comes back empty, the movement's reference comes out NULL and its NOT NULL constraint
 * undoes the whole statement; the batch then goes one request at a time.
 */
async function runBatch(db: Db, batch: Pending[], queue: Queue) {
  const { target, place } = batch[0]!;
  const requests = batch.map((p, ord) => ({
    key: p.input.idempotencyKey,
    qty: p.input.quantity,
    dh: deltaOf('reservation', p.input.quantity).onHand,
    dr: deltaOf('reservation', p.input.quantity).reserved,
    secs: p.input.expiresInSeconds,
    api: p.input.apiKeyId ?? null,
    actor_id: apiActor(p.input.apiKeyId).id,
    label: apiActor(p.input.apiKeyId).label,
    ord,
  }));
  let rows: BatchRow[];
  try {
    rows = decodeRows(
      BATCH_ROW,
      await db.execute(sql`
        with req as (
          select t.*, exists (select 1 from reservations x where x.idempotency_key = t.key) as dup
            from jsonb_to_recordset(${JSON.stringify(requests)}::jsonb) as t(key text, qty int, dh int, dr int, secs int, api uuid, actor_id uuid, label text, ord int)
        ), cur as (
          select s.id, s.on_hand, s.reserved from stock_levels s
           where s.variant_id = ${target.variantId}::uuid and s.location_id = ${place.id}::uuid
             and exists (select 1 from locations loc where loc.id = s.location_id and loc.active)
           for update of s
        ), fit as (
          select q.*, sum(q.dr - q.dh) over (order by q.ord) as run from req q where not q.dup
        ), acc as (
          select fit.*, cur.id as level_id from fit, cur where fit.run <= cur.on_hand - cur.reserved
        ), lvl as (
          update stock_levels s set on_hand = cur.on_hand + (select coalesce(sum(dh), 0) from acc)::int,
                                reserved = cur.reserved + (select coalesce(sum(dr), 0) from acc)::int, updated_at = now()
            from cur where s.id = cur.id
          returning s.id, s.on_hand, s.reserved, s.on_hand - s.reserved as available
        ), r as (
          insert into reservations (idempotency_key, variant_id, location_id, level_id, quantity, expires_at, api_key_id)
          select acc.key, ${target.variantId}::uuid, ${place.id}::uuid, lvl.id, acc.qty, now() + make_interval(secs => acc.secs), acc.api
            from acc join lvl on lvl.id = acc.level_id order by acc.ord
          on conflict (idempotency_key) do nothing
          returning id, idempotency_key, created_at, expires_at
        ), mv as (
          insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_id, actor_label)
          select acc.level_id, ${target.variantId}::uuid, ${place.id}::uuid, 'reservation', acc.dh, acc.dr, '', 'reservation ' || r.id::text, acc.actor_id, acc.label
            from acc left join r on r.idempotency_key = acc.key order by acc.ord
          returning 1
        ), ev as (
          -- The webhook events, in this statement (same transaction, no extra round trip): one per reservation,
          -- and one level change when anything was reserved.
          insert into outbox_events (type, entity_key, payload)
          select 'reservation.created', 'reservation:' || r.id,
                 jsonb_build_object('id', r.id, 'sku', ${target.sku}::text, 'location', ${place.code}::text, 'quantity', acc.qty,
                                    'status', 'active', 'expiresAt', r.expires_at)
            from r join acc on acc.key = r.idempotency_key
          union all
          select 'stock.level_changed', 'stock_level:' || lvl.id,
                 jsonb_build_object('sku', ${target.sku}::text, 'location', ${place.code}::text, 'onHand', lvl.on_hand,
                                    'reserved', lvl.reserved, 'available', lvl.on_hand - lvl.reserved, 'cause', 'reservation')
            from lvl where exists (select 1 from acc)
        )
        select 'ok' as kind, r.idempotency_key as key, r.id, r.created_at, r.expires_at, null::int as available from r
        union all select 'dup', req.key, null, null, null, null from req where req.dup
        union all select 'level', null, null, null, null, (select available from lvl)::int`),
    );
  } catch (err) {
    // A concurrent duplicate key (23502, see above), or as a safety net a check or serialization failure:
    // each request goes again on its own, as a fresh single conditional UPDATE.
    const code =
      (err as { code?: string; cause?: { code?: string } })?.code ??
      (err as { cause?: { code?: string } })?.cause?.code;
    if (code !== '23502' && code !== '23514' && code !== '40001') throw err;
    for (const p of batch) p.resolve(reserveOne(db, p));
    return;
  }
  const done = new Map(rows.filter((r) => r.kind === 'ok').map((r) => [r.key!, r]));
  const dups = new Set(rows.filter((r) => r.kind === 'dup').map((r) => r.key!));
  const levelRow = rows.find((r) => r.kind === 'level');
  const available = Math.max(0, levelRow?.available ?? 0);
  for (const p of batch) {
    const ok = done.get(p.input.idempotencyKey);
    if (ok) {
      p.resolve({
        reservation: {
          id: ok.id!,
          sku: p.target.sku,
          location: p.place.code,
          quantity: p.input.quantity,
          status: 'active',
          expiresAt: ok.expires_at!,
          createdAt: ok.created_at!,
        },
        created: true,
      });
    } else if (dups.has(p.input.idempotencyKey)) {
      p.resolve(replay(db, p.target.variantId, p.input));
    } else if (levelRow?.available == null && p.carried === 0) {
      // No level row, or the location was deactivated meanwhile: say which.
      p.reject(await noLevel(db, p));
    } else if (p.input.quantity <= available && p.carried < MAX_CARRIED) {
      // Blocked only by an earlier, larger request that did not fit: it gets its turn in the next batch.
      p.carried++;
      queue.pending.push(p);
    } else {
      p.reject(new OutOfStock(available, p.place.name, p.target.sku));
    }
  }
}

async function skuAndLocation(db: Db, variantId: string, locationId: string | null) {
  const [row] = rowsOf<{ sku: string; location: string | null }>(
    await db.execute(
      sql`select v.sku, (select code from locations where id = ${locationId}::uuid) as location from variants v where v.id = ${variantId}::uuid`,
    ),
  );
  return { sku: row?.sku ?? null, location: row?.location ?? null };
}

async function noLevel(db: Db, p: Pending) {
  const [loc] = await db.select({ active: locations.active }).from(locations).where(eq(locations.id, p.place.id));
  if (loc && !loc.active)
    return new InvalidInput(`${p.place.name} is inactive and takes no new reservations.`, {
      location: [`${p.place.name} is inactive.`],
    });
  return outOfStock(db, p.target.variantId, p.place.id);
}

/** One request on its own (after a batch met a concurrent duplicate key): the single-statement path. */
async function reserveOne(db: Db, p: Pending): Promise<Outcome> {
  const id = await reserveAtLocation(db, p.target.variantId, p.place.id, p.input);
  if (id === 'duplicate') return replay(db, p.target.variantId, p.input);
  if (id) return { reservation: await view(db, id), created: true };
  const [existing] = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(eq(reservations.idempotencyKey, p.input.idempotencyKey));
  if (existing) return replay(db, p.target.variantId, p.input);
  throw await outOfStock(db, p.target.variantId, p.place.id);
}

/** The key was used before (or by a concurrent retry that has now committed): answer that reservation. */
async function replay(
  db: Db,
  variantId: string,
  input: ReserveInput,
): Promise<{ reservation: ReservationView; created: boolean }> {
  const variant = { id: variantId };
  const [existing] = await db.select().from(reservations).where(eq(reservations.idempotencyKey, input.idempotencyKey));
  if (!existing) throw new Conflict('A request with this idempotency key is still in progress; retry.');
  if (existing.variantId !== variant.id || existing.quantity !== input.quantity) {
    throw new Conflict('This idempotency key was already used for a different reservation.', 'idempotencyKey');
  }
  return { reservation: await view(db, existing.id), created: false };
}

/**
 * The hot path at a known location, as ONE statement (its own transaction): the conditional UPDATE of the
 * level, the reservation row and the movement. The row lock is held for that statement only, not across
 * round trips. A duplicate idempotency key leaves the reservation insert empty; the movement's reference then
 * comes out NULL, which its NOT NULL constraint refuses, so the whole statement (the level update included)
 * is undone and the caller answers the first reservation. Returns the new id, 'duplicate', or null when
 * there is not enough stock.
 */
async function reserveAtLocation(
  db: Db,
  variantId: string,
  locationId: string,
  input: ReserveInput,
): Promise<string | 'duplicate' | null> {
  const actor = apiActor(input.apiKeyId);
  const d = deltaOf('reservation', input.quantity);
  try {
    const rows = rowsOf<{ id: string }>(
      await db.execute(sql`
        with lvl as (
          update stock_levels set on_hand = on_hand + ${d.onHand}::int, reserved = reserved + ${d.reserved}::int, updated_at = now()
           where variant_id = ${variantId}::uuid and location_id = ${locationId}::uuid
             and reserved + ${d.reserved}::int >= 0 and on_hand + ${d.onHand}::int >= reserved + ${d.reserved}::int
             and exists (select 1 from locations loc where loc.id = ${locationId}::uuid and loc.active)
          returning id, on_hand, reserved
        ), r as (
          insert into reservations (idempotency_key, variant_id, location_id, level_id, quantity, expires_at, api_key_id)
          select ${input.idempotencyKey}, ${variantId}::uuid, ${locationId}::uuid, lvl.id, ${input.quantity}::int,
                 now() + make_interval(secs => ${input.expiresInSeconds}::int), ${input.apiKeyId ?? null}::uuid
            from lvl
          on conflict (idempotency_key) do nothing
          returning id
        ), mv as (
          insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_id, actor_label)
          select lvl.id, ${variantId}::uuid, ${locationId}::uuid, 'reservation', ${d.onHand}::int, ${d.reserved}::int, '', 'reservation ' || r.id::text, ${actor.id}::uuid, ${actor.label}::text
            from lvl left join r on true
          returning id
        ), ev as (
          insert into outbox_events (type, entity_key, payload)
          select 'reservation.created', 'reservation:' || r.id,
                 jsonb_build_object('id', r.id, 'sku', (select sku from variants where id = ${variantId}::uuid),
                                    'location', (select code from locations where id = ${locationId}::uuid),
                                    'quantity', ${input.quantity}::int, 'status', 'active', 'expiresAt', r.expires_at)
            from r
          union all
          select 'stock.level_changed', 'stock_level:' || lvl.id, ${levelChangedPayload(sql`lvl`, variantId, locationId, sql`'reservation'`)}
            from lvl, r
        )
        select r.id from r, mv`),
    );
    return rows[0]?.id ?? null;
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if (e?.code === '23502' || e?.cause?.code === '23502') return 'duplicate';
    throw err;
  }
}

/**
 * Ends an active reservation: `release` gives the stock back, `fulfil` ships it (on hand and reserved both
 * drop). The status moves first, conditionally, so a reservation is ended once; repeating the same ending
 * answers the reservation as it is.
 */
export async function endReservation(
  db: Db,
  id: string,
  how: 'release' | 'fulfil' | 'expire',
  actor: Actor = SYSTEM_ACTOR,
): Promise<ReservationView> {
  const target = how === 'release' ? 'released' : how === 'fulfil' ? 'fulfilled' : 'expired';
  const done = await db.transaction(async (tx) => {
    const [r] = await tx
      .update(reservations)
      .set({ status: target, updatedAt: sql`now()` })
      .where(and(eq(reservations.id, id), eq(reservations.status, 'active')))
      .returning();
    if (!r) return false;
    await applyMovement(tx, actor, {
      variantId: r.variantId,
      locationId: r.locationId!,
      kind: how === 'fulfil' ? 'fulfilment' : 'release',
      quantity: r.quantity,
      reason: how === 'expire' ? 'expired' : '',
      reference: `reservation ${r.id}`,
    });
    await enqueueEvent(tx, {
      type: `reservation.${target}`,
      entityKey: `reservation:${r.id}`,
      payload: {
        id: r.id,
        quantity: r.quantity,
        status: target,
        ...(await skuAndLocation(tx, r.variantId, r.locationId)),
      },
    });
    return true;
  });
  const current = await view(db, id);
  if (!done && current.status !== target) throw new Conflict(`This reservation is already ${current.status}.`);
  return current;
}

/** Releases reservations past their expiry, a batch at a time; the conditional status change means two runners never release one twice. */
export async function expireReservations(db: Db, limit = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const due = rowsOf<{ id: string }>(
      await db.execute(
        sql`select id from reservations where status = 'active' and expires_at <= now() order by expires_at limit ${limit}`,
      ),
    );
    if (due.length === 0) return total;
    for (const { id } of due) {
      try {
        await endReservation(db, id, 'expire');
        total++;
      } catch (err) {
        if (!(err instanceof Conflict)) throw err; // released or fulfilled meanwhile
      }
    }
    if (due.length < limit) return total;
  }
}
