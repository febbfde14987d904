import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AuditChanges } from '../../lib/audit-diff';
import { users } from './auth';

/** Who changed what, when. Written in the same transaction as the change it describes. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** The actor's email at the time, kept when the account is later renamed; 'system' for scripts. */
    actorLabel: text('actor_label').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<AuditChanges>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // An entity's trail (product page, staff page).
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.createdAt.desc()),
    // "What did this person change".
    index('audit_log_actor_idx').on(t.actorId, t.createdAt.desc()),
    // The global feed, newest first.
    index('audit_log_created_idx').on(t.createdAt.desc()),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
