import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { col, decodeRows } from '../codec';
import type { WebhookEventType } from '../../lib/webhooks/events';

/**
 * The transactional outbox (docs/adr/0014-webhook-outbox.md). Call `enqueueEvent` with the transaction that
 * makes the change: the event then exists exactly when the change committed, and a rolled-back change leaves
 * nothing to send. Hot statements (reservation batches, stock movements) insert their events inside their own
 * statement instead (see inventory-stock.ts / inventory-reservations.ts), so they pay no extra round trip.
 */
export type EventInput = { type: WebhookEventType; entityKey: string; payload: Record<string, unknown> };

export async function enqueueEvent(tx: Db, event: EventInput): Promise<void> {
  await tx.execute(sql`
    insert into outbox_events (type, entity_key, payload)
    values (${event.type}, ${event.entityKey}, ${JSON.stringify(event.payload)}::jsonb)`);
}

/**
 * The one definition of the `product.updated` event (what the edit form, the list's bulk change, the bulk grid
 * and CSV import emit): `productEventColumns` is what a statement that changes products returns, and
 * `insertProductUpdated` writes one event per row of a source with those columns, so a hot statement adds its
 * events in a CTE without another round trip. Payload: id, name, slug, status, basePrice, currency, tags, version.
 */
export const productEventColumns = (alias: string) =>
  sql.raw(
    ['id', 'name', 'slug', 'status', 'base_price', 'currency', 'tags', 'version']
      .map((c) => `${alias}.${c}`)
      .join(', '),
  );

/** `insert into outbox_events … select … from <source> r` (ordered by product id), for a CTE or a statement. */
export function insertProductUpdated(source: SQL, where?: SQL): SQL {
  return sql`
    insert into outbox_events (type, entity_key, payload)
    select 'product.updated', 'product:' || r.id, jsonb_build_object('id', r.id, 'name', r.name, 'slug', r.slug,
      'status', r.status, 'basePrice', r.base_price, 'currency', r.currency, 'tags', to_jsonb(r.tags), 'version', r.version)
      from ${source} r ${where ? sql`where ${where}` : sql``}
     order by r.id`;
}

