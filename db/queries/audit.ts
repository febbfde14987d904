import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { auditLog, categories, products, suppliers, users } from '../schema';
import { diffRecords } from '../../lib/audit-diff';

/** Who did it: a signed-in staff member, or a script ('system'). */
export type Actor = { id: string | null; label: string };
export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

export type AuditEntry = {
  entityType: string;
  entityId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/**
 * Writes one audit row. Call it with the transaction that makes the change, so the trail and the change
 * commit or roll back together.
 */
export async function writeAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorLabel: actor.label,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    changes: diffRecords(entry.before, entry.after),
  });
}

const subjects = alias(users, 'subjects');

export type AuditFilter = { entityType?: string; entityId?: string; actorId?: string; before?: number; limit?: number };

/** Newest first, keyset-paged by id (`before`), so deep pages cost the same as the first. */
export async function listAudit(db: Db, filter: AuditFilter = {}) {
  const where: SQL[] = [];
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorId) where.push(eq(auditLog.actorId, filter.actorId));
  if (filter.before) where.push(lt(auditLog.id, filter.before));
  const limit = Math.min(filter.limit ?? 50, 200);
  return db
    .select({
      id: auditLog.id,
      actorLabel: auditLog.actorLabel,
      actorName: users.name,
      // The subject's current name: a staff account, or a catalog record.
      subjectName: sql<string | null>`coalesce(${subjects.name}, ${products.name}, ${categories.name}, ${suppliers.name})`,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      action: auditLog.action,
      changes: auditLog.changes,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    // Staff entries show the account's current name; the text comparison avoids casting other entities' ids.
    .leftJoin(subjects, and(eq(auditLog.entityType, 'user'), eq(sql`${subjects.id}::text`, auditLog.entityId)))
    // Catalog subjects by primary key; the CASE casts only ids of that entity type to uuid.
    .leftJoin(products, eq(products.id, sql`case when ${auditLog.entityType} = 'product' then ${auditLog.entityId}::uuid end`))
    .leftJoin(categories, eq(categories.id, sql`case when ${auditLog.entityType} = 'category' then ${auditLog.entityId}::uuid end`))
    .leftJoin(suppliers, eq(suppliers.id, sql`case when ${auditLog.entityType} = 'supplier' then ${auditLog.entityId}::uuid end`))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
