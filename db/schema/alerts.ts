import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AlertChannelKind, AlertMetric, AlertState } from '../../lib/alerts/rules';
import { users } from './auth';

/**
 * Alert rules as data (issue #16), in the main database (admin data, audited; the job reads the rollups from the
 * log database). The rule row also holds its current state, so one evaluation is one read and one update.
 */
export const alertRules = pgTable('alert_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  metric: text('metric').$type<AlertMetric>().notNull(),
  /** error_type_failures only. */
  errorType: text('error_type'),
  operationType: text('operation_type'),
  proxy: text('proxy'),
  authType: text('auth_type'),
  windowMinutes: integer('window_minutes').notNull(),
  threshold: doublePrecision('threshold').notNull(),
  recoveryThreshold: doublePrecision('recovery_threshold'),
  forSeconds: integer('for_seconds').notNull().default(0),
  minVolume: integer('min_volume').notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  state: text('state').$type<AlertState>().notNull().default('ok'),
  stateSince: timestamp('state_since', { withTimezone: true }).notNull().defaultNow(),
  lastValue: doublePrecision('last_value'),
  lastVolume: doublePrecision('last_volume'),
  lastEvaluatedAt: timestamp('last_evaluated_at', { withTimezone: true }),
  /** Acknowledgement of the current incident; cleared when it resolves. */
  ackedAt: timestamp('acked_at', { withTimezone: true }),
  ackedBy: uuid('acked_by').references(() => users.id, { onDelete: 'set null' }),
  ackNote: text('ack_note'),
  /** No notifications until then (the rule is still evaluated and its history kept). */
  silencedUntil: timestamp('silenced_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Where notifications go. `secret` signs webhook bodies (lib/webhooks/signature.ts). */
export const alertChannels = pgTable('alert_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').$type<AlertChannelKind>().notNull(),
  /** webhook and slack. */
  url: text('url'),
  secret: text('secret'),
  /** email: comma-separated addresses. */
  emailTo: text('email_to'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Which channels a rule notifies. */
export const alertRuleChannels = pgTable(
  'alert_rule_channels',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => alertChannels.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'alert_rule_channels_pkey', columns: [t.ruleId, t.channelId] }),
    index('alert_rule_channels_channel_idx').on(t.channelId),
  ],
);

/**
 * A rule's history: every state transition (kind 'transition'), acknowledgement ('ack') and silence ('silence').
 * `notified` records what each channel answered for a firing/resolved transition.
 */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'transition' | 'ack' | 'silence'>().notNull(),
    fromState: text('from_state').$type<AlertState>(),
    toState: text('to_state').$type<AlertState>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    value: doublePrecision('value'),
    note: text('note'),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    notified: jsonb('notified').$type<{ channel: string; ok: boolean; detail: string }[]>(),
  },
  (t) => [
    index('alert_events_rule_at_idx').on(t.ruleId, t.at.desc()),
    index('alert_events_firing_at_idx').on(t.at).where(sql`to_state in ('firing', 'resolved')`),
  ],
);

/** Manual notes drawn on the dashboards' time-series charts ("deployed 2.3"); `endAt` makes it a period. */
export const chartAnnotations = pgTable(
  'chart_annotations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }),
    text: text('text').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('chart_annotations_at_idx').on(t.at)],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type AlertChannel = typeof alertChannels.$inferSelect;
