import { and, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { staffSessions, users } from '../schema';
import { NotFound } from '../../lib/errors';
import { writeAudit, type Actor } from './audit';

/** A session unused this long is over (matches next-auth's cookie maxAge, which slides the same way). */
export const SESSION_IDLE_HOURS = 12;
/** last_seen_at is written at most this often per session, not on every request. */
const TOUCH_EVERY_MINUTES = 5;

const idle = sql.raw(`interval '${SESSION_IDLE_HOURS} hours'`);

/**
 * Starts a session for a user whose password was just checked against `passwordHash`. The account row is
 * re-read under a share lock: a password reset, deactivation or role change holds it FOR UPDATE and ends all
 * sessions, so either it commits first (the hash or status no longer match: no session) or it waits for this
 * one and ends it too. There is no window in which a sign-in racing a reset survives it.
 */
export async function startSession(db: Db, userId: string, passwordHash: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.passwordHash, passwordHash), eq(users.active, true)))
      .for('share');
    if (!user) return null;
    // Housekeeping: this user's idle sessions can go now.
    await tx
      .delete(staffSessions)
      .where(and(eq(staffSessions.userId, userId), lt(staffSessions.lastSeenAt, sql`now() - ${idle}`)));
    const [row] = await tx.insert(staffSessions).values({ userId }).returning({ id: staffSessions.id });
    return row!.id;
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The active account behind a live session, or null (ended, idle too long, or the account is deactivated). */
export async function findSessionUser(db: Db, sessionId: string) {
  if (!UUID.test(sessionId)) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      stale: sql<boolean>`${staffSessions.lastSeenAt} < now() - ${sql.raw(`interval '${TOUCH_EVERY_MINUTES} minutes'`)}`,
    })
    .from(staffSessions)
    .innerJoin(users, eq(users.id, staffSessions.userId))
    .where(
      and(eq(staffSessions.id, sessionId), gt(staffSessions.lastSeenAt, sql`now() - ${idle}`), eq(users.active, true)),
    );
  if (!row) return null;
  if (row.stale) await db.update(staffSessions).set({ lastSeenAt: sql`now()` }).where(eq(staffSessions.id, sessionId));
  const { stale: _stale, ...user } = row;
  return user;
}

/** Sign-out: ends this one session, for every copy of its cookie. */
export async function endSession(db: Db, sessionId: string): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await db.delete(staffSessions).where(eq(staffSessions.id, sessionId));
}

/** Ends every session of a user; call it inside the transaction that changes the account. Returns how many. */
export async function endUserSessions(tx: Db, userId: string): Promise<number> {
  const ended = await tx
    .delete(staffSessions)
    .where(eq(staffSessions.userId, userId))
    .returning({ id: staffSessions.id });
  return ended.length;
}

/** Live sessions per user, for the staff list. */
export async function countLiveSessions(db: Db, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: staffSessions.userId, n: count() })
    .from(staffSessions)
    .where(and(inArray(staffSessions.userId, userIds), gt(staffSessions.lastSeenAt, sql`now() - ${idle}`)))
    .groupBy(staffSessions.userId);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

/** An admin ends all of a user's sessions from the staff page (audited, with how many were live). */
export async function endStaffSessions(
  db: Db,
  actor: Actor,
  input: { id: string },
): Promise<{ name: string; ended: number }> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.id, input.id))
      .for('update');
    if (!user) throw new NotFound('That staff account');
    const ended = await endUserSessions(tx, user.id);
    await writeAudit(tx, actor, {
      entityType: 'user',
      entityId: user.id,
      action: 'end_sessions',
      before: { sessions: ended },
      after: { sessions: 0 },
    });
    return { name: user.name, ended };
  });
}