/** Writes the `product.updated` event of each product in `ids` as it stands in `tx` (call after the update). */
export async function enqueueProductUpdated(tx: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    insertProductUpdated(
      sql`products`,
      sql`r.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    ),
  );
}

/**
 * Fans new events out to the endpoints subscribed at this moment (one delivery row each) and stamps them.
 * FOR UPDATE (not SKIP LOCKED): a second dispatcher waits for the first's rows and then skips them as done,
 * so no event of an entity is fanned out before an earlier one of the same entity.
 */
export async function fanOut(db: Db, limit = 1000): Promise<{ events: number; deliveries: number }> {
  const [row] = decodeRows(
    { events: col.number, deliveries: col.number },
    await db.execute(sql`
      with ev as (
        select id, type, entity_key from outbox_events where fanned_out_at is null order by id limit ${limit} for update
      ), ins as (
        insert into webhook_deliveries (event_id, endpoint_id, entity_key)
        select ev.id, e.id, ev.entity_key from ev join webhook_endpoints e on e.enabled and ev.type = any(e.event_types)
         order by ev.id
        on conflict (endpoint_id, event_id) do nothing
        returning 1
      ), upd as (
        update outbox_events o set fanned_out_at = now() from ev where o.id = ev.id returning 1
      )
      select (select count(*) from upd)::int as events, (select count(*) from ins)::int as deliveries`),
  );
  return { events: row?.events ?? 0, deliveries: row?.deliveries ?? 0 };
}

export type ClaimedDelivery = {
  id: number;
  attempt: number;
  endpointId: string;
  url: string;
  secrets: string[];
  event: { id: string; type: string; entityKey: string; payload: Record<string, unknown>; createdAt: string };
};

/**
 * Claims due deliveries that are first in line for their (endpoint, entity): no earlier pending delivery of
 * the same entity to the same endpoint exists, so per entity one is in flight at a time, in event order. The
 * claim bumps `attempts` and moves `next_attempt_at` `claimMs` ahead in one conditional UPDATE: a concurrent
 * dispatcher skips it, and if this process dies mid-request the delivery is due again after `claimMs`
 * (at least once; same event id).
 */
export async function claimDue(db: Db, opts: { limit: number; claimMs: number }): Promise<ClaimedDelivery[]> {
  const rows = decodeRows(
    {
      id: col.number,
      attempts: col.number,
      endpoint_id: col.text,
      url: col.text,
      secret: col.text,
      previous_secret: col.nullable(col.text),
      event_uuid: col.text,
      type: col.text,
      entity_key: col.text,
      payload: col.json<Record<string, unknown>>,
      created_at: col.iso,
    },
    await db.execute(sql`
      with head as (
        select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
         where d.status = 'pending' and d.next_attempt_at <= now()
           and not exists (
             select 1 from webhook_deliveries p
              where p.endpoint_id = d.endpoint_id and p.entity_key = d.entity_key and p.status = 'pending' and p.event_id < d.event_id)
         order by d.event_id
         limit ${opts.limit}
         for update of d skip locked
      ), claimed as (
        update webhook_deliveries d
           set attempts = d.attempts + 1, last_attempt_at = now(),
               next_attempt_at = now() + make_interval(secs => ${opts.claimMs / 1000}::float8)
          from head where d.id = head.id and d.status = 'pending' and d.next_attempt_at <= now()
        returning d.id, d.attempts, d.endpoint_id, d.event_id
      )
      select c.id::int as id, c.attempts, c.endpoint_id, e.url, e.secret,
             case when e.previous_secret_expires_at > now() then e.previous_secret end as previous_secret,
             o.event_id as event_uuid, o.type, o.entity_key, o.payload, o.created_at
        from claimed c join outbox_events o on o.id = c.event_id join webhook_endpoints e on e.id = c.endpoint_id
       order by c.event_id`),
  );
  return rows.map((r) => ({
    id: r.id,
    attempt: r.attempts,
    endpointId: r.endpoint_id,
    url: r.url,
    secrets: r.previous_secret ? [r.secret, r.previous_secret] : [r.secret],
    event: {
      id: r.event_uuid,
      type: r.type,
      entityKey: r.entity_key,
      payload: r.payload,
      createdAt: r.created_at,
    },
  }));
}

export type AttemptResult = {
  ok: boolean;
  status: number | null;
  body: string | null;
  error: string | null;
  latencyMs: number;
};

/**
 * Records a round's attempts in one statement: delivered on 2xx; otherwise due again after its `retryInMs`, or
 * dead once `maxAttempts` are spent. Conditional on the attempt number, so a late answer never overwrites a
 * newer claim's outcome. Returns each delivery's new status.
 */
export async function recordAttempts(
  db: Db,
  attempts: readonly { id: number; attempt: number; result: AttemptResult; retryInMs: number }[],
  maxAttempts: number,
): Promise<('delivered' | 'pending' | 'dead')[]> {
  if (attempts.length === 0) return [];
  const rows = attempts.map((a) => ({
    id: a.id,
    attempt: a.attempt,
    status: a.result.ok ? 'delivered' : a.attempt >= maxAttempts ? 'dead' : 'pending',
    code: a.result.status,
    body: a.result.body,
    error: a.result.error,
    latency: Math.round(a.result.latencyMs),
    retry: a.retryInMs / 1000,
  }));
  await db.execute(sql`
    update webhook_deliveries d
       set status = r.status, response_status = r.code, response_body = r.body, error = r.error, latency_ms = r.latency,
           delivered_at = case when r.status = 'delivered' then now() else d.delivered_at end,
           next_attempt_at = case when r.status = 'pending' then now() + make_interval(secs => r.retry) else d.next_attempt_at end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as r(id bigint, attempt int, status text, code int, body text, error text, latency int, retry float8)
     where d.id = r.id and d.attempts = r.attempt and d.status = 'pending'`);
  return rows.map((r) => r.status as 'delivered' | 'pending' | 'dead');
}

/** How long finished deliveries are kept (README "Outbound webhooks"): the deliveries log reads them. */
export const OUTBOX_RETENTION = {
  /** Delivered deliveries, counted from `delivered_at`. */
  deliveredDays: 7,
  /** Dead letters, counted from their last attempt: longer, so they can still be read and redelivered. */
  deadDays: 30,
  /** Rows deleted per statement and kind per run: each delete stays short; the next run continues. */
  batch: 5_000,
  /** The same on PGlite, whose statements block the process's requests while they run. */
  embeddedBatch: 1_000,
};

export type PruneResult = { delivered: number; dead: number; events: number };

/**
 * Deletes, at most `batch` rows of each kind per call: delivered deliveries older than `deliveredDays`, dead
 * ones whose last attempt is older than `deadDays`, and events fanned out more than `deliveredDays` ago that
 * have no delivery left (all pruned, or no endpoint subscribed). An event with any delivery row (pending, or
 * dead within its retention) is kept. `created_at` never exceeds `delivered_at` or the last attempt, so the
 * extra `created_at` bound is implied and lets the candidates come from webhook_deliveries_log_idx.
 * Candidates are locked (skipping locked ones) before the delete: a Redeliver committing meanwhile makes its row
 * pending, and FOR UPDATE re-checks the status on the row's new version, so a delivery an admin just sent again is
 * never deleted under them (a plain `id in (select …)` re-checks only the id).
 */
export async function pruneOutbox(db: Db, opts: Partial<typeof OUTBOX_RETENTION> = {}): Promise<PruneResult> {
  const { deliveredDays, deadDays, batch } = { ...OUTBOX_RETENTION, ...opts };
  // One bounded delete: the candidates (an id select) locked, skipping locked rows, then deleted and counted.
  const deleteBatch = async (table: ReturnType<typeof sql>, candidates: ReturnType<typeof sql>) =>
    decodeRows(
      { n: col.number },
      await db.execute(sql`
        with gone as (
          delete from ${table} where id in (${candidates} limit ${batch} for update skip locked)
          returning 1)
        select count(*)::int as n from gone`),
    )[0]?.n ?? 0;
  const delivered = await deleteBatch(
    sql`webhook_deliveries`,
    sql`select id from webhook_deliveries
         where status = 'delivered' and delivered_at < now() - make_interval(days => ${deliveredDays})
           and created_at < now() - make_interval(days => ${deliveredDays})`,
  );
  const dead = await deleteBatch(
    sql`webhook_deliveries`,
    sql`select id from webhook_deliveries
         where status = 'dead' and coalesce(last_attempt_at, created_at) < now() - make_interval(days => ${deadDays})
           and created_at < now() - make_interval(days => ${deadDays})`,
  );
  // Oldest fan-out first along outbox_events_fanned_out_idx, which holds fanned-out events only: the walk covers
  // the old events (and the few a kept delivery holds back), never the recent ones. The not-exists probe (and the
  // delete's cascade) use webhook_deliveries_event_idx.
  const events = await deleteBatch(
    sql`outbox_events`,
    sql`select o.id from outbox_events o
         where o.fanned_out_at < now() - make_interval(days => ${deliveredDays})
           and not exists (select 1 from webhook_deliveries d where d.event_id = o.id)
         order by o.fanned_out_at`,
  );
  return { delivered, dead, events };
}
