import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { reservations, type Reservation } from '../schema';
import { Conflict, InvalidInput, NotFound, OutOfStock } from '../../lib/errors';
import { SYSTEM_ACTOR, type Actor } from './audit';
import { applyMovement, outOfStock } from './inventory-stock';

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
  const [row] = rowsOf<{ id: string; sku: string; location: string | null; quantity: number; status: Reservation['status']; expires_at: Date | string; created_at: Date | string }>(
    await db.execute(sql`
      select r.id, v.sku, loc.code as location, r.quantity, r.status, r.expires_at, r.created_at
        from reservations r join variants v on v.id = r.variant_id left join locations loc on loc.id = r.location_id
       where r.id = ${id}::uuid`),
  );
  if (!row) throw new NotFound('That reservation');
  const iso = (d: Date | string) => new Date(d).toISOString();
  return { id: row.id, sku: row.sku, location: row.location, quantity: row.quantity, status: row.status, expiresAt: iso(row.expires_at), createdAt: iso(row.created_at) };
}

const apiActor = (apiKeyId: string | null | undefined): Actor => (apiKeyId ? { id: null, label: `api key ${apiKeyId.slice(0, 8)}` } : SYSTEM_ACTOR);

/**
 * Reserves stock for a storefront. The reservation row is inserted first: a concurrent retry with the same
 * idempotency key waits on the unique index and then finds this one (created: false) instead of reserving
 * twice; if this attempt fails, the row rolls back with it. Without a location, the active locations with
 * the most available stock are tried in turn, each with the atomic conditional update.
 */
export async function reserveStock(db: Db, input: ReserveInput): Promise<{ reservation: ReservationView; created: boolean }> {
  const [variant] = rowsOf<{ id: string; sku: string }>(await db.execute(sql`select id, sku from variants where lower(sku) = lower(${input.sku})`));
  if (!variant) throw new InvalidInput(`Unknown SKU ${input.sku}.`, { sku: ['Unknown SKU.'] });
  let locationId: string | null = null;
  let locationName = 'any location';
  if (input.location) {
    const [loc] = rowsOf<{ id: string; name: string; active: boolean }>(await db.execute(sql`select id, name, active from locations where lower(code) = lower(${input.location})`));
    if (!loc || !loc.active) throw new InvalidInput(`Unknown or inactive location ${input.location}.`, { location: ['Unknown or inactive location.'] });
    locationId = loc.id;
    locationName = loc.name;
  }
  if (locationId) {
    const fast = await reserveAtLocation(db, variant.id, locationId, input);
    if (fast === 'duplicate') return replay(db, variant.id, input);
    if (fast) return { reservation: await view(db, fast), created: true };
    const [existing] = await db.select({ id: reservations.id }).from(reservations).where(eq(reservations.idempotencyKey, input.idempotencyKey));
    if (existing) return replay(db, variant.id, input);
    throw await outOfStock(db, variant.id, locationId);
  }
  const result = await db.transaction(async (tx) => {
    const inserted = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into reservations (idempotency_key, variant_id, location_id, level_id, quantity, expires_at, api_key_id)
        values (${input.idempotencyKey}, ${variant.id}::uuid, ${locationId}::uuid,
                (select id from stock_levels where variant_id = ${variant.id}::uuid and location_id = ${locationId}::uuid), ${input.quantity}::int,
                now() + make_interval(secs => ${input.expiresInSeconds}::int), ${input.apiKeyId ?? null}::uuid)
        on conflict (idempotency_key) do nothing
        returning id`),
    );
    if (!inserted[0]) return { id: null as string | null };
    const id = inserted[0].id;
    const candidates = locationId
      ? [locationId]
      : rowsOf<{ location_id: string }>(
          await tx.execute(sql`
            select s.location_id from stock_levels s join locations loc on loc.id = s.location_id and loc.active
             where s.variant_id = ${variant.id}::uuid and s.on_hand - s.reserved > 0
             order by s.on_hand - s.reserved desc, loc.code limit 10`),
        ).map((r) => r.location_id);
    for (const candidate of candidates) {
      try {
        const applied = await applyMovement(tx, apiActor(input.apiKeyId), {
          variantId: variant.id,
          locationId: candidate,
          kind: 'reservation',
          onHandDelta: 0,
          reservedDelta: input.quantity,
          reference: `reservation ${id}`,
        });
        // With a fixed location the row already names its level: nothing more to write while the hot row is locked.
        if (!locationId) await tx.update(reservations).set({ levelId: applied.levelId, locationId: candidate }).where(eq(reservations.id, id));
        return { id };
      } catch (err) {
        // A refused conditional update changed nothing; with a fixed location it is the answer.
        if (!(err instanceof OutOfStock) || locationId) throw err;
      }
    }
    const [sum] = rowsOf<{ available: number }>(
      await tx.execute(sql`select coalesce(sum(s.on_hand - s.reserved), 0)::int as available from stock_levels s join locations loc on loc.id = s.location_id and loc.active where s.variant_id = ${variant.id}::uuid`),
    );
    throw new OutOfStock(sum!.available, locationName, variant.sku);
  });
  if (result.id) return { reservation: await view(db, result.id), created: true };
  return replay(db, variant.id, input);
}

/** The key was used before (or by a concurrent retry that has now committed): answer that reservation. */
async function replay(db: Db, variantId: string, input: ReserveInput): Promise<{ reservation: ReservationView; created: boolean }> {
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
async function reserveAtLocation(db: Db, variantId: string, locationId: string, input: ReserveInput): Promise<string | 'duplicate' | null> {
  const actor = apiActor(input.apiKeyId);
  try {
    const rows = rowsOf<{ id: string }>(
      await db.execute(sql`
        with lvl as (
          update stock_levels set reserved = reserved + ${input.quantity}::int, updated_at = now()
           where variant_id = ${variantId}::uuid and location_id = ${locationId}::uuid and on_hand - reserved >= ${input.quantity}::int
          returning id
        ), r as (
          insert into reservations (idempotency_key, variant_id, location_id, level_id, quantity, expires_at, api_key_id)
          select ${input.idempotencyKey}, ${variantId}::uuid, ${locationId}::uuid, lvl.id, ${input.quantity}::int,
                 now() + make_interval(secs => ${input.expiresInSeconds}::int), ${input.apiKeyId ?? null}::uuid
            from lvl
          on conflict (idempotency_key) do nothing
          returning id
        ), mv as (
          insert into stock_movements (level_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_id, actor_label)
          select lvl.id, ${variantId}::uuid, ${locationId}::uuid, 'reservation', 0, ${input.quantity}::int, '', 'reservation ' || r.id::text, ${actor.id}::uuid, ${actor.label}::text
            from lvl left join r on true
          returning id
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
export async function endReservation(db: Db, id: string, how: 'release' | 'fulfil' | 'expire', actor: Actor = SYSTEM_ACTOR): Promise<ReservationView> {
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
      onHandDelta: how === 'fulfil' ? -r.quantity : 0,
      reservedDelta: -r.quantity,
      reason: how === 'expire' ? 'expired' : '',
      reference: `reservation ${r.id}`,
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
      await db.execute(sql`select id from reservations where status = 'active' and expires_at <= now() order by expires_at limit ${limit}`),
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
