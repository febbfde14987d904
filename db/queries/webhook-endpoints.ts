import crypto from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { col, decodeRows } from '../codec';
import { webhookEndpoints, type WebhookEndpoint } from '../schema';
import { Conflict, NotFound } from '../../lib/errors';
import { writeAudit, type Actor } from './audit';

/** A new signing secret: 32 random bytes, prefixed so it is recognisable in a receiver's config. */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}

export type EndpointInput = { url: string; description: string; eventTypes: string[]; enabled: boolean };

// Secrets never go into the audit trail.
const auditView = (e: WebhookEndpoint) => ({
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes.join(', '),
  enabled: e.enabled,
});

export async function listEndpoints(db: Db) {
  return db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
}

export async function createEndpoint(db: Db, actor: Actor, input: EndpointInput): Promise<WebhookEndpoint> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ ...input, secret: newWebhookSecret() })
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'webhook_endpoint',
      entityId: row!.id,
      action: 'create',
      before: null,
      after: auditView(row!),
    });
    return row!;
  });
}

export async function updateEndpoint(
  db: Db,
  actor: Actor,
  input: EndpointInput & { id: string; version: number },
): Promise<WebhookEndpoint> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, input.id)).for('update');
    if (!before) throw new NotFound('That webhook endpoint');
    if (before.version !== input.version)
      throw new Conflict('Someone saved this endpoint after you opened it; reload and try again.');
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        enabled: input.enabled,
        version: sql`${webhookEndpoints.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'webhook_endpoint',
      entityId: input.id,
      action: 'update',
      before: auditView(before),
      after: auditView(after!),
    });
    return after!;
  });
}

/**
 * A new secret; the current one keeps signing (a second `v1=`) for `overlapHours`, so receivers can switch
 * over without missing a delivery.
 */
export async function rotateEndpointSecret(
  db: Db,
  actor: Actor,
  id: string,
  overlapHours: number,
): Promise<WebhookEndpoint> {
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        previousSecret: sql`${webhookEndpoints.secret}`,
        previousSecretExpiresAt: sql`now() + make_interval(hours => ${overlapHours}::int)`,
        secret: newWebhookSecret(),
        version: sql`${webhookEndpoints.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!after) throw new NotFound('That webhook endpoint');
    await writeAudit(tx, actor, {
      entityType: 'webhook_endpoint',
      entityId: id,
      action: 'rotate_secret',
      before: null,
      after: { overlapHours },
    });
    return after;
  });
}

export async function deleteEndpoint(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning();
    if (!gone) throw new NotFound('That webhook endpoint');
    await writeAudit(tx, actor, {
      entityType: 'webhook_endpoint',
      entityId: id,
      action: 'delete',
      before: auditView(gone),
      after: null,
    });
  });
}

export type DeliveryRow = {
  id: number;
  endpointId: string;
  url: string;
  eventId: string;
  type: string;
  entityKey: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  latencyMs: number | null;
  createdAt: string;
};

export type DeliveryFilter = { endpointId?: string; status?: DeliveryRow['status']; before?: number; limit?: number };

/** The delivery log, newest first, keyset-paged by id (`before`). */
export async function listDeliveries(
  db: Db,
  f: DeliveryFilter = {},
): Promise<{ rows: DeliveryRow[]; next: number | null }> {
  const limit = f.limit ?? 50;
  const maybeIso = col.nullable(col.iso);
  const maybeNumber = col.nullable(col.number);
  const rows = decodeRows(
    {
      id: col.number,
      endpoint_id: col.text,
      url: col.text,
      event_id: col.text,
      type: col.text,
      entity_key: col.text,
      status: col.oneOf<DeliveryRow['status']>('pending', 'delivered', 'dead'),
      attempts: col.number,
      next_attempt_at: col.iso,
      last_attempt_at: maybeIso,
      delivered_at: maybeIso,
      response_status: maybeNumber,
      response_body: col.nullable(col.text),
      error: col.nullable(col.text),
      latency_ms: maybeNumber,
      created_at: col.iso,
    },
    await db.execute(sql`
      select d.id::int as id, d.endpoint_id, e.url, o.event_id, o.type, o.entity_key, d.status, d.attempts, d.next_attempt_at,
             d.last_attempt_at, d.delivered_at, d.response_status, d.response_body, d.error, d.latency_ms, d.created_at
        from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id join outbox_events o on o.id = d.event_id
       where true
         ${f.endpointId ? sql`and d.endpoint_id = ${f.endpointId}::uuid` : sql``}
         ${f.status ? sql`and d.status = ${f.status}` : sql``}
         ${f.before ? sql`and d.id < ${f.before}` : sql``}
       order by d.id desc
       limit ${limit + 1}`),
  );
  const mapped = rows.slice(0, limit).map((r) => ({
    id: r.id,
    endpointId: r.endpoint_id,
    url: r.url,
    eventId: r.event_id,
    type: r.type,
    entityKey: r.entity_key,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    deliveredAt: r.delivered_at,
    responseStatus: r.response_status,
    responseBody: r.response_body,
    error: r.error,
    latencyMs: r.latency_ms,
    createdAt: r.created_at,
  }));
  return { rows: mapped, next: rows.length > limit ? mapped[mapped.length - 1]!.id : null };
}

/**
 * Sends a delivery again (same event id): back to pending, due now, attempts counted afresh. It rejoins its
 * entity's line in event order, so later events of that entity wait for it.
 */
export async function redeliver(db: Db, actor: Actor, deliveryId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: number; endpoint_id: string }>(
      await tx.execute(sql`
        update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now()
         where id = ${deliveryId} and status <> 'pending'
        returning id::int as id, endpoint_id`),
    );
    if (!row) throw new Conflict('That delivery is already waiting to be sent (or does not exist).');
    await writeAudit(tx, actor, {
      entityType: 'webhook_endpoint',
      entityId: row.endpoint_id,
      action: 'redeliver',
      before: null,
      after: { delivery: deliveryId },
    });
  });
}
