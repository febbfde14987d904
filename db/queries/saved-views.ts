import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { savedViewDefaults, savedViews, users } from '../schema';
import { Conflict, Forbidden, NotFound } from '../../lib/errors';
import { writeAudit, type Actor } from './audit';

export type ViewRow = {
  id: string;
  list: string;
  name: string;
  ownerId: string;
  ownerName: string;
  shared: boolean;
  query: string;
};

const columns = {
  id: savedViews.id,
  list: savedViews.list,
  name: savedViews.name,
  ownerId: savedViews.ownerId,
  ownerName: users.name,
  shared: savedViews.shared,
  query: savedViews.query,
};

/** The views a person may open on a list (their own and the team's shared ones) and their default. */
export async function listViews(db: Db, staffId: string, list: string) {
  const [views, defaults] = await Promise.all([
    db
      .select(columns)
      .from(savedViews)
      .innerJoin(users, eq(users.id, savedViews.ownerId))
      .where(and(eq(savedViews.list, list), or(eq(savedViews.ownerId, staffId), eq(savedViews.shared, true))))
      .orderBy(asc(sql`lower(${savedViews.name})`), asc(savedViews.id)),
    db
      .select({ viewId: savedViewDefaults.viewId })
      .from(savedViewDefaults)
      .where(and(eq(savedViewDefaults.staffId, staffId), eq(savedViewDefaults.list, list))),
  ]);
  const defaultId = defaults[0]?.viewId ?? null;
  // A default that stopped being visible (its owner unshared it) no longer applies.
  return { views: views as ViewRow[], defaultId: views.some((v) => v.id === defaultId) ? defaultId : null };
}

/** One view if this person may open it (theirs, or shared), else null. */
export async function getView(db: Db, staffId: string, id: string): Promise<ViewRow | null> {
  const [row] = await db
    .select(columns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(and(eq(savedViews.id, id), or(eq(savedViews.ownerId, staffId), eq(savedViews.shared, true))));
  return (row as ViewRow | undefined) ?? null;
}

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  ('code' in err ? err.code === '23505' : 'cause' in err && isUniqueViolation(err.cause));

const taken = (name: string) =>
  new Conflict(`You already have a view called "${name}" on this list. Choose another name.`, 'name');

export async function createView(
  db: Db,
  actor: Actor & { id: string },
  input: { list: string; name: string; shared: boolean; query: string; makeDefault?: boolean },
): Promise<ViewRow> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(savedViews)
        .values({ list: input.list, name: input.name, ownerId: actor.id, shared: input.shared, query: input.query })
        .returning();
      await writeAudit(tx, actor, {
        entityType: 'saved_view',
        entityId: row!.id,
        action: 'create',
        before: null,
        after: { list: input.list, name: input.name, shared: input.shared, query: input.query },
      });
      if (input.makeDefault) await setDefault(tx, actor.id, input.list, row!.id);
      return { ...row!, ownerName: actor.label } as ViewRow;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.name);
    throw err;
  }
}

async function ownView(tx: Db, actor: Actor & { id: string }, id: string) {
  const [row] = await tx.select().from(savedViews).where(eq(savedViews.id, id)).for('update');
  if (!row) throw new NotFound('That view');
  if (row.ownerId !== actor.id) throw new Forbidden('Only the person who saved this view can change or delete it.');
  return row;
}

/** Rename and/or share or unshare one's own view (audited). */
export async function updateView(
  db: Db,
  actor: Actor & { id: string },
  input: { id: string; name: string; shared: boolean },
) {
  try {
    return await db.transaction(async (tx) => {
      const before = await ownView(tx, actor, input.id);
      await tx
        .update(savedViews)
        .set({ name: input.name, shared: input.shared, updatedAt: new Date() })
        .where(eq(savedViews.id, input.id));
      await writeAudit(tx, actor, {
        entityType: 'saved_view',
        entityId: input.id,
        action: 'update',
        before: { name: before.name, shared: before.shared },
        after: { name: input.name, shared: input.shared },
      });
      return { id: input.id, name: input.name };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.name);
    throw err;
  }
}

/** Delete one's own view (audited); anyone's default pointing at it goes with it (FK cascade). */
export async function deleteView(db: Db, actor: Actor & { id: string }, id: string) {
  return db.transaction(async (tx) => {
    const before = await ownView(tx, actor, id);
    await tx.delete(savedViews).where(eq(savedViews.id, id));
    await writeAudit(tx, actor, {
      entityType: 'saved_view',
      entityId: id,
      action: 'delete',
      before: { list: before.list, name: before.name, shared: before.shared, query: before.query },
      after: null,
    });
    return { id, name: before.name };
  });
}

async function setDefault(tx: Db, staffId: string, list: string, viewId: string | null) {
  if (viewId === null) {
    await tx
      .delete(savedViewDefaults)
      .where(and(eq(savedViewDefaults.staffId, staffId), eq(savedViewDefaults.list, list)));
    return;
  }
  await tx
    .insert(savedViewDefaults)
    .values({ staffId, list, viewId })
    .onConflictDoUpdate({ target: [savedViewDefaults.staffId, savedViewDefaults.list], set: { viewId } });
}

/** Make a view (one's own or a shared one) one's default for its list, or clear the default (audited). */
export async function setDefaultView(
  db: Db,
  actor: Actor & { id: string },
  input: { list: string; viewId: string | null },
) {
  return db.transaction(async (tx) => {
    if (input.viewId !== null) {
      const view = await getView(tx, actor.id, input.viewId);
      if (!view || view.list !== input.list) throw new NotFound('That view');
    }
    await setDefault(tx, actor.id, input.list, input.viewId);
    await writeAudit(tx, actor, {
      entityType: 'saved_view',
      entityId: input.viewId ?? input.list,
      action: input.viewId ? 'set_default' : 'clear_default',
      before: null,
      after: { list: input.list },
    });
    return { list: input.list, viewId: input.viewId };
  });
}
