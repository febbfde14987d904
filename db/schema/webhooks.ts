import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The transactional outbox: one row per domain event, inserted by the same transaction (often the same
 * statement) as the change it describes, so an event exists exactly when its change committed. The dispatcher
 * fans each row out to the subscribed endpoints (webhook_deliveries) and stamps `fanned_out_at`.
 * `id` orders events: per entity the change holds the entity's row lock while taking its id, so id order is
 * commit order for one entity.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** What receivers deduplicate on (the `id` of the webhook body). */
    eventId: uuid('event_id').notNull().defaultRandom(),
    type: text('type').notNull(),
    /** Events of one entity are delivered in order (e.g. `stock_level:42`, `reservation:<uuid>`). */
    entityKey: text('entity_key').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
  },
  // The dispatcher's queue: only rows not yet fanned out. Few indexes: every reservation batch inserts here.
  (t) => [
    index('outbox_events_pending_idx').on(t.id).where(sql`${t.fannedOutAt} is null`),
    // Retention's walk (pruneOutbox), oldest fan-out first. Partial: an event enters it when fanned out, so the
    // reservation path's inserts never touch it.
    index('outbox_events_fanned_out_idx').on(t.fannedOutAt).where(sql`${t.fannedOutAt} is not null`),
  ],
);

/** A receiver: URL, the event types it wants, and its signing secret(s). */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  /** Event types delivered; empty = none. */
  eventTypes: text('event_types').array().notNull().default(sql`'{}'::text[]`),
  secret: text('secret').notNull(),
  /** After a rotation the old secret also signs until this time (both `v1=` in the header). */
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
  enabled: boolean('enabled').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One event to one endpoint. `pending` until a 2xx (`delivered`) or the attempt limit (`dead`). Claiming an
 * attempt bumps `attempts` and pushes `next_attempt_at` past the request timeout in one conditional UPDATE,
 * so two dispatchers never send the same attempt and a crash mid-request means a retry after that.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => outboxEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** Copied from the event so the per-entity order check is one index probe. */
    entityKey: text('entity_key').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    responseStatus: integer('response_status'),
    /** The first bytes of the response body (capped), or the network error. */
    responseBody: text('response_body'),
    error: text('error'),
    latencyMs: integer('latency_ms'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_pending_idx')
      .on(t.endpointId, t.entityKey, t.eventId)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_log_idx').on(t.createdAt),
    // The claim walks pending rows in event order and stops at its limit, instead of sorting the whole backlog.
    index('webhook_deliveries_due_idx').on(t.eventId).where(sql`${t.status} = 'pending'`),
    // Pruning: "does this event still have a delivery?" and the cascade when an event is deleted.
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

export type OutboxEvent = typeof outboxEvents.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
