import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import {
  apiKeys,
  auditLog,
  categories,
  locations,
  products,
  purchaseOrders,
  stockLevels,
  suppliers,
  surveys,
  transfers,
  users,
  variants,
} from '../schema';
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
const levelLocations = alias(locations, 'level_locations');

export type AuditFilter = {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  until?: Date;
  /** Keyset cursor: entries past this id in the sort's direction (older when newest first). */
  before?: number;
  /** Newest first (the default) or oldest first; both follow the primary key. */
  dir?: 'asc' | 'desc';
  limit?: number;
};

/** Joins `table` on the trail's entity id only for rows of `type`; the CASE casts only those ids to uuid. */
const byUuid = (type: string, column: AnyPgColumn) =>
  eq(column, sql`case when ${auditLog.entityType} = ${type} then ${auditLog.entityId}::uuid end`);

/**
 * Newest first, keyset-paged by id (`before`), so deep pages cost the same as the first. Each row carries
 * its subject's current readable name (`subjectName`, null when the record is gone) and `subjectRef`, the second
 * key its page needs (a staff account's email, a stock level's variant).
 */
export async function listAudit(db: Db, filter: AuditFilter = {}) {
  const where: SQL[] = [];
  if (filter.entityType) where.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorId) where.push(eq(auditLog.actorId, filter.actorId));
  if (filter.from) where.push(gte(auditLog.createdAt, filter.from));
  if (filter.until) where.push(lt(auditLog.createdAt, filter.until));
  if (filter.before) where.push(filter.dir === 'asc' ? gt(auditLog.id, filter.before) : lt(auditLog.id, filter.before));
  const limit = Math.min(filter.limit ?? 50, 200);
  return (
    db
      .select({
        id: auditLog.id,
        actorId: auditLog.actorId,
        actorLabel: auditLog.actorLabel,
        actorName: users.name,
        subjectName: sql<string | null>`coalesce(
        ${subjects.name}, ${products.name}, ${categories.name}, ${suppliers.name},
        ${locations.name} || ' (' || ${locations.code} || ')',
        ${variants.sku} || ' at ' || ${levelLocations.code},
        'T-' || ${transfers.number}, 'PO-' || ${purchaseOrders.number},
        ${surveys.draft} ->> 'title', ${apiKeys.name},
        case when ${auditLog.entityType} = 'size_chart' then 'size chart: ' || ${auditLog.entityId} end
      )`,
        subjectRef: sql<string | null>`coalesce(${subjects.email}, ${variants.id}::text)`,
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
      .leftJoin(products, byUuid('product', products.id))
      .leftJoin(categories, byUuid('category', categories.id))
      .leftJoin(suppliers, byUuid('supplier', suppliers.id))
      .leftJoin(locations, byUuid('location', locations.id))
      .leftJoin(
        stockLevels,
        eq(stockLevels.id, sql`case when ${auditLog.entityType} = 'stock_level' then ${auditLog.entityId}::bigint end`),
      )
      .leftJoin(variants, eq(variants.id, stockLevels.variantId))
      .leftJoin(levelLocations, eq(levelLocations.id, stockLevels.locationId))
      .leftJoin(transfers, byUuid('transfer', transfers.id))
      .leftJoin(purchaseOrders, byUuid('purchase_order', purchaseOrders.id))
      .leftJoin(surveys, byUuid('survey', surveys.id))
      .leftJoin(apiKeys, byUuid('api_key', apiKeys.id))
      .where(where.length ? and(...where) : undefined)
      .orderBy(filter.dir === 'asc' ? asc(auditLog.id) : desc(auditLog.id))
      .limit(limit)
  );
}

/** The people the audit page filters by: every staff account, active or not, by name. */
export async function listAuditActors(db: Db): Promise<{ id: string; name: string; email: string }[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .orderBy(asc(users.name), asc(users.email));
}

/**
 * Who made the latest recorded change to an entity, for a stale-version message: their name, and `you` when it
 * was `actor` (the same person in another tab). Null when nothing is recorded or a script made it.
 */
export async function lastEditor(
  tx: Db,
  actor: Actor,
  entityType: string,
  entityId: string,
): Promise<{ name: string; you: boolean } | null> {
  const [row] = await tx
    .select({ actorId: auditLog.actorId, label: auditLog.actorLabel, name: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  // Nothing recorded, or a script (no account): "someone else".
  if (!row || row.actorId === null) return null;
  return { name: row.name ?? row.label, you: row.actorId === actor.id };
}
